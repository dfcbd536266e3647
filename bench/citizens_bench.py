"""Citizens under load: 50 citizens submit feedback and read public pages for 60 s against gunicorn.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/citizens_bench.py [--smoke]

Starts gunicorn on 127.0.0.1 (only), drives it with locust headless (bench/citizens_locust.py) for a bounded
time, stops it, then checks that every tracking code handed out is a stored item and that no item was stored
without its code being handed out (zero loss). The load comes from one address, so the run sets the per-address
limit it needs (RATE_LIMIT_SUBMIT / RATE_LIMIT_READ); the limit itself is proven by the test suite.
``--smoke`` (CI): 3 users for 5 s. Targets (full run): ≥ 100 submissions/s, p95 < 200 ms; commune page p95 < 100 ms.
"""

import argparse
import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _setup import ROOT, free_port

from chiso.citizens.models import Feedback
from chiso.plans.models import Plan, Task, TaskAgency
from chiso.units.models import AdministrativeUnit, Agency

UNIT_CODE = "BENCH-PA"
VENV = Path(sys.executable).parent


def ensure_unit():
    """A commune of its own (code BENCH-PA) with an issued 40-task plan, so the public page has real work to do."""
    province, _ = AdministrativeUnit.objects.get_or_create(
        era="current", code="BENCH-P", defaults={"name": "Tỉnh Thử tải", "level": "province"}
    )
    unit, _ = AdministrativeUnit.objects.get_or_create(
        era="current",
        code=UNIT_CODE,
        defaults={"name": "Phường Thử tải", "level": "commune", "parent": province},
    )
    committee, _ = Agency.objects.get_or_create(unit=unit, name="UBND phường Thử tải", defaults={"kind": "committee"})
    if not Plan.objects.filter(unit=unit).exists():
        plan = Plan.objects.create(
            unit=unit, year=2026, title="Kế hoạch nâng cao Chỉ số PAPI (thử tải)", status="issued", code="1/KH-UBND"
        )
        for i in range(40):
            task = Task.objects.create(
                plan=plan,
                number=str(i + 1),
                position=i * 10,
                title=f"Nhiệm vụ thử tải số {i + 1}",
                timeframe_kind="year",
                timeframe_text="Năm 2026",
                percent=(i * 7) % 100,
            )
            TaskAgency.objects.create(task=task, agency=committee, role="lead")
    return unit


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


def stop(server):
    """Stop gunicorn gracefully (SIGTERM), or kill it after 30 s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def read_stats(prefix):
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = row
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rate", type=float, default=4.0, help="tasks per second per user")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (gthread when > 1)")
    args = parser.parse_args()
    args.port = args.port or free_port()
    if args.smoke:
        args.users, args.seconds = 3, 5
    unit = ensure_unit()
    before = set(Feedback.objects.filter(unit=unit).values_list("tracking_code", flat=True))
    work = Path(tempfile.mkdtemp(prefix="citizens-bench-"))
    codes_file = work / "codes.txt"
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(work / "media"),
        "RATE_LIMIT_SUBMIT": "1000000000",
        "RATE_LIMIT_READ": "1000000000",
        "CITIZENS_BENCH_UNIT": UNIT_CODE,
        "CITIZENS_BENCH_CODES": str(codes_file),
        "CITIZENS_BENCH_RATE": str(args.rate),
    }
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "chiso.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"{base}/p/{UNIT_CODE}/")
        locust = subprocess.run(
            [
                str(VENV / "locust"),
                "-f",
                str(ROOT / "bench/citizens_locust.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.users),
                "--run-time",
                f"{args.seconds}s",
                "--stop-timeout",
                "10",
                "--host",
                base,
                "--csv",
                str(work / "run"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            timeout=args.seconds + 60,
        )
    finally:
        stop(server)
    handed_out = [c for c in codes_file.read_text().split("\n") if c] if codes_file.exists() else []
    stored = set(Feedback.objects.filter(unit=unit).values_list("tracking_code", flat=True)) - before
    stats = read_stats(work / "run")
    submit = stats.get("POST /api/v1/public/feedback/", {})
    page = stats.get("GET /p/{commune}/", {})
    lookup = stats.get("GET /feedback/{code}/", {})
    total = stats.get("Aggregated", {})

    def line(name, row, target=""):
        if not row:
            return f"| {name} | 0 | | | | | {target} |"
        return (
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} | "
            f"{row['50%']} | {row['95%']} | {target} |"
        )

    print(
        f"{args.users} users at {args.rate} tasks/s each, {args.seconds} s, gunicorn {args.workers} workers × "
        f"{args.threads} threads, {os.cpu_count()} cores\n"
    )
    print("| request | count | failures | per second | median (ms) | p95 (ms) | target |")
    print("|---|---|---|---|---|---|---|")
    print(line("submit feedback (API, multipart)", submit, "≥ 100/s, p95 < 200 ms"))
    print(line("commune public page", page, "p95 < 100 ms"))
    print(line("status by tracking code", lookup))
    print(line("all requests", total, "p95 < 200 ms"))
    print(f"\nSubmissions stored per second of the run: {len(stored) / args.seconds:.1f}")
    lost = set(handed_out) - stored
    unannounced = stored - set(handed_out)
    print(
        f"\nTracking codes handed out: {len(handed_out)}; items stored: {len(stored)}; "
        f"codes without an item: {len(lost)}; items without a code handed out: {len(unannounced)}"
    )
    if locust.returncode not in (0, 1):  # 1: some requests failed (reported above)
        raise SystemExit(f"locust exited with {locust.returncode}")
    if lost or unannounced or len(handed_out) != len(set(handed_out)):
        raise SystemExit("MISMATCH: stored items and tracking codes handed out differ")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s)")
