"""Root fixtures: a small world of units and agencies, and one persona per role.

The world mirrors the seeds (Hưng Yên → thị xã Mỹ Hào → phường Bạch Sam / Phùng Chí Kiên; Sóc Trăng for
"another province") with made-up codes, so tests run without the national reference load.
"""

import os

import pytest

# pytest-playwright keeps an asyncio loop in the main thread; browser tests also use the ORM (STACK.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.units.models import AdministrativeUnit, Agency
from chiso.units.tests.factories import AgencyFactory, UnitFactory

PASSWORD = "matkhau-thu-nghiem"
L = AdministrativeUnit.Level


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, not Playwright's download (which fails on these machines; STACK.md).
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached pages and per-person entries are keyed by row ids, which a
    rolled-back test database gives out again."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def world(db):
    """Units and agencies of the personas. Returns a namespace of them."""

    class W:
        pass

    w = W()
    w.hung_yen = UnitFactory(code="33", name="Tỉnh Hưng Yên", short_name="Hưng Yên", kind="Tỉnh", level=L.PROVINCE)
    w.my_hao = UnitFactory(code="328", name="Thị xã Mỹ Hào", kind="Thị xã", level=L.DISTRICT, parent=w.hung_yen)
    w.bach_sam = UnitFactory(code="12100", name="Phường Bạch Sam", kind="Phường", level=L.COMMUNE, parent=w.my_hao)
    w.phung_chi_kien = UnitFactory(
        code="12103", name="Phường Phùng Chí Kiên", kind="Phường", level=L.COMMUNE, parent=w.my_hao
    )
    w.soc_trang = UnitFactory(code="94", name="Tỉnh Sóc Trăng", kind="Tỉnh", level=L.PROVINCE)
    w.vinh_chau = UnitFactory(code="950", name="Thị xã Vĩnh Châu", kind="Thị xã", level=L.DISTRICT, parent=w.soc_trang)

    w.so_noi_vu = AgencyFactory(name="Sở Nội vụ", unit=w.hung_yen, kind=Agency.Kind.OFFICE)
    w.ubnd_tinh = AgencyFactory(name="UBND tỉnh Hưng Yên", unit=w.hung_yen, kind=Agency.Kind.COMMITTEE)
    w.phong_noi_vu = AgencyFactory(name="Phòng Nội vụ", unit=w.my_hao, kind=Agency.Kind.OFFICE)
    w.ubnd_bach_sam = AgencyFactory(name="UBND phường Bạch Sam", unit=w.bach_sam, kind=Agency.Kind.COMMITTEE)
    w.vp_bach_sam = AgencyFactory(name="Văn phòng - Thống kê", unit=w.bach_sam, kind=Agency.Kind.POST)
    w.vp_pck = AgencyFactory(name="Văn phòng - Thống kê", unit=w.phung_chi_kien, kind=Agency.Kind.POST)
    w.thanh_tra = AgencyFactory(name="Thanh tra thị xã", unit=w.my_hao, kind=Agency.Kind.OFFICE)
    w.mttq = AgencyFactory(name="Ủy ban MTTQ Việt Nam thị xã", unit=w.my_hao, kind=Agency.Kind.FRONT)
    w.noi_vu_vinh_chau = AgencyFactory(name="Phòng Nội vụ", unit=w.vinh_chau, kind=Agency.Kind.OFFICE)
    return w


# One persona per role, each a fixture of that name: (the agency of ``world`` it sits in, its role, what it sees).
R = Membership.Role
SEATS = {
    "province_coordinator": ("so_noi_vu", R.COORDINATOR, "Sở Nội vụ Hưng Yên: sees and coordinates the whole "
                             "province; nothing of Sóc Trăng."),
    "district_coordinator": ("phong_noi_vu", R.COORDINATOR, "Phòng Nội vụ Mỹ Hào: the town and its wards; not the "
                             "province level, not other districts."),
    "district_officer": ("thanh_tra", R.OFFICER, "Thanh tra thị xã Mỹ Hào, an officer: reads the town's subtree, "
                         "edits no reference data."),
    "commune_officer": ("vp_bach_sam", R.OFFICER, "Văn phòng - Thống kê of Bạch Sam: sees Bạch Sam only; not Phùng "
                        "Chí Kiên, not the town."),
    "leader": ("ubnd_bach_sam", R.LEADER, "Chair of UBND phường Bạch Sam: approves; sees Bạch Sam."),
    "inspector": ("thanh_tra", R.INSPECTOR, "Inspection team of the town: reads the town's subtree."),
    "supervisor": ("mttq", R.SUPERVISOR, "Fatherland Front of the town: read-only within the town."),
    "other_province_officer": ("noi_vu_vinh_chau", R.COORDINATOR, "Phòng Nội vụ Vĩnh Châu (Sóc Trăng): sees nothing "
                               "of Hưng Yên beyond public reference data."),
}  # fmt: skip


def _persona(username, agency, role):
    user = UserFactory(username=username, full_name=username.replace("_", " ").title())
    MembershipFactory(user=user, agency=agency, role=role)
    return user


def _seat_fixture(name, agency, role, doc):
    @pytest.fixture(name=name)
    def persona(world):
        return _persona(name, getattr(world, agency), role)

    persona.__doc__ = doc
    return persona


for _name, _seat in SEATS.items():
    globals()[_name] = _seat_fixture(_name, *_seat)


@pytest.fixture
def admin_user(db):
    """The system administrator: everything."""
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


PERSONAS = ["anonymous", *SEATS, "admin_user"]


@pytest.fixture
def persona_client(client, request):
    """``persona_client("commune_officer")`` → a test client logged in as that persona."""

    def make(name):
        from django.test import Client

        c = Client()
        if name != "anonymous":
            user = request.getfixturevalue(name)
            c.force_login(user)
        return c

    return make
