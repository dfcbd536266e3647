"""``chiso load-demo``: the seeds' world (agencies, pilot hamlets, one user per role and level).
``chiso load-demo --print-logins`` prints the demo logins and loads nothing.

An app adds its own demo records with a ``demo.py`` module holding ``load_demo(stdout=None) -> dict`` (counts by
kind); it runs after the world, the reporting year and the Vĩnh Châu plan are loaded, in the order of
``INSTALLED_APPS``, and must be idempotent. That way a new app brings its demo data without editing this app."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from chiso.demo import current
from chiso.demo.reporting import load_demo_reporting
from chiso.demo.results import load_demo_plan
from chiso.demo.world import load_demo, print_logins


def app_demo_loaders():
    """The ``load_demo`` function of every installed app's ``demo`` module, in ``INSTALLED_APPS`` order."""
    loaders = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name != "chiso.demo" and find_spec(config.name) and find_spec(name):
            loader = getattr(import_module(name), "load_demo", None)
            if loader is not None:
                loaders.append(loader)
    return loaders


class Command(BaseCommand):
    help = "Load the demo world of the seed plans on top of the reference data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="print the demo logins only")

    def handle(self, *args, **options):
        if options["print_logins"]:
            print_logins(self.stdout, current.login_section())
            return

        counts = load_demo()
        counts.update({f"reporting {k}": v for k, v in load_demo_reporting().items()})
        self.stdout.write("Dữ liệu mẫu / demo data: " + ", ".join(f"{k}: {v}" for k, v in counts.items()))

        load_demo_plan(self.stdout)
        counts = current.load_current(self.stdout)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        for loader in app_demo_loaders():
            extra = loader(stdout=self.stdout) or {}
            if extra:
                self.stdout.write(", ".join(f"{k}: {v}" for k, v in extra.items()))
