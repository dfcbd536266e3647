"""``chiso load-reference``: the reference data of every app (administrative units, the PAPI framework, scores).

Idempotent (a second run changes nothing) and all-or-nothing (one transaction: a failure leaves the
database as it was). Data come from the project's own copies and from maintained packages, never typed.
The loaders are registered by the apps that own the data (``chiso.core.reference``).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chiso.core.reference import ReferenceLoadError, loaders


class Command(BaseCommand):
    help = "Load reference data: administrative units, the PAPI framework and published scores."

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            with transaction.atomic():
                for loader in loaders():
                    step_started = time.monotonic()
                    counts = loader.load()
                    summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
                    self.stdout.write(f"{loader.label}: {summary} ({time.monotonic() - step_started:.1f} s)")
        except ReferenceLoadError as exc:
            raise CommandError(f"{exc}\nKhông có dữ liệu nào được ghi. / Nothing was written.") from exc
        self.stdout.write(self.style.SUCCESS(f"Xong / done in {time.monotonic() - started:.1f} s"))
