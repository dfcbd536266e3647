"""PAPI results: the ranking of the 63 provinces for a year and a score, the public profile page, the map, the
trend page and a plan's gap analysis.

    .venv/bin/chiso load-reference && .venv/bin/chiso load-demo        # the published results 2011–2024
    .venv/bin/python bench/results_bench.py [--smoke]

``--smoke`` (CI) loads the reference data and the demo world when the database has none, and runs a few
iterations only.
"""

import argparse
import random
import time
from io import StringIO

from _setup import count_queries, summary, table, timed
from django.core.management import call_command
from django.test import Client

from chiso.accounts.models import User
from chiso.indices.models import Score
from chiso.plans.models import Plan
from chiso.results import analysis
from chiso.units.models import AdministrativeUnit


def ensure_data():
    if not Score.objects.exists():
        call_command("load_reference", stdout=StringIO())
    if not User.objects.filter(username="vinhchau.coordinator").exists():
        call_command("load_demo", stdout=StringIO())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    ensure_data()
    from django.core.cache import cache

    cache.clear()  # no throttling state left from an earlier run
    repeat = 3 if args.smoke else 200
    rng = random.Random(7)
    years = analysis.published_years()
    units = analysis.provinces()
    rows = []

    # 1. The ranking of the 63 provinces for any year and score (random pairs, as the map and the API ask).
    pairs = []
    for year in years:
        table_ = analysis.year_table(year)
        pairs += [(year, code) for code in table_.values]

    def ranking():
        year, code = rng.choice(pairs)
        return analysis.ranking(year, code, units=units)

    rows.append(
        (
            f"ranking of the 63 provinces, random year and score ({count_queries(ranking)} query)",
            summary(timed(ranking, repeat)),
            "< 50 ms",
        )
    )
    client = Client()
    # Signed in: anonymous API calls are throttled at 120 a minute, and a 429 would be timed instead of the answer.
    reader = Client()
    reader.force_login(User.objects.get(username="vinhchau.coordinator"))

    def api_ranking():
        response = reader.get("/api/v1/results/ranking/", {"year": rng.choice(years), "dimension": "D3"})
        assert response.status_code == 200, response.status_code

    rows.append(("`GET /api/v1/results/ranking/?year=…&dimension=D3`", summary(timed(api_ranking, repeat)), "< 50 ms"))

    # 2. The public profile page of a random province and year.
    codes = [u.code for u in AdministrativeUnit.objects.legacy().provinces()]

    def profile_page():
        response = client.get(f"/results/provinces/{rng.choice(codes)}/", {"year": rng.choice(years)})
        assert response.status_code == 200

    n = count_queries(profile_page)
    rows.append(
        (f"profile page, random province and year ({n} queries)", summary(timed(profile_page, repeat)), "p95 < 100 ms")
    )

    # 3. The map, the trend page and a plan's gap analysis (the Vĩnh Châu demo plan).
    rows.append(
        (
            "map page, random year, total",
            summary(timed(lambda: client.get("/results/", {"year": rng.choice(years)}), max(3, repeat // 4))),
            "p95 < 150 ms",
        )
    )
    rows.append(
        (
            "trend page (41 charts)",
            summary(timed(lambda: client.get(f"/results/provinces/{rng.choice(codes)}/trend/"), max(3, repeat // 4))),
            "p95 < 150 ms",
        )
    )
    plan = Plan.objects.filter(unit__code="950").first()
    if plan is not None:
        coordinator = Client()
        coordinator.force_login(User.objects.get(username="vinhchau.coordinator"))
        assert coordinator.get(f"/results/plans/{plan.pk}/gaps/").status_code == 200
        rows.append(
            (
                f"gap analysis of the Vĩnh Châu plan ({plan.tasks.count()} tasks)",
                summary(timed(lambda: coordinator.get(f"/results/plans/{plan.pk}/gaps/"), max(3, repeat // 4))),
                "p95 < 150 ms",
            )
        )
    print(f"Data: {Score.objects.count()} scores, years {years[0]}–{years[-1]}, {len(units)} provinces\n")
    print(table(rows))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s)")
