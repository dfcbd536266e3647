"""Speed of the plan reader: a dry run of the largest seed, and a 200-row .xlsx task table.

    .venv/bin/python bench/import_bench.py [--smoke]

Targets (issue 5): the largest seed (Vĩnh Châu, 37 kB, 23 tasks) under 300 ms; a 200-row .xlsx under 1 s.
Reading only (what ``chiso import-plan --dry-run`` does); no database is needed.
"""

import argparse
import io

from _setup import ROOT, summary, table, timed
from django.core.management import call_command

from chiso.imports import reader
from chiso.imports.reader import read_document
from chiso.imports.tests.documents import xlsx_tasks

SEEDS = ROOT / "chiso/imports/tests/fixtures/seeds"


def cold(fn):
    """Each run starts with an empty fold cache, as a new upload does."""

    def run():
        reader.fold.cache_clear()
        fn()

    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="A few iterations (CI).")
    args = parser.parse_args()
    repeat = 3 if args.smoke else 30
    largest = max(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)
    data = largest.read_bytes()
    sheet = xlsx_tasks(200)
    assert len(read_document(sheet, "bang.xlsx")["tasks"]) == 200
    rows = [
        (
            f"read {largest.name} ({len(data) // 1024} kB)",
            summary(timed(cold(lambda: read_document(data, largest.name)), repeat)),
            "< 300 ms",
        ),
        (
            f"`chiso import-plan {largest.name} --dry-run --json` (in-process)",
            summary(
                timed(
                    lambda: call_command("import_plan", str(largest), "--dry-run", "--json", stdout=io.StringIO()),
                    repeat,
                )
            ),
            "< 300 ms",
        ),
        (
            "read a 200-row .xlsx task table",
            summary(timed(cold(lambda: read_document(sheet, "bang.xlsx")), repeat)),
            "< 1 s",
        ),
    ]
    print(table(rows))


if __name__ == "__main__":
    main()
