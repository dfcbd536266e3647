"""``chiso workdays add 2025-01-21 15`` → 2025-02-18; ``is``, ``between`` likewise."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from chiso.core import workdays


def _date(text):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ / invalid date: {text!r} (YYYY-MM-DD hoặc/or dd/mm/yyyy)")


class Command(BaseCommand):
    help = "Working-day arithmetic: add N working days, test a day, count days between two dates."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        add = sub.add_parser("add", help="the date N working days after START")
        add.add_argument("start")
        add.add_argument("days", type=int)
        is_ = sub.add_parser("is", help="is DATE a working day?")
        is_.add_argument("date")
        between = sub.add_parser("between", help="working days in (START, END]")
        between.add_argument("start")
        between.add_argument("end")

    def handle(self, *args, **options):
        op = options["op"]
        if op == "add":
            self.stdout.write(workdays.add_working_days(_date(options["start"]), options["days"]).isoformat())
        elif op == "is":
            self.stdout.write("yes" if workdays.is_working_day(_date(options["date"])) else "no")
        else:
            self.stdout.write(str(workdays.working_days_between(_date(options["start"]), _date(options["end"]))))
