"""What the plan reader keeps of each seed and corpus opening, before and after issue 13 (figures for the report).

    .venv/bin/python bench/plan_text_figures.py [--before <commit>]
    .venv/bin/python bench/plan_text_figures.py --tasks      # proposed tasks against the measures a person counts

For each file: sections, paragraphs kept under them, tasks (task-table rows), measures proposed as tasks, measures
tagged with a PAPI dimension, measures with a lead / coordinating agency named, and the header fields found
(title, number, issuer, date). "Before" runs the reader of ``--before`` (default: the commit this branch started
from) on the same files; that reader had no measures and kept no section text.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")

import django  # noqa: E402

django.setup()

from chiso.imports.accuracy import precision_recall  # noqa: E402
from chiso.imports.drafting import proposed_tasks  # noqa: E402
from chiso.imports.reader import read_document  # noqa: E402
from chiso.imports.sources import read_lines  # noqa: E402

FIXTURES = ROOT / "chiso/imports/tests/fixtures"
FILES = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "corpus").glob("*.txt"))


def old_reader(commit: str):
    """The reader module of ``commit`` (one file then), loaded as a module of chiso.imports."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{commit}:chiso/imports/reader.py"], capture_output=True, text=True
    ).stdout
    path = Path("/tmp/chiso_reader_before.py")
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("chiso.imports._reader_before", path)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "chiso.imports"
    spec.loader.exec_module(module)
    return module


def figures(result: dict) -> dict:
    plan = result["plan"]
    measures = result.get("measures", [])
    return {
        "sections": len(result["sections"]),
        "paragraphs": sum(len(s.get("text", [])) for s in result["sections"]),
        "table": len(result["tasks"]),
        "measures": len(measures),
        "tagged": sum(1 for m in measures if m["dimensions"]),
        "lead": sum(1 for m in measures if m["lead"]),
        "coord": sum(1 for m in measures if m["coordinating"]),
        "header": sum(1 for k in ("title", "code", "issuer", "issued_on") if plan.get(k)),
    }


COUNTED = FIXTURES / "measures"  # the measures of seeds 001 and 002 as a person counts them (by hand)


def task_figures():
    print("| seed | what is proposed | proposed | counted | matched | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for path in sorted(COUNTED.glob("*.json")):
        counted = json.loads(path.read_text(encoding="utf-8"))
        document = FIXTURES / "seeds" / f"{path.stem}.txt"
        result = read_document(document.read_bytes(), document.name)
        kind, rows = proposed_tasks(result)
        lists = [("measures (prose)", [m["activity"] for m in result["measures"]], counted["measures"])]
        if "table" in counted:
            lists.append(("task table", [t["activity"] for t in result["tasks"]], counted["table"]))
        for label, proposed, wanted in lists:
            shown = " (what the preview proposes)" if (label == "task table") == (kind == "table") else ""
            hits, p, r = precision_recall(proposed, [m["opening"] for m in wanted])
            cells = [path.stem[:3], label + shown, len(proposed), len(wanted), hits, f"{p:.3f}", f"{r:.3f}"]
            print("| " + " | ".join(map(str, cells)) + " |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="9aad3ba")
    parser.add_argument("--tasks", action="store_true", help="Precision and recall of the proposed tasks.")
    args = parser.parse_args()
    if args.tasks:
        task_figures()
        return
    before = old_reader(args.before)
    keys = ["sections", "paragraphs", "table", "measures", "tagged", "lead", "coord", "header"]
    print("| file | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for path in FILES:
        data = path.read_bytes()
        lines, warnings = read_lines(data, path.name)
        old = figures(before.read_plan_lines(lines, warnings))
        new = figures(read_document(data, path.name))
        cells = [f"{old[k]} → {new[k]}" if old[k] != new[k] else str(new[k]) for k in keys]
        print(f"| {path.stem[:34]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
