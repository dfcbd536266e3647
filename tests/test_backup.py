"""``chiso backup`` / ``chiso restore``: a round trip on the test database (SQLite, or PostgreSQL when
DATABASE_URL is set), and the refusals: a damaged archive, a tampered file, no confirmation."""

import gzip
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation

from chiso.units.models import AdministrativeUnit, Agency
from chiso.units.tests.factories import AgencyFactory, UnitFactory

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def archive(transactional_db, media, tmp_path):
    """Some data and an uploaded file, backed up; returns the archive's path."""
    unit = UnitFactory(code="BK-1", name="Phường Sao Lưu")
    AgencyFactory(unit=unit, name="UBND phường Sao Lưu")
    default_storage.save("feedback/2026/anh.png", ContentFile(PHOTO))
    path = tmp_path / "backups" / "chiso.tar.gz"
    path.parent.mkdir()
    out = io.StringIO()
    call_command("backup", output=str(path), stdout=out)
    assert path.exists()
    assert path.stat().st_mode & 0o077 == 0, "the archive holds personal data: owner-only"
    return path


def test_round_trip(archive, media):
    before = counts()
    # Wipe: the unit and the file go, and something new arrives that the restore must take away.
    Agency.objects.filter(unit__code="BK-1").delete()
    AdministrativeUnit.objects.filter(code="BK-1").delete()
    (media / "feedback/2026/anh.png").unlink()
    UnitFactory(code="BK-2", name="Phường Sau Sao Lưu")
    default_storage.save("late.txt", ContentFile(b"after the backup"))

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)

    assert counts() == before
    unit = AdministrativeUnit.objects.get(code="BK-1")
    assert Agency.objects.filter(unit=unit, name="UBND phường Sao Lưu").exists()
    assert not AdministrativeUnit.objects.filter(code="BK-2").exists()
    assert (media / "feedback/2026/anh.png").read_bytes() == PHOTO
    assert not (media / "late.txt").exists()
    # The database still takes writes after the restore (sequences restored with the rows).
    UnitFactory(code="BK-3")
    leftovers = [p.name for p in media.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == [], "staging folders are removed"


def test_manifest_lists_every_file_with_its_checksum(archive):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == "chiso-backup"
    assert {f["path"] for f in manifest["files"]} == set(names) - {"manifest.json"}
    assert "media/feedback/2026/anh.png" in names
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])
    assert manifest["migrations"], "the applied migrations are recorded"


def test_a_damaged_archive_is_refused_and_nothing_changes(archive, english):
    data = bytearray(archive.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    archive.write_bytes(bytes(data))
    UnitFactory(code="BK-2")
    with pytest.raises(CommandError, match="damaged or is not a Chỉ Số backup"):
        call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert AdministrativeUnit.objects.filter(code="BK-2").exists()


def test_a_tampered_file_fails_its_checksum(archive, tmp_path, english):
    """Same manifest, one uploaded file changed: the archive is still valid gzip and tar, only the checksum tells."""
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "media/feedback/2026/anh.png":
                content = content[:-1] + b"!"
            target.addfile(member, io.BytesIO(content))
    UnitFactory(code="BK-2")
    with pytest.raises(CommandError, match="SHA-256 checksum of media/feedback/2026/anh.png does not match"):
        call_command("restore", str(tampered), yes=True, stdout=io.StringIO())
    assert AdministrativeUnit.objects.filter(code="BK-2").exists()


def test_not_a_backup_at_all(transactional_db, media, tmp_path, english):
    junk = tmp_path / "notes.tar.gz"
    junk.write_bytes(gzip.compress(b"just some text"))
    with pytest.raises(CommandError, match="not a Chỉ Số backup"):
        call_command("restore", str(junk), yes=True, stdout=io.StringIO())


def test_without_yes_and_without_a_terminal_nothing_is_replaced(archive, english):
    UnitFactory(code="BK-2")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(archive), stdout=io.StringIO())  # pytest's stdin is not a terminal
    assert AdministrativeUnit.objects.filter(code="BK-2").exists()


def test_check_only_verifies(archive, english):
    UnitFactory(code="BK-2")
    out = io.StringIO()
    call_command("restore", str(archive), check=True, stdout=out)
    assert "checksums match" in out.getvalue()
    assert AdministrativeUnit.objects.filter(code="BK-2").exists()
