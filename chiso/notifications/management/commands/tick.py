"""``chiso tick [--date YYYY-MM-DD] [--every SECONDS]``: run the periodic jobs (reminders, period opening…).

The embedded default has no Celery beat: ``chiso serve`` runs this in a background thread, and cron may call
``chiso tick`` instead. Production runs the same task from Celery beat.
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from chiso.notifications.jobs import run_all


class Command(BaseCommand):
    help = "Run the periodic jobs once (reminders, overdue notices, opening of reporting periods)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--every", type=int, default=0, help="Keep running, once every N seconds.")

    def handle(self, *args, date=None, every=0, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        while True:
            for name, result in run_all(today).items():
                if isinstance(result, Exception):
                    self.stderr.write(f"{name}: {result!r}")
                elif options["verbosity"] > 1 or result:
                    self.stdout.write(f"{name}: {result}")
            if not every:
                return
            time.sleep(every)
