"""Precision and recall of the plan reader against gold annotations, field by field, and one overall figure.

    .venv/bin/python bench/import_accuracy.py GOLD_DIR DOCS_DIR

GOLD_DIR holds ``NAME.json`` files (the JSON of plan-import.schema.json, written by hand); DOCS_DIR holds the
documents ``NAME.txt`` / ``.md`` / ``.docx`` / ``.xlsx``. Each document with a gold file is read and compared.
The seeds' gold files are in chiso/imports/tests/fixtures/gold, their documents in …/fixtures/seeds.
"""

import argparse
import json
import sys
from pathlib import Path

import _setup  # noqa: F401  (Django set-up)

from chiso.imports.accuracy import add, compare, overall, scores
from chiso.imports.reader import read_document
from chiso.imports.sources import ImportRefused


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir")
    parser.add_argument("docs_dir")
    parser.add_argument("--per-document", action="store_true", help="Also print each document's overall F1.")
    args = parser.parse_args(argv)
    docs = {p.stem: p for p in Path(args.docs_dir).iterdir() if p.is_file()}
    total, seen = {}, 0
    for gold_path in sorted(Path(args.gold_dir).glob("*.json")):
        doc = docs.get(gold_path.stem)
        if doc is None:
            print(f"no document for {gold_path.name}", file=sys.stderr)
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            found = read_document(doc.read_bytes(), doc.name)
        except ImportRefused as exc:
            print(f"{doc.name}: refused: {exc}", file=sys.stderr)
            found = {}
        counts = compare(gold, found)
        add(total, counts)
        seen += 1
        if args.per_document:
            print(f"{doc.name}: F1 {overall(counts)[2]:.3f}")
    if not seen:
        print("no document was compared", file=sys.stderr)
        return 1
    print(f"{seen} documents")
    print(f"{'field':28} {'precision':>9} {'recall':>7} {'F1':>6}  (tp/fp/fn)")
    for field, c in sorted(total.items()):
        p, r, f1 = scores(c)
        print(f"{field:28} {p:9.3f} {r:7.3f} {f1:6.3f}  ({c['tp']}/{c['fp']}/{c['fn']})")
    p, r, f1 = overall(total)
    print(f"{'OVERALL (micro)':28} {p:9.3f} {r:7.3f} {f1:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
