"""``chiso backup [-o FILE|FOLDER]``: the database and the uploaded files in one checksummed archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.core.backup import BackupError, create_backup, default_name


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) into one .tar.gz with a manifest and SHA-256 "
        "checksums. Safe while the server runs. The archive holds personal data: it is written owner-only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            default=".",
            help="the archive to write, or a folder to write chiso-backup-YYYYmmdd-HHMMSS.tar.gz into (default: .)",
        )

    def handle(self, *args, **options):
        output = Path(options["output"])
        if output.is_dir():
            output = output / default_name()
        if output.exists():
            raise CommandError(_("%(path)s already exists; choose another name.") % {"path": output})
        try:
            manifest = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = output.stat().st_size
        self.stdout.write(
            _("Backup written: %(path)s (%(size)s bytes; database %(vendor)s, %(files)s uploaded files).")
            % {"path": output, "size": size, "vendor": manifest["database"]["vendor"], "files": manifest["media_files"]}
        )
