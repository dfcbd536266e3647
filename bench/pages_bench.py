"""Hot pages as users load them: gunicorn on the national data set, locust against each page and the floor.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/pages_bench.py [--smoke] [--only plan,…]

The floor is the project's own login page under the same server (middleware, base template, no domain work).
For each hot page, rounds alternate floor / page (``--rounds``, each ``--seconds`` long) so that the machine's
noise falls on both alike; the table gives each page's median throughput as a share of the floor's, and its p95,
at ``--users`` concurrent users with no wait (throughput) and at ``--wait-users`` users with a realistic wait of
1–3 s (p95 as people feel it). Each page's query count (one request, measured in-process) is printed too.

Data: ``chiso load-reference``, ``chiso bench-data --scale national`` and the reporting data of
``chiso.demo.bench_reporting`` are loaded the first time (a few minutes at national scale); bench users
``bench.*`` (password below) are created with the memberships the pages need. Signed-in users send the cookies a
browser of theirs holds: the session and the CSRF cookie (a page cached per person is keyed by both). One row is a
form POST, not a page: citizens' feedback sent through the public form of the commune (goal ≥ 100/s, p95 < 200 ms;
the submission limit per address is lifted for the run, as in ``bench/citizens_bench.py``).
``--smoke`` (CI): the smoke data set, every page asked once (status, queries), two of them under 2 users for one
round of 5 s, no thresholds — it proves the harness runs, it measures nothing.
Production settings: ``CHISO_ENV=production`` with ``SECRET_KEY`` and ``ALLOWED_HOSTS`` set below; DEBUG off.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from _setup import ROOT, count_queries, ensure_plans, free_port
from citizens_bench import stop, wait_until_up
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.test import Client, override_settings
from django.utils.crypto import get_random_string

from chiso.accounts.models import Membership, User
from chiso.citizens.models import FeedbackCategory
from chiso.demo import bench_reporting
from chiso.indices.models import Score
from chiso.plans.models import Plan, Task
from chiso.reporting.models import ConsolidatedReport, Period, Schedule
from chiso.reporting.services import consolidate_report

VENV = Path(sys.executable).parent
PASSWORD = "bench-pages-2026"
COOKIES: dict[str, str] = {}
CSRF = get_random_string(32)  # the CSRF cookie's secret; a form may send the secret itself as its token
FORMS: dict[str, str] = {}  # path → the fields of a form POST (URL-encoded)


def ensure_data(smoke):
    ensure_plans(smoke)
    if not Schedule.objects.exists():
        bench_reporting.build()


def user_with(username, agency, role):
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": username})
    if created or not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def grown_plan(smoke):
    """The commune plan with the most tasks, grown to 150 tasks (the issue's "a commune plan with 150 tasks")."""
    communes = Plan.objects.filter(unit__level="commune", unit__era="current")
    plan = communes.annotate(n=Count("tasks")).order_by("-n").first()
    if plan is None:
        plan = Plan.objects.annotate(n=Count("tasks")).order_by("-n").first()
    if plan.n < 150 and not smoke:
        group = plan.tasks.filter(group__isnull=True).first()
        Task.objects.bulk_create(
            Task(plan=plan, group=group, number=f"9.{i}", title="Bổ sung", position=90000 + i, timeframe_kind="ongoing")
            for i in range(150 - plan.n)
        )
    return plan


def pages(smoke):
    """(name, path, username or "") of every hot page, with the users they need."""
    plan = grown_plan(smoke)
    committee = plan.unit.agencies.order_by("pk").first()
    user_with("bench.commune", committee, "coordinator")
    province = plan.unit.ancestors()[0] if plan.unit.parent_id else plan.unit
    province_plan = Plan.objects.filter(unit=province).order_by("pk").first() or plan
    province_committee = province_plan.unit.agencies.order_by("pk").first()
    user_with("bench.province", province_committee, "coordinator")
    rows = [
        ("floor: login page", "/login/", ""),
        ("plan page (commune, 150 tasks)", f"/plans/{plan.pk}/", "bench.commune"),
        ("province plan: cascade", f"/plans/{province_plan.pk}/cascade/", "bench.province"),
        ("province plan: coverage roll-up", f"/plans/{province_plan.pk}/coverage/", "bench.province"),
        ("my tasks", "/plans/tasks/mine/", "bench.commune"),
    ]
    period = Period.objects.filter(schedule__plan=province_plan).order_by("-cutoff_end").first()
    if period is not None:
        rows.append(("reporting period (province)", f"/reporting/periods/{period.pk}/", "bench.province"))
    report = ConsolidatedReport.objects.filter(period__schedule__plan__unit=province).order_by("pk").first()
    if report is None and period is not None and not smoke:  # the province's report, built once from its reports
        try:
            report = consolidate_report(period, actor=User.objects.get(username="bench.province"))
        except ValidationError as exc:
            print(f"  no consolidated report: {exc}", file=sys.stderr)
    if report is not None:
        rows.append(("consolidated report (province)", f"/reporting/consolidated/{report.pk}/", "bench.province"))
    rows.append(("feedback inbox (commune)", "/citizens/inbox/", "bench.commune"))
    intake = f"/p/{plan.unit.code}/feedback/"
    category = FeedbackCategory.objects.filter(is_active=True).order_by("pk").first()
    FORMS[intake] = urlencode(
        {
            "category": category.pk if category else "",
            "subject": "Đèn đường tổ dân phố bị hỏng",
            "text": "Ba cột đèn trên đường vào tổ dân phố hỏng đã hai tuần, buổi tối đi lại rất nguy hiểm.",
            "contact_phone": "0912345678",
            "contact_consent": "on",
        }
    )
    rows.append(("feedback intake (public form POST)", intake, ""))
    rows.append(("public portal of the commune", f"/p/{plan.unit.code}/", ""))
    rows.append(("results map (public)", "/results/", ""))
    rows.append(("results ranking (public)", "/results/ranking/", ""))
    code = Score.objects.values_list("unit__code", flat=True).first()
    rows.append(("province profile (public)", f"/results/provinces/{code}/", ""))
    # The API lists the pages use: the plan list of a province's subtree, the unit search of the pickers.
    rows.append(("API: plans list", f"/api/v1/plans/?unit={province.pk}", "bench.province"))
    rows.append(("API: units search", "/api/v1/units/?q=binh&era=current", "bench.province"))
    return rows


def query_count(path, username):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    client.get(path)  # warm (caches, first-visit work; the browser's CSRF cookie)
    if path not in FORMS:
        client.get(path)  # the page cached per person is stored now: the count is a return visit's
    answers = []
    if path in FORMS:  # one feedback stored (a redirect to its page), with a fresh one-time key
        data = f"{FORMS[path]}&submission_key={uuid.uuid4().hex}"
        ask = partial(client.post, path, data, content_type="application/x-www-form-urlencoded")
        with override_settings(RATE_LIMIT_SUBMIT=10**9):  # as the server is run (the load stores many)
            counted = count_queries(lambda: answers.append(ask().status_code))
        return counted, {302: 200}.get(answers[0], answers[0])
    return count_queries(lambda: answers.append(client.get(path).status_code)), answers[0]


def cookies_of(username) -> str:
    """The cookies a browser of ``username`` sends: a session made in-process (locust's users then load pages as
    that person without a login in the measured window: a login is mostly password hashing, not the page) and the
    CSRF cookie the first page gave it. Anonymous: the CSRF cookie only (the feedback form needs it)."""
    csrf = f"{settings.CSRF_COOKIE_NAME}={CSRF}"
    if not username:
        return csrf
    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; {csrf}"


def run_locust(base, path, username, users, seconds, wait, work, tag):
    env = {**os.environ, "PAGES_PATH": path, "PAGES_COOKIES": COOKIES.get(username, ""), "PAGES_WAIT": wait}
    env.update(PAGES_FORM=FORMS.get(path, ""), PAGES_CSRF=CSRF)
    prefix = work / tag
    subprocess.run(
        [
            str(VENV / "locust"),
            "-f",
            str(ROOT / "bench/pages_locust.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env=env,
        timeout=seconds + 90,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "page":
                return {
                    "rps": float(row["Requests/s"]),
                    "p95": float(row["95%"] or 0),
                    "failures": int(row["Failure Count"]),
                    "count": int(row["Request Count"]),
                }
    return {"rps": 0.0, "p95": 0.0, "failures": 0, "count": 0}


def serve(port: int, workers: int, threads: int):
    """gunicorn with the production settings on ``port``, answering: (process, base URL, work directory)."""
    work = Path(tempfile.mkdtemp(prefix="pages-bench-"))
    env = {
        **os.environ,
        "CHISO_ENV": "production",
        "DEBUG": "false",
        # the key the sessions made in-process were signed with (their auth hash), so gunicorn accepts them
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CHISO_PLAIN_HTTP": "true",  # no TLS proxy in front of gunicorn here (docs/administration.md)
        "MEDIA_ROOT": str(work / "media"),
        # the feedback form's row sends hundreds of items a second from one address (bench/citizens_bench.py)
        "RATE_LIMIT_SUBMIT": "1000000000",
        "STATIC_ROOT": str(work / "static"),
    }
    base = f"http://127.0.0.1:{port}"
    command = [str(VENV / "gunicorn"), "chiso.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--threads", str(threads), "--log-level", "warning"]
    # Production serves fingerprinted static files from a manifest (WhiteNoise): collect them first.
    subprocess.run([str(VENV / "chiso"), "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    log = open(work / "server.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    wait_until_up(f"{base}/login/")
    return server, base, work


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--users", type=int, default=10, help="users with no wait (throughput)")
    parser.add_argument("--wait-users", type=int, default=50, help="users with a 1–3 s wait (p95)")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated words: run only the pages whose name has one")
    args = parser.parse_args()
    args.port = args.port or free_port()
    if args.smoke:
        args.users, args.wait_users, args.seconds, args.rounds = 2, 0, 5, 1
    ensure_data(args.smoke)
    rows = pages(args.smoke)
    floor, hot = rows[0], rows[1:]
    if args.smoke:  # every page is still asked once for its query count and status; two go under load
        hot = hot[:2]
    if args.only:
        words = [w.strip() for w in args.only.split(",") if w.strip()]
        hot = [r for r in hot if any(w in r[0] for w in words)]
    counts = {name: query_count(path, user) for name, path, user in rows}
    COOKIES.update({user: cookies_of(user) for _name, _path, user in rows})
    server, base, work = serve(args.port, args.workers, args.threads)
    results = []
    try:
        for name, path, user in hot:
            ratios, floor_rps, page_rps, page_p95, page_runs = [], [], [], [], []
            for r in range(args.rounds):
                f = run_locust(base, floor[1], "", args.users, args.seconds, "0", work, f"f{len(results)}-{r}")
                p = run_locust(base, path, user, args.users, args.seconds, "0", work, f"p{len(results)}-{r}")
                page_runs.append(p)
                floor_rps.append(f["rps"])
                page_rps.append(p["rps"])
                page_p95.append(p["p95"])
                ratios.append(p["rps"] / f["rps"] if f["rps"] else 0.0)
                if p["failures"] and p["failures"] == p["count"]:
                    print(f"  {name}: every request failed ({path})", file=sys.stderr)
            felt = None
            if args.wait_users:
                felt = run_locust(base, path, user, args.wait_users, args.seconds * 2, "1-3", work, f"w{len(results)}")
            results.append(
                {
                    "name": name,
                    "path": path,
                    "queries": counts[name][0],
                    "status": counts[name][1],
                    "floor": statistics.median(floor_rps),
                    "rps": statistics.median(page_rps),
                    "p95": statistics.median(page_p95),
                    "share": statistics.median(ratios),
                    "felt_p95": felt["p95"] if felt else None,
                    "failures": sum(r["failures"] for r in page_runs),
                }
            )
            print(f"  {name}: share {results[-1]['share']:.2f}", file=sys.stderr, flush=True)
    finally:
        stop(server)

    print(
        f"gunicorn {args.workers} workers × {args.threads} threads, {os.cpu_count()} cores; "
        f"{args.users} users with no wait, {args.rounds} alternating rounds of {args.seconds} s (medians); "
        f"p95 felt: {args.wait_users} users waiting 1–3 s\n"
    )
    print(
        f"| page | queries | floor req/s | page req/s | share of floor | p95 (ms), {args.users} users | "
        f"p95 (ms), {args.wait_users} users 1–3 s |"
    )
    print("|---|---|---|---|---|---|---|")
    print(f"| {floor[0]} (`{floor[1]}`) | {counts[floor[0]][0]} | | | 1.00 | | |")
    for r in results:
        felt = f"{r['felt_p95']:.0f}" if r["felt_p95"] is not None else ""
        status = "" if r["status"] == 200 else f" **HTTP {r['status']}**"
        if r["failures"]:
            status += f" **{r['failures']} answers not 200 under load**"
        print(
            f"| {r['name']}{status} | {r['queries']} | {r['floor']:.0f} | {r['rps']:.1f} | {r['share']:.2f} | "
            f"{r['p95']:.0f} | {felt} |"
        )
    print(f"\nServer log: {work / 'server.log'}")
    if any(r["status"] != 200 or r["failures"] for r in results):
        raise SystemExit("a page did not answer 200")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s)")
