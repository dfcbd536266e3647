"""``chiso restore ARCHIVE [--yes] [--check]``: replace the database and the uploaded files with a backup's."""

import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.core.backup import BackupError, migration_notes, restore_backup, verify_archive


class Command(BaseCommand):
    help = (
        "Restore a backup made by `chiso backup`: every checksum is verified first; then the database and "
        "MEDIA_ROOT are replaced. Asks for confirmation (or --yes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="replace the data without asking")
        parser.add_argument("--check", action="store_true", help="only verify the archive; change nothing")

    def confirm(self, manifest) -> bool:
        if not sys.stdin.isatty():
            return False
        self.stdout.write(
            _(
                "This replaces ALL data of this installation (database %(db)s and the files in %(media)s) with "
                "the backup of %(created)s. Type yes to go on: "
            )
            % {"db": manifest["database"]["vendor"], "media": settings.MEDIA_ROOT, "created": manifest["created"]},
            ending="",
        )
        self.stdout.flush()
        return sys.stdin.readline().strip().lower() in {"yes", "có", "co"}

    def handle(self, *args, **options):
        media_root = Path(settings.MEDIA_ROOT)
        archive = Path(options["archive"])
        # Unpacked next to MEDIA_ROOT, so that the new files replace the old ones by a rename on the same disk;
        # a check only unpacks next to the archive (the backup job may write nowhere else).
        on_media_disk = not options["check"] and media_root.parent.is_dir()
        staging_parent = media_root.parent if on_media_disk else archive.resolve().parent
        try:
            verified = verify_archive(archive, staging_parent)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            manifest = verified.manifest
            self.stdout.write(
                _("Archive verified: %(files)s files, all SHA-256 checksums match (backup of %(created)s).")
                % {"files": len(manifest["files"]), "created": manifest["created"]}
            )
            newer, pending = migration_notes(manifest)
            if newer:
                self.stderr.write(
                    _(
                        "Warning: the backup comes from a newer version of Chỉ Số (%(count)s migrations this version "
                        "does not have, e.g. %(example)s). Upgrade Chỉ Số before restoring it."
                    )
                    % {"count": len(newer), "example": newer[0]}
                )
            if options["check"]:
                return
            if not options["yes"] and not self.confirm(manifest):
                raise CommandError(
                    _("Nothing was changed: confirm by typing yes, or run again with --yes to replace the data.")
                )
            try:
                restore_backup(verified)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            done = _("Restored: the database and %(files)s uploaded files.")
            self.stdout.write(done % {"files": manifest["media_files"]})
            if pending:
                advice = _("Run `chiso migrate` now: the backup predates %(count)s migrations.")
                self.stdout.write(advice % {"count": len(pending)})
        finally:
            shutil.rmtree(verified.staging, ignore_errors=True)
