"""Text recognition (OCR) of a scanned plan: time per page, and what the reader makes of the recognised text.

    .venv/bin/python bench/ocr_bench.py [--smoke]

Seed 001 (Kế hoạch 15/KH-UBND, phường Phùng Chí Kiên) drawn on A4 pages at 200 dpi with Liberation Serif 13 pt
(``chiso/imports/tests/scans.py``) is a 10-page PDF of pictures, as a scanner makes it. Each page is rasterised at
300 dpi by pdftoppm and recognised by Tesseract (``vie``), as the upload's background job does
(:func:`chiso.imports.ocr.recognise`); wall-clock and CPU seconds (this process and its children: pdftoppm,
tesseract) per page. Then the recognised text is read and scored against the seed's gold file, like the .txt
(``bench/import_accuracy.py``), and its proposed tasks against the measures a person counts
(``bench/plan_text_figures.py --tasks``). ``--smoke`` recognises the first page only.
"""

import argparse
import json
import resource
import statistics
import sys
import time

from _setup import ROOT

from chiso.imports import ocr
from chiso.imports.accuracy import compare, field_mean, overall, precision_recall
from chiso.imports.reader import read_plan_lines
from chiso.imports.tests.scans import scanned_pdf

FIXTURES = ROOT / "chiso/imports/tests/fixtures"
SEED = "001_06388d3508c6441d"


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    missing = ocr.unavailable()
    if missing:
        print(f"OCR is not available here (missing: {', '.join(missing)})", file=sys.stderr)
        return 1
    lines = (FIXTURES / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8").splitlines()
    data = scanned_pdf(lines, max_pages=1 if args.smoke else None)
    walls, cpus = [], []
    clock = {"wall": time.perf_counter(), "cpu": cpu_seconds()}

    def page_done(done, total):
        now, cpu = time.perf_counter(), cpu_seconds()
        walls.append(now - clock["wall"])
        cpus.append(cpu - clock["cpu"])
        clock.update(wall=now, cpu=cpu)

    recognised = ocr.recognise(data, on_page=page_done)
    with open("/proc/loadavg") as handle:
        load = handle.read().split()[0]
    print(f"{len(walls)} pages ({len(data) // 1024} kB PDF), load average {load}")
    print("| per page | median | max | total |")
    print("|---|---|---|---|")
    print(f"| wall-clock (s) | {statistics.median(walls):.1f} | {max(walls):.1f} | {sum(walls):.1f} |")
    cpu = f"{statistics.median(cpus):.1f} | {max(cpus):.1f} | {sum(cpus):.1f}"
    print(f"| CPU (s, with pdftoppm and tesseract) | {cpu} |")
    if args.smoke:
        return 0
    result = read_plan_lines(recognised)
    gold = json.loads((FIXTURES / "gold" / f"{SEED}.json").read_text(encoding="utf-8"))
    counts = compare(gold, result)
    header = {k: v for k, v in counts.items() if k.startswith("plan.") and k.count(".") == 1}
    print(f"read from the scan: mean field score {field_mean(counts):.3f}, micro F1 {overall(counts)[2]:.3f}, "
          f"header fields {field_mean(header):.3f}")  # fmt: skip
    counted = json.loads((FIXTURES / "measures" / f"{SEED}.json").read_text(encoding="utf-8"))["measures"]
    hits, p, r = precision_recall([m["activity"] for m in result["measures"]], [m["opening"] for m in counted])
    print(f"proposed tasks: {len(result['measures'])} proposed, {len(counted)} counted, {hits} matched: "
          f"precision {p:.3f}, recall {r:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
