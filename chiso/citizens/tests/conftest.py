import pytest

# Smallest valid files of each kind the portal accepts, and one it refuses.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def photo(size):
    """A real PNG photo of about ``size`` bytes: random pixels stored uncompressed, so any viewer opens it."""
    import os
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    width = 1000
    height = max(1, (size - 200) // (3 * width + 1))
    rows = b"".join(b"\x00" + os.urandom(3 * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG[:8] + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 0)) + chunk(b"IEND", b"")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _staffed_world(request):
    """Every item needs someone answerable (``services.ownership``): in a test that uses the world, the ward
    committee of Bạch Sam, the office of Phùng Chí Kiên and the town's Phòng Nội vụ each have an active officer,
    as in a set-up portal. Tests of an empty inbox take its members away themselves."""
    if "world" not in request.fixturenames:
        return
    from chiso.accounts.models import Membership
    from chiso.accounts.tests.factories import MembershipFactory, UserFactory

    world = request.getfixturevalue("world")
    for username, agency in (
        ("can_bo_bach_sam", world.ubnd_bach_sam),
        ("can_bo_pck", world.vp_pck),
        ("can_bo_noi_vu", world.phong_noi_vu),
    ):
        user = UserFactory(username=username, full_name=username.replace("_", " ").title())
        MembershipFactory(user=user, agency=agency, role=Membership.Role.OFFICER)
