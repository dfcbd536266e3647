"""Precision and recall of the plan reader against gold annotations, field by field, and one overall figure.

    .venv/bin/python bench/import_accuracy.py GOLD_DIR DOCS_DIR

GOLD_DIR holds ``NAME.json`` files (the JSON of plan-import.schema.json, written by hand); DOCS_DIR holds the
documents ``NAME.txt`` / ``.md`` / ``.docx`` / ``.xlsx`` / ``.pdf``. Each document with a gold file is read and
compared. ``--header`` scores the header fields only (title, number, issuer, place, date, year); a gold file that
annotates only some fields lists them in ``scored``.

    F=chiso/imports/tests/fixtures
    seeds:           bench/import_accuracy.py $F/gold $F/seeds
    corpus openings: bench/import_accuracy.py $F/corpus/gold $F/corpus

The mean field score is the mean of the fields' F1 (each field counts the same); OVERALL is the micro F1 over
every item of every field.
"""

import argparse
import json
import sys
from pathlib import Path

import _setup  # noqa: F401  (Django set-up)

from chiso.imports.accuracy import HEADER, add, compare, field_mean, overall, scores
from chiso.imports.reader import read_document
from chiso.imports.sources import ImportRefused


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir")
    parser.add_argument("docs_dir")
    parser.add_argument("--per-document", action="store_true", help="Also print each document's overall F1.")
    parser.add_argument("--header", action="store_true", help="Score the header fields only.")
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
        counts = compare(gold, found, HEADER if args.header else None)
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
    print(f"{'mean field score (F1)':28} {field_mean(total):24.3f}")
    header = [f for f in HEADER if f in total]
    print(f"{'mean header field score':28} {field_mean(total, header):24.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
