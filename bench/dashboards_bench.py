"""A province's dashboard and the full recount (issue 20): a synthetic province of N communes, each with its plan
(implementing the province's), its tasks (lead agency, PAPI dimensions, on time / late / overdue), citizens'
feedback and report requests; then the recount of the year and of each quarter is timed, and the province's
dashboard page is requested as its leader (p95 of the page as served, DEBUG off).

    DATABASE_URL=sqlite:////tmp/dash-bench.sqlite3 .venv/bin/python bench/dashboards_bench.py [communes] [tasks]
    .venv/bin/python bench/dashboards_bench.py --smoke   # CI: 5 communes, 5 tasks each, a few requests, one
                                                         # short round under gunicorn + locust
    … dashboards_bench.py 300 40 --load [--rounds=3] [--seconds=30]   # and under gunicorn + locust

``--load`` serves the page with gunicorn (2 workers × 4 threads, production settings) and, in alternating rounds,
asks the floor (``/login/``: middleware and base template, no domain work), the signed-in floor (the leader's
empty scorecard list: the session, the user, the menu — what every signed-in page pays) and the page: 10 users
with no wait (throughput: the page's requests a second as a share of the floor's) and 50 users waiting 1–3 s (the
p95 people feel). Medians of the rounds are printed, with the load average before and after. Set REDIS_URL too: the
dashboard's cached parts are then shared by every gunicorn worker.

Uses its own units (codes starting "DB"), created on the first run and reused.
"""

import datetime as dt
import os
import random
import statistics
import sys

from _setup import free_port, summary, table, timed  # noqa: I001
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from chiso.accounts.models import Membership, User
from chiso.citizens.models import Feedback, FeedbackCategory
from chiso.dashboards.models import Figure
from chiso.dashboards.recount import recount, recount_year
from chiso.indices.models import Dimension, Index
from chiso.plans.models import Plan, Task, TaskAgency
from chiso.reporting.models import Period, Request, Schedule
from chiso.units.models import AdministrativeUnit, Agency

SMOKE = "--smoke" in sys.argv[1:]
LOAD = "--load" in sys.argv[1:]
_ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
_OPTIONS = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
ROUNDS = int(_OPTIONS.get("rounds", 3))
SECONDS = int(_OPTIONS.get("seconds", 30))
COMMUNES = 5 if SMOKE else int(_ARGS[0]) if _ARGS else 300
TASKS = 5 if SMOKE else int(_ARGS[1]) if len(_ARGS) > 1 else 40
FEEDBACK = 3 if SMOKE else 20
REQUESTS = 20 if SMOKE else 200
YEAR = 2025
TODAY = dt.date(2025, 11, 15)


def dimensions():
    papi, _ = Index.objects.get_or_create(code="PAPI", defaults={"name_vi": "PAPI", "name_en": "PAPI"})
    return [
        Dimension.objects.get_or_create(index=papi, code=f"D{i}", defaults={"order": i, "name_vi": f"Nội dung {i}"})[0]
        for i in range(1, 9)
    ]


@transaction.atomic
def build():
    province, created = AdministrativeUnit.objects.get_or_create(
        era="current", code="DB00", defaults={"name": "Tỉnh Thử bảng điều hành", "level": "province"}
    )
    committee, _ = Agency.objects.get_or_create(unit=province, name="UBND tỉnh thử", defaults={"kind": "committee"})
    leader, _ = User.objects.get_or_create(username="dash.bench.leader", defaults={"full_name": "Lãnh đạo thử"})
    Membership.objects.get_or_create(user=leader, agency=committee, role=Membership.Role.LEADER)
    if Task.objects.filter(plan__unit__parent=province).count() == COMMUNES * TASKS:
        return province, leader
    Plan.objects.filter(unit__parent=province).delete()
    Feedback.objects.filter(unit__parent=province).delete()
    dims = dimensions()
    rng = random.Random(20)
    top = Plan.objects.create(
        unit=province, year=YEAR, title="Kế hoạch tỉnh", status="issued", issued_on=dt.date(YEAR, 1, 6)
    )
    category = FeedbackCategory.objects.first() or FeedbackCategory.objects.create(code="khac", name="Khác")
    schedule = Schedule.objects.create(plan=top, title="Báo cáo quý", recipient=committee)
    period = Period.objects.create(schedule=schedule, label="Quý III/2025", cutoff_start=dt.date(YEAR, 6, 15),
                                   cutoff_end=dt.date(YEAR, 9, 14), due_on=dt.date(YEAR, 9, 20),
                                   unit_due_on=dt.date(YEAR, 9, 25))  # fmt: skip
    for i in range(COMMUNES):
        unit, _ = AdministrativeUnit.objects.get_or_create(
            era="current", code=f"DB{i + 1:04d}", defaults={"name": f"Xã Thử {i + 1}", "level": "commune",
                                                            "parent": province})  # fmt: skip
        agency, _ = Agency.objects.get_or_create(unit=unit, name=f"UBND xã Thử {i + 1}", defaults={"kind": "committee"})
        issued = dt.date(YEAR, 1, 10) + dt.timedelta(days=rng.randint(0, 40))
        plan = Plan.objects.create(unit=unit, parent=top, year=YEAR, title=f"Kế hoạch xã {i + 1}", status="issued",
                                   issued_on=issued)  # fmt: skip
        tasks = []
        for j in range(TASKS):
            due = dt.date(YEAR, 1, 31) + dt.timedelta(days=rng.randint(0, 330))
            roll = rng.random()
            done = (
                None
                if roll < 0.3
                else due - dt.timedelta(days=rng.randint(0, 20))
                if roll < 0.8
                else due + dt.timedelta(days=rng.randint(1, 30))
            )
            tasks.append(Task(plan=plan, number=str(j + 1), position=j, title=f"Nhiệm vụ {j + 1}",
                              timeframe_kind="year", start_on=dt.date(YEAR, 1, 1), due_on=due,
                              completed_on=done))  # fmt: skip
        tasks = Task.objects.bulk_create(tasks)
        TaskAgency.objects.bulk_create([TaskAgency(task=t, agency=agency, role="lead") for t in tasks])
        Task.dimensions.through.objects.bulk_create(
            [Task.dimensions.through(task_id=t.pk, dimension_id=rng.choice(dims).pk) for t in tasks]
        )
        feedback = []
        for k in range(FEEDBACK):
            received = dt.date(YEAR, 1, 5) + dt.timedelta(days=rng.randint(0, 300))
            answered = received + dt.timedelta(days=rng.randint(3, 25)) if rng.random() < 0.8 else None
            feedback.append(Feedback(tracking_code=f"DB-{i:04d}-{k:03d}", category=category, unit=unit, agency=agency,
                                     subject="Phản ánh thử", text="Nội dung", received_on=received,
                                     acknowledge_due_on=received + dt.timedelta(days=3),
                                     answer_due_on=received + dt.timedelta(days=15),
                                     answered_on=answered, status="answered" if answered else "accepted"))  # fmt: skip
        Feedback.objects.bulk_create(feedback)
        if i < REQUESTS:
            on_time = rng.choice([True, False, None])
            Request.objects.create(period=period, agency=agency, due_on=period.due_on, on_time=on_time,
                                   status="accepted" if on_time else "pending")  # fmt: skip
    return province, leader


SIGNED_IN_FLOOR = "/dashboards/scorecards/"  # the leader's (empty) scorecard list: a signed-in page with no work


def load_average() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def under_load(path, leader, rounds=ROUNDS, seconds=SECONDS):
    """The floor (``/login/``) and the page in alternating rounds under gunicorn (2 workers × 4 threads): 10 users
    with no wait (requests a second), then 50 users waiting 1–3 s (p95). Returns the rounds' results."""
    import pages_bench
    from citizens_bench import stop

    pages_bench.COOKIES[leader.username] = pages_bench.cookies_of(leader.username)
    server, base, work = pages_bench.serve(free_port(), 2, 4)
    asked = (("floor", "/login/", ""), ("signed", SIGNED_IN_FLOOR, leader.username), ("page", path, leader.username))
    found = {f"{name}{kind}": [] for name, _u, _l in asked for kind in ("", "_felt")} | {"load": [load_average()]}
    try:
        for r in range(rounds):
            for name, url, user in asked:
                found[name].append(pages_bench.run_locust(base, url, user, 10, seconds // 2, "0", work, f"{name}{r}"))
            for name, url, user in asked:
                felt = pages_bench.run_locust(base, url, user, 50, seconds, "1-3", work, f"{name}-felt{r}")
                found[f"{name}_felt"].append(felt)
            found["load"].append(load_average())
    finally:
        stop(server)
    return found


def report_load(found):
    def median(kind, key):
        return statistics.median(run[key] for run in found[kind])

    shares = [p["rps"] / f["rps"] if f["rps"] else 0.0 for f, p in zip(found["floor"], found["page"], strict=True)]
    rounds, load = len(found["page"]), " → ".join(found["load"])
    print(f"under load (gunicorn 2×4; medians of {rounds} alternating rounds; load average {load}):")
    print(f"| measure | floor (/login/) | signed-in floor ({SIGNED_IN_FLOOR}) | province dashboard | page / floor |")
    print("|---|---|---|---|---|")
    fr, sr, pr = median("floor", "rps"), median("signed", "rps"), median("page", "rps")
    print(f"| 10 users, no wait: requests/s | {fr:.1f} | {sr:.1f} | {pr:.1f} | {statistics.median(shares):.2f} |")
    fp, sp, pp = median("floor", "p95"), median("signed", "p95"), median("page", "p95")
    print(f"| 10 users, no wait: p95 ms | {fp:.0f} | {sp:.0f} | {pp:.0f} | |")
    ff, sf, pf = median("floor_felt", "p95"), median("signed_felt", "p95"), median("page_felt", "p95")
    print(f"| 50 users, 1–3 s wait: p95 ms | {ff:.0f} | {sf:.0f} | {pf:.0f} | {pf / ff if ff else 0:.1f} |")
    fq, sq, pq = median("floor_felt", "rps"), median("signed_felt", "rps"), median("page_felt", "rps")
    print(f"| 50 users, 1–3 s wait: requests/s | {fq:.1f} | {sq:.1f} | {pq:.1f} | |")
    failures = sum(run["failures"] for kind in ("page", "page_felt") for run in found[kind])
    count = sum(run["count"] for kind in ("page", "page_felt") for run in found[kind])
    page, signed, floor = ([round(run["p95"]) for run in found[k]] for k in ("page_felt", "signed_felt", "floor_felt"))
    print(f"p95 at 50 users by round: page {page} ms, signed-in floor {signed} ms, floor {floor} ms; "
          f"{failures} failures of {count} pages")  # fmt: skip


def main():
    call_command("migrate", verbosity=0)
    province, leader = build()
    tasks = Task.objects.filter(plan__unit__parent=province).count()
    recounts = timed(lambda: recount(YEAR, "Y", today=TODAY), 1 if SMOKE else 3)
    quarters = timed(lambda: recount(YEAR, "Q3", today=TODAY), 1 if SMOKE else 3)
    commune = AdministrativeUnit.objects.filter(parent=province).order_by("code").first()
    subtree = timed(lambda: recount(YEAR, "Y", root=commune, today=TODAY), 1 if SMOKE else 3)
    stamps = recount_year(YEAR, today=TODAY)
    figures = Figure.objects.filter(year=YEAR).count()
    client = Client()
    client.force_login(leader)
    page = f"/dashboards/{province.pk}/?year={YEAR}"
    assert client.get(page).status_code == 200
    pages = timed(lambda: client.get(page), 5 if SMOKE else 50)
    api = timed(lambda: client.get(f"/api/v1/dashboards/{province.pk}/?year={YEAR}"), 5 if SMOKE else 50)
    print(f"{COMMUNES} communes, {tasks} tasks, {figures} stored figures for {YEAR} "
          f"(year + 4 quarters: {sum(s.duration_ms for s in stamps)} ms)")  # fmt: skip
    print(table([
        ("full recount of the year (Y)", summary(recounts), "—"),
        ("full recount of a quarter (Q3)", summary(quarters), "—"),
        ("Recount now of a commune (and the province above)", summary(subtree), "—"),
        ("province dashboard page", summary(pages), "< 300 ms p95"),
        ("province dashboard API", summary(api), "< 300 ms p95"),
    ]))  # fmt: skip
    response = client.get(page, HTTP_ACCEPT_ENCODING="gzip")
    print(f"page size: {len(response.content):,} bytes ({response.get('Content-Encoding') or 'not compressed'})")
    if LOAD or SMOKE:  # the smoke run serves it too (one short round), so that the load part cannot rot
        report_load(under_load(page, leader, rounds=1, seconds=4) if SMOKE else under_load(page, leader))


if __name__ == "__main__":
    main()
