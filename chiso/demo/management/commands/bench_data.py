"""``chiso bench-data [--scale smoke|national] [--seed N]``: synthetic plans for the benchmarks (no audit)."""

from django.core.management.base import BaseCommand, CommandError

from chiso.demo.bench_plans import build


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic plans, tasks and four quarters of progress for the benchmarks "
        "(bulk inserts, no audit entries: never on a production database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["smoke", "national"], default="national")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        try:
            counts = build(options["scale"], seed=options["seed"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
