"""``chiso import-indicators FILE.xlsx --year 2024 [--dry-run]``: a year's PAPI indicator list (code, Vietnamese
name, English name, sub-dimension) from the report's table, all or nothing, with a row-by-row report — the same
service as the page (``chiso.indices.services.import_indicators``), as the administrator."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from chiso.accounts.models import User
from chiso.indices.services import import_indicators


class Command(BaseCommand):
    help = "Load a year's PAPI indicator list from an .xlsx (all rows or none), reporting every row's errors."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file (the template: chiso/indices/… 'Download the template')")
        parser.add_argument("--year", type=int, required=True, help="the year of the PAPI report")
        parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
        parser.add_argument("--user", default="", help="record the change as this user (default: first superuser)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp / file not found: {path}")
        actor = (
            User.objects.filter(username=options["user"]).first()
            if options["user"]
            else User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("Không có người dùng quản trị / no administrator to record the change as.")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        result = import_indicators(upload, actor=actor, year=options["year"], dry_run=options["dry_run"])
        for error in result.errors:
            self.stderr.write(str(error))
        for row in result.rows:
            for error in row.errors:
                self.stderr.write(f"Dòng / row {row.line}: {error}")
        if not result.ok:
            raise CommandError("Không lưu gì / nothing saved: sửa các dòng trên rồi chạy lại / fix the rows above.")
        if options["dry_run"]:
            self.stdout.write(f"Kiểm tra xong / checked: {len(result.rows)} dòng / rows đều đúng / all right.")
        else:
            self.stdout.write(f"Đã nạp / loaded: {result.created} mới / new, {result.updated} cập nhật / updated.")
