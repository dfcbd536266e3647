"""``chiso import-plan FILE [--dry-run] [--json] [--unit CODE]``: read a plan document, print what was understood.

Without ``--dry-run`` (and with ``--unit``) the plan is saved as a draft of that unit, like the web flow's
"Confirm", with every agency name that matches; names that do not match are listed and the plan is not saved.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chiso.accounts.models import User
from chiso.imports import ocr, recognition, services
from chiso.imports.reader import read_document, read_plan_lines
from chiso.imports.sources import ImportRefused, NeedsOcr
from chiso.units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Read a plan (.docx, .pdf or a scan, .txt, .xlsx) and print what was understood; save it as a draft plan."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Read only; save nothing.")
        parser.add_argument("--json", action="store_true", help="Print the JSON of plan-import.schema.json.")
        parser.add_argument("--unit", help="Code of the administrative unit the plan belongs to (to save it).")
        parser.add_argument("--user", help="Username recorded as the importer (default: the first administrator).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            try:
                result = read_document(data, path.name)
            except NeedsOcr:
                if ocr.unavailable():
                    raise
                # A scan: its text recognised here, page by page (the web upload does it as a background job).
                lines = recognition.ocr_lines(
                    data, on_page=lambda done, total: self.stderr.write(f"OCR: {done}/{total} pages")
                )
                result = read_plan_lines(lines, [recognition.recognised_warning()])
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            plan = result["plan"]
            self.stdout.write(
                f"{plan['title']}\n{plan['code'] or '—'} · {plan['issuer'] or '—'} · {plan['issued_on'] or '—'}"
            )
            self.stdout.write(
                f"{len(result['sections'])} sections, {len(result['tasks'])} tasks, "
                f"{len(result['responsibilities'])} agencies with duties, {len(result['reporting'])} reporting duties, "
                f"{len(result['deadlines'])} deadlines"
            )
            for warning in result["warnings"]:
                self.stdout.write(f"! {warning}")
        if options["dry_run"] or not options["unit"]:
            return

        unit = AdministrativeUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No administrative unit with code {options['unit']}.")
        users = (
            User.objects.filter(username=options["user"]) if options["user"] else User.objects.filter(is_superuser=True)
        )
        actor = users.order_by("pk").first()
        if actor is None:
            raise CommandError("No user to record the import under: pass --user.")
        record = services.start_import(unit=unit, actor=actor, name=path.name, data=data)
        unmatched = services.unmatched_names(record)
        if unmatched:
            raise CommandError("Agencies not matched (map them in the web preview): " + "; ".join(unmatched))
        plan = services.confirm_import(record, actor=actor, choices={}, loaded_version=record.version)
        self.stdout.write(f"Saved draft plan #{plan.pk} with {plan.tasks.count()} tasks.")
