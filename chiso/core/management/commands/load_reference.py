"""``chiso load-reference``: the PAPI framework, the published results and the administrative units.

Idempotent (a second run changes nothing) and all-or-nothing (one transaction: a failure leaves the
database as it was). Data come from the project's own copies and from maintained packages, never typed.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load reference data: administrative units, the PAPI framework and published scores."

    def handle(self, *args, **options):
        from chiso.indices.loaders import LoadError as IndicesLoadError
        from chiso.indices.loaders import load_framework, load_scores
        from chiso.units.loaders import LoadError as UnitsLoadError
        from chiso.units.loaders import load_units

        started = time.monotonic()
        steps = [
            ("Đơn vị hành chính / administrative units", load_units),
            ("Khung chỉ số PAPI / PAPI framework", load_framework),
            ("Điểm PAPI đã công bố / published PAPI scores", load_scores),
        ]
        try:
            with transaction.atomic():
                for label, loader in steps:
                    step_started = time.monotonic()
                    counts = loader()
                    summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
                    self.stdout.write(f"{label}: {summary} ({time.monotonic() - step_started:.1f} s)")
        except (UnitsLoadError, IndicesLoadError) as exc:
            raise CommandError(f"{exc}\nKhông có dữ liệu nào được ghi. / Nothing was written.") from exc
        self.stdout.write(self.style.SUCCESS(f"Xong / done in {time.monotonic() - started:.1f} s"))
