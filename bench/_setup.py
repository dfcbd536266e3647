"""Shared set-up of the benchmark scripts: Django on the configured database, timing helpers."""

import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# Measured as served: DEBUG off (cached template loader, no query log), like production.
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402
from django.db import connection  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from chiso.indices.models import Dimension  # noqa: E402
from chiso.plans.models import Plan  # noqa: E402
from chiso.units.models import AdministrativeUnit  # noqa: E402


def timed(fn, repeat: int):
    """Run ``fn`` ``repeat`` times; return the durations in milliseconds."""
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def summary(durations):
    ordered = sorted(durations)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(ordered), "median_ms": statistics.median(ordered), "p95_ms": p95, "max_ms": ordered[-1]}


def table(rows, target_key="target"):
    lines = ["| measure | n | median (ms) | p95 (ms) | target |", "|---|---|---|---|---|"]
    for name, stats, target in rows:
        lines.append(f"| {name} | {stats['n']} | {stats['median_ms']:.1f} | {stats['p95_ms']:.1f} | {target} |")
    return "\n".join(lines)


def free_port() -> int:
    """A TCP port nobody listens on now (another benchmark or session may hold a fixed one on a shared machine)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def count_queries(fn) -> int:
    """How many SQL queries ``fn()`` runs."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    return len(queries)


def ensure_plans(smoke):
    """The reference data and the generator's plans — a province's plan at least (another benchmark may have left
    a few plans of its own) — at the national scale or the smoke one, made when missing."""
    if not Dimension.objects.filter(index__code="PAPI").exists() or not AdministrativeUnit.objects.exists():
        call_command("load_reference", stdout=StringIO())
    if not Plan.objects.filter(unit__in=AdministrativeUnit.objects.current().provinces()).exists():
        call_command("bench_data", "--scale", "smoke" if smoke else "national", stdout=StringIO())
