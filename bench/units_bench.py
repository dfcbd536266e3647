"""Units at national scale: load time, a province's subtree, the accent-insensitive unit search API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chiso_bench .venv/bin/python bench/units_bench.py [--smoke]

Loads the reference data when the database has no units (timing ``load_reference``), then measures on the
loaded data. ``--smoke`` runs a few iterations only (CI), so the script cannot rot.
"""

import argparse
import time
from io import StringIO

from _setup import summary, table, timed
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from chiso.units.models import AdministrativeUnit


def check(response):
    assert response.status_code == 200, response.status_code
    return response


QUERIES = ["bach sam", "phuong 1", "my hao", "ha noi", "xa vinh", "hoa", "thuong hong", "ca mau", "tan", "an"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    repeat = 3 if args.smoke else 200
    rows = []
    if not AdministrativeUnit.objects.exists():
        start = time.perf_counter()
        call_command("load_reference", stdout=StringIO())
        rows.append(
            ("chiso load-reference (empty database)", summary([(time.perf_counter() - start) * 1000]), "< 60 s")
        )
    start = time.perf_counter()
    call_command("load_reference", stdout=StringIO())
    rows.append(("chiso load-reference (second run, no change)", summary([(time.perf_counter() - start) * 1000]), "—"))
    province = AdministrativeUnit.objects.legacy().provinces().get(code="01")  # Hà Nội: the largest subtree
    count = AdministrativeUnit.objects.subtree(province, include_self=False).count()
    subtree = timed(lambda: list(AdministrativeUnit.objects.subtree(province).values_list("pk", flat=True)), repeat)
    rows.append((f"subtree of a province ({count} units)", summary(subtree), "< 20 ms"))
    client = Client()
    durations = []
    for i in range(repeat):
        query = QUERIES[i % len(QUERIES)]
        cache.clear()  # the public API's rate limit would otherwise answer 429 to a benchmark loop
        durations += timed(lambda q=query: check(client.get("/api/v1/units/", {"q": q})), 1)
    rows.append(("GET /api/v1/units/?q=… (10 queries, round robin)", summary(durations), "p95 < 50 ms"))
    print(table(rows))


if __name__ == "__main__":
    main()
