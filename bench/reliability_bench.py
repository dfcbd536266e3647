"""Reliability: kill -9 a gunicorn worker during a burst of citizens' feedback; nothing acknowledged is lost.

    DATABASE_URL=postgres://… [REDIS_URL=redis://…] .venv/bin/python bench/reliability_bench.py [--smoke] [--runs 3]

Starts gunicorn (2 workers, ``CHISO_ENV=production``, DEBUG off, 127.0.0.1 on a free port) against the
configured database, sends a burst of submissions to the public API (``POST /api/v1/public/feedback/``, as
``bench/citizens_bench.py`` does) from 8 concurrent clients, and kills one worker with SIGKILL when a third of
the burst has been answered. Then it counts, per submission (each carries a marker of its own in its subject):

* sent; acknowledged: a 2xx answer with a tracking code; stored: the row in the database;
* **lost**: acknowledged but not stored, or stored under another code — must be 0;
* **stored after an error answer**: the citizen was told it failed but it was kept — must be 0;
* cut off: the connection died with the worker (no answer at all) — reported, with how many of those were
  stored anyway (committed just before the kill; the citizen saw no code and may send it again).

Two scenarios: Redis as configured (REDIS_URL, or none: the embedded in-process cache), then Redis
unreachable (REDIS_URL on a closed local port). The second reports its figures — the application may answer
errors without Redis — and fails only on a lost or contradicted submission. ``--smoke`` (CI): 50 submissions per
scenario, one run; full: 200 per scenario, 3 runs, medians.
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _setup import ROOT
from citizens_bench import UNIT_CODE, ensure_unit, stop, wait_until_up

from chiso.citizens.models import Feedback

VENV = Path(sys.executable).parent
CLIENTS = 8
CATEGORIES = ["thu-tuc-hanh-chinh", "dich-vu-cong", "moi-truong", "cong-khai-minh-bach"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(fields):
    boundary = uuid.uuid4().hex
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def workers_of(master: int) -> list[int]:
    try:
        return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def submit(base, marker, i):
    body, content_type = multipart(
        {
            "unit": UNIT_CODE,
            "category": CATEGORIES[i % len(CATEGORIES)],
            "subject": f"{marker}-{i:05d} Đèn đường tổ dân phố bị hỏng",
            "text": "Ba cột đèn trên đường vào tổ dân phố hỏng đã hai tuần, buổi tối đi lại rất nguy hiểm.",
        }
    )
    request = urllib.request.Request(
        f"{base}/api/v1/public/feedback/",
        data=body,
        method="POST",
        # As behind the TLS proxy: production redirects plain http to https otherwise.
        headers={"Content-Type": content_type, "X-Forwarded-Proto": "https", "Connection": "close"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            data = json.loads(response.read() or b"{}")
            code = data.get("tracking_code")
            return ("ack", code) if 200 <= response.status < 300 and code else ("error", response.status)
    except urllib.error.HTTPError as exc:
        return "error", exc.code
    # Reset, refused, an answer cut in its headers or its body (IncompleteRead is no OSError): the worker died under it.
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return "cut", type(exc).__name__


def scenario(name, redis_url, count, threads):
    unit = ensure_unit()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="reliability-bench-"))
    env = {
        **os.environ,
        "CHISO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(work / "media"),
        "RATE_LIMIT_SUBMIT": "1000000000",
        "RATE_LIMIT_READ": "1000000000",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    server = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "chiso.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            str(threads),
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(work / "gunicorn.log", "w"),  # noqa: SIM115 — open for the server's whole life
        stderr=subprocess.STDOUT,
    )
    marker = f"RB{uuid.uuid4().hex[:10]}"
    outcomes = {}
    killed = []
    try:
        wait_until_up(f"{base}/healthz")
        answered = threading.Semaphore(0)
        kill_after = max(1, count // 3)

        def killer():
            for _ in range(kill_after):
                answered.acquire()
            victims = workers_of(server.pid)
            if victims:
                os.kill(victims[0], signal.SIGKILL)
                killed.append(victims[0])

        def one(i):
            outcomes[i] = submit(base, marker, i)
            answered.release()

        kill_thread = threading.Thread(target=killer, daemon=True)
        kill_thread.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(one, range(count)))
        elapsed = time.perf_counter() - started
        kill_thread.join(timeout=5)
        time.sleep(1)
        replaced = len(workers_of(server.pid))
    finally:
        stop(server)
    stored = dict(
        Feedback.objects.filter(unit=unit, subject__startswith=marker).values_list("subject", "tracking_code")
    )
    stored_by_index = {int(subject[len(marker) + 1 : len(marker) + 6]): code for subject, code in stored.items()}
    acked = {i: value for i, (kind, value) in outcomes.items() if kind == "ack"}
    errors = {i: value for i, (kind, value) in outcomes.items() if kind == "error"}
    cut = [i for i, (kind, _value) in outcomes.items() if kind == "cut"]
    lost = [i for i, code in acked.items() if stored_by_index.get(i) != code]
    contradicted = [i for i in errors if i in stored_by_index]
    statuses = {}
    for status in errors.values():
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "scenario": name,
        "sent": count,
        "acknowledged": len(acked),
        "stored": len(stored_by_index),
        "lost": len(lost),
        "error_answers": len(errors),
        "error_statuses": statuses,
        "stored_after_error": len(contradicted),
        "cut_off": len(cut),
        "cut_off_stored": sum(1 for i in cut if i in stored_by_index),
        "killed_worker": bool(killed),
        "workers_after": replaced,
        "seconds": round(elapsed, 2),
        "log": str(work / "gunicorn.log"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--count", type=int, default=200, help="submissions per scenario")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    args = parser.parse_args()
    if args.smoke:
        args.count, args.runs = 50, 1
    redis_url = os.environ.get("REDIS_URL", "")
    scenarios = [
        ("Redis " + ("reachable" if redis_url else "not configured (in-process cache)"), redis_url),
        ("Redis unreachable (closed port)", f"redis://127.0.0.1:{free_port()}/0"),
    ]
    print(
        f"{args.count} submissions per run from {CLIENTS} clients, gunicorn 2 workers × {args.threads} threads "
        f"(production, DEBUG off), one worker killed with SIGKILL after a third; {args.runs} run(s), "
        f"{os.cpu_count()} cores\n"
    )
    keys = [
        "sent",
        "acknowledged",
        "stored",
        "lost",
        "error_answers",
        "stored_after_error",
        "cut_off",
        "cut_off_stored",
    ]
    failures = []
    print("| scenario | " + " | ".join(keys) + " | errors by status |")
    print("|---|" + "---|" * (len(keys) + 1))
    for name, url in scenarios:
        results = [scenario(name, url, args.count, args.threads) for _ in range(args.runs)]
        for r in results:
            if not r["killed_worker"]:
                failures.append(f"{name}: no worker was killed")
            if r["lost"] or r["stored_after_error"]:
                failures.append(f"{name}: lost {r['lost']}, stored after an error answer {r['stored_after_error']}")
            if r["workers_after"] < 2:
                failures.append(f"{name}: gunicorn did not replace the killed worker")
        median = {k: statistics.median(r[k] for r in results) for k in keys}
        statuses = {}
        for r in results:
            for status, n in r["error_statuses"].items():
                statuses[status] = statuses.get(status, 0) + n
        row = " | ".join(f"{median[k]:g}" for k in keys)
        print(f"| {name} | {row} | {statuses or '—'} |")
        if args.runs > 1:
            for r in results:
                print("|   run | " + " | ".join(str(r[k]) for k in keys) + f" | {r['error_statuses'] or '—'} |")
    print(f"\n(gunicorn logs: {results[-1]['log']})")
    if failures:
        raise SystemExit("FAILED: " + "; ".join(failures))
    print("acknowledged = stored for every submission that got an answer: 0 lost")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s)")
