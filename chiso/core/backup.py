"""``chiso backup`` / ``chiso restore``: the database and the uploaded files in one checksummed archive.

The archive is a ``.tar.gz`` holding

* ``database/chiso.pgdump`` (PostgreSQL: ``pg_dump --format=custom``, one consistent snapshot) or
  ``database/chiso.sqlite3`` (SQLite: the sqlite3 online-backup API, consistent while the server writes);
* ``media/…``: every regular file under MEDIA_ROOT (symbolic links are not followed);
* ``manifest.json`` (last): format version, when, which database, the migrations applied, and the size and
  SHA-256 of every other member.

A restore reads the whole archive into a staging directory and checks every checksum *before* it touches
anything; then it replaces the database in one transaction (PostgreSQL: the dump's SQL through ``psql
--single-transaction``; SQLite: the backup API into the live file) and swaps MEDIA_ROOT. An archive from the
other kind of database is refused: move between SQLite and PostgreSQL with ``dumpdata``/``loaddata``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "chiso-backup"
VERSION = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database/chiso.pgdump", "sqlite": "database/chiso.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person at the console."""


# --- helpers ---------------------------------------------------------------------------------------------
class _Hashing:
    """A file reader that hashes what tarfile reads from it."""

    def __init__(self, f):
        self.f = f
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.f.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        message = _("Backups support PostgreSQL and SQLite only, not %(vendor)s.")
        raise BackupError(message % {"vendor": connection.vendor})
    return connection.vendor


def _pg_env() -> dict:
    """libpq's environment for the configured database: no password on a command line."""
    db = connection.settings_dict
    env = {**os.environ}
    for key, var in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    options = db.get("OPTIONS") or {}
    for key, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT")):
        if options.get(key):
            env[var] = str(options[key])
    return env


def _run(command: list[str], **kwargs):
    try:
        done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(tool)s was not found: install the PostgreSQL client tools (package postgresql-client).")
            % {"tool": command[0]}
        ) from exc
    if done.returncode != 0:
        raise BackupError(_("%(tool)s failed: %(error)s") % {"tool": command[0], "error": done.stderr.strip()[-2000:]})
    return done


def _applied_migrations() -> list[str]:

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _media_files(root: Path):
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):  # os.walk does not follow symbolic links
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


# --- backup ----------------------------------------------------------------------------------------------
def default_name(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return f"chiso-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            env=_pg_env(),
        )
        return
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # the online-backup API: a consistent copy while others write
    finally:
        destination.close()


def create_backup(output: Path) -> dict:
    """Write the archive to ``output`` (a file path; the directory must exist). Return its manifest."""
    output = Path(output)
    if not output.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    work = Path(tempfile.mkdtemp(prefix=".chiso-backup-", dir=output.parent))
    partial = work / "archive.tar.gz"
    try:
        dump = work / "dump"
        _dump_database(vendor, dump)
        files = []
        # Owner-only from the first byte: the archive holds citizens' contact details and password hashes.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:

            def add(path: Path, arcname: str):
                info = tar.gettarinfo(str(path), arcname=arcname)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o600
                with open(path, "rb") as f:
                    reader = _Hashing(f)
                    tar.addfile(info, reader)
                files.append({"path": arcname, "size": info.size, "sha256": reader.digest.hexdigest()})

            add(dump, DUMP_NAMES[vendor])
            for path in _media_files(media_root):
                add(path, "media/" + path.relative_to(media_root).as_posix())
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"vendor": vendor, "file": DUMP_NAMES[vendor]},
                "migrations": _applied_migrations(),
                "media_files": len(files) - 1,
                "files": files,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(body), 0o600, int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(body))
        os.replace(partial, output)  # never a half-written archive under the final name
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- verify ----------------------------------------------------------------------------------------------
@dataclass
class Verified:
    manifest: dict
    staging: Path  # the archive's members, checked, under their archive names

    @property
    def dump(self) -> Path:
        return self.staging / self.manifest["database"]["file"]

    @property
    def media(self) -> Path:
        return self.staging / "media"


def _corrupt(detail: str) -> BackupError:
    message = _("The backup file is damaged or is not a Chỉ Số backup (%(detail)s). Nothing was changed.")
    return BackupError(message % {"detail": detail})


def _member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise _corrupt(_("unsafe path %(name)s") % {"name": name})
    if name != MANIFEST and path.parts[0] not in {"database", "media"}:
        raise _corrupt(_("unexpected member %(name)s") % {"name": name})
    return path


def verify_archive(archive: Path, staging_parent: Path) -> Verified:
    """Unpack ``archive`` into a new directory under ``staging_parent`` and check it against its manifest.

    Raises :class:`BackupError` (and leaves nothing behind) on any damage: unreadable gzip or tar, a member
    outside the expected folders, a missing or extra member, a size or SHA-256 that differs from the manifest.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("The file %(path)s does not exist.") % {"path": archive})
    staging = Path(tempfile.mkdtemp(prefix=".chiso-restore-", dir=staging_parent))
    try:
        found = {}
        try:
            with tarfile.open(archive, mode="r:gz") as tar:
                for member in tar:
                    if member.isdir():
                        continue
                    if not member.isfile():
                        raise _corrupt(_("%(name)s is not a regular file") % {"name": member.name})
                    path = _member_path(member.name)
                    if member.name in found:
                        raise _corrupt(_("%(name)s appears twice") % {"name": member.name})
                    target = staging.joinpath(*path.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    source = _Hashing(tar.extractfile(member))
                    with open(target, "wb") as out:
                        shutil.copyfileobj(source, out, CHUNK)
                    found[member.name] = (source.size, source.digest.hexdigest())
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            # (Any other OSError — disk full, permission — is a real I/O problem and says so itself.)
            raise _corrupt(str(exc) or type(exc).__name__) from exc
        if MANIFEST not in found:
            raise _corrupt(_("no manifest"))
        try:
            manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
            expected = {f["path"]: (int(f["size"]), str(f["sha256"])) for f in manifest["files"]}
            vendor = manifest["database"]["vendor"]
            dump_name = manifest["database"]["file"]
        except (ValueError, KeyError, TypeError) as exc:
            raise _corrupt(_("unreadable manifest")) from exc
        if manifest.get("format") != FORMAT:
            raise _corrupt(_("unknown format"))
        if manifest.get("version") != VERSION:
            raise BackupError(
                _("This backup has format version %(found)s; this version of Chỉ Số reads version %(known)s.")
                % {"found": manifest.get("version"), "known": VERSION}
            )
        del found[MANIFEST]
        for name in sorted(set(expected) | set(found)):
            if name not in found:
                raise _corrupt(_("%(name)s is missing") % {"name": name})
            if name not in expected:
                raise _corrupt(_("%(name)s is not in the manifest") % {"name": name})
            if found[name] != expected[name]:
                raise _corrupt(_("the SHA-256 checksum of %(name)s does not match") % {"name": name})
        if DUMP_NAMES.get(vendor) != dump_name or dump_name not in found:
            raise _corrupt(_("no database dump"))
        return Verified(manifest=manifest, staging=staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --- restore ---------------------------------------------------------------------------------------------
def _restore_postgresql(verified: Verified) -> None:
    sql = verified.staging / "restore.sql"
    _run(["pg_restore", "--no-owner", "--no-privileges", f"--file={sql}", str(verified.dump)], env=_pg_env())
    preamble = verified.staging / "preamble.sql"
    # Waiting for a busy server's locks is fine; waiting forever is not.
    preamble.write_text("SET lock_timeout = '60s';\nDROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
    connection.close()
    # One transaction: if any statement fails, the database stays as it was.
    _run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(preamble), "-f", str(sql)],
        env=_pg_env(),
    )


def _restore_sqlite(verified: Verified) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(verified.dump)
    try:
        # Page by page into the live database, under its write lock: other connections see the old or the new.
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _swap_media(verified: Verified) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    new = verified.media
    new.mkdir(exist_ok=True)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    old = media_root.parent / f".{media_root.name}.before-restore-{os.getpid()}"
    try:
        if media_root.exists():
            os.rename(media_root, old)
        os.rename(new, media_root)
    except OSError:
        # MEDIA_ROOT is a mount point, or the staging folder is on another disk: replace its contents instead.
        if old.exists() and not media_root.exists():
            os.rename(old, media_root)
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in new.iterdir():
            shutil.move(str(child), media_root / child.name)
    shutil.rmtree(old, ignore_errors=True)


def restore_backup(verified: Verified) -> None:
    """Replace the database and MEDIA_ROOT with a verified archive's (the caller has asked for confirmation)."""
    vendor = _vendor()
    if verified.manifest["database"]["vendor"] != vendor:
        raise BackupError(
            _(
                "This backup is of a %(theirs)s database and this installation uses %(ours)s. "
                "Restore it on the same kind of database."
            )
            % {"theirs": verified.manifest["database"]["vendor"], "ours": vendor}
        )
    if vendor == "postgresql":
        _restore_postgresql(verified)
    else:
        _restore_sqlite(verified)
    _swap_media(verified)


def migration_notes(manifest: dict) -> tuple[list[str], list[str]]:
    """(migrations the archive has and this code does not know, migrations this code has that the archive lacks)."""

    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    applied = set(manifest.get("migrations", []))
    return sorted(applied - known), sorted(known - applied)
