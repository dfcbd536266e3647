"""Growth of the plan reader with the size of its input: time and peak memory at 1k/2k/4k/10k lines (issue 11).

    .venv/bin/python bench/import_scaling_bench.py [--smoke] [--runs 3]

Two shapes: hard-wrapped lines with no full stop (the issue's case: every line joins the one before, which made
the reader quadratic: 4k lines took 56.6 s and 1.2 GB) and the same lines ending in a full stop. The reader is
measured with the run-on bound lifted (``CHISO_IMPORT_MAX_PARAGRAPH_CHARS``), to see the algorithm itself; the
last row is the issue's 3,000-line file uploaded as configured, which the bound refuses. Each measurement runs
in a fresh process (peak memory is that process's peak resident set minus its size before reading); the
figures are medians of ``--runs`` runs. No database is used. ``--smoke`` (CI): 1k and 2k lines, one run, and
it fails if the work at 2k is over 2.5 times the work at 1k.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, os.environ["CHISO_ROOT"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
import django
django.setup()
from django.conf import settings
from chiso.imports import reader
from chiso.imports.sources import ImportRefused, read_lines
try:
    from chiso.lib.budget import budget
except ImportError:  # the reader before issue 11 has no meter
    budget = None

shape, n, as_configured = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
if not as_configured:
    settings.CHISO_IMPORT_MAX_PARAGRAPH_CHARS = 10**12
stop = "." if shape == "full stops" else ""
text = "KẾ HOẠCH\nNâng cao Chỉ số PAPI\nI. MỤC TIÊU\n" + "\n".join(
    f"dòng thứ {i} của một văn bản kế hoạch được xuất từ tệp PDF{stop}" for i in range(n)
)
data = text.encode()
page = 4096
base = int(open("/proc/self/statm").read().split()[1]) * page
start = time.perf_counter()
outcome, work = "read", None
try:
    if budget is not None:
        with budget() as meter:
            reader.read_plan_lines(read_lines(data, "plan.txt")[0])
        work = meter.work
    else:
        reader.read_plan_lines(read_lines(data, "plan.txt")[0])
except ImportRefused:
    outcome = "refused"
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "peak_mb": max(peak - base, 0) / 1e6, "outcome": outcome, "work": work,
                  "kb": len(data) / 1024}))
"""


def measure(shape, n, as_configured=False, timeout=900):
    env = {"CHISO_ROOT": str(ROOT), "PATH": "/usr/bin:/bin", "CHISO_ENV": "test"}
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, shape, str(n), "1" if as_configured else "0"],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=True,
        ).stdout
    except subprocess.TimeoutExpired:
        return {"seconds": float("inf"), "peak_mb": float("nan"), "outcome": f"over {timeout} s", "work": None}
    return json.loads(out.strip().splitlines()[-1])


def median_of(runs, shape, n, as_configured=False, timeout=900):
    found = [measure(shape, n, as_configured, timeout) for _ in range(runs)]
    return {
        "seconds": statistics.median(f["seconds"] for f in found),
        "peak_mb": statistics.median(f["peak_mb"] for f in found),
        "outcome": found[0]["outcome"],
        "work": found[0]["work"],
        "kb": found[0].get("kb"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="1k and 2k lines, one run (CI).")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=900, help="Seconds before one run is given up.")
    parser.add_argument("--sizes", default="1000,2000,4000,10000", help="Line counts, comma-separated.")
    args = parser.parse_args()
    sizes = [1000, 2000] if args.smoke else [int(n) for n in args.sizes.split(",")]
    runs = 1 if args.smoke else args.runs
    print("| shape | lines | median time (s) | peak memory (MB) | work (chars examined) | outcome |")
    print("|---|---|---|---|---|---|")
    works = {}
    for shape in ("no full stop", "full stops"):
        for n in sizes:
            m = median_of(runs, shape, n, timeout=args.timeout)
            works[(shape, n)] = m["work"]
            work = f"{m['work']:,}" if m["work"] else "—"
            print(f"| {shape} | {n:,} | {m['seconds']:.2f} | {m['peak_mb']:.0f} | {work} | {m['outcome']} |")
    m = median_of(runs, "no full stop", 3000, as_configured=True, timeout=args.timeout)
    print(f"| no full stop, as configured ({m['kb']:.0f} kB .txt) | 3,000 | {m['seconds']:.2f} | {m['peak_mb']:.0f} "
          f"| — | {m['outcome']} |")  # fmt: skip
    if args.smoke:
        for shape in ("no full stop", "full stops"):
            small, large = works[(shape, 1000)], works[(shape, 2000)]
            if small and large > 2.5 * small:
                print(f"FAIL: {shape}: work {small} at 1k lines, {large} at 2k", file=sys.stderr)
                return 1
        if m["outcome"] != "refused":
            print("FAIL: the 3,000-line unpunctuated text was not refused", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
