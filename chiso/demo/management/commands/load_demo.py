"""``chiso load-demo``: the seeds' world (agencies, pilot hamlets, one user per role and level).
``chiso load-demo --print-logins`` prints the demo logins and loads nothing."""

from django.core.management.base import BaseCommand

from chiso.demo.reporting import load_demo_reporting
from chiso.demo.results import load_demo_plan
from chiso.demo.world import load_demo, print_logins


class Command(BaseCommand):
    help = "Load the demo world of the seed plans on top of the reference data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="print the demo logins only")

    def handle(self, *args, **options):
        if options["print_logins"]:
            print_logins(self.stdout)
            return

        counts = load_demo()
        counts.update({f"reporting {k}": v for k, v in load_demo_reporting().items()})
        self.stdout.write("Dữ liệu mẫu / demo data: " + ", ".join(f"{k}: {v}" for k, v in counts.items()))

        load_demo_plan(self.stdout)
