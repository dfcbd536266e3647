"""Counts the imports written inside a function in production code (``chiso/`` without migrations and tests): the
figure of docs/development.md §6 ("Measured"), rule 10 of §3.

    python scripts/function_imports.py [-v]      (-v: one line per import, with its file, line and function)
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def function_imports(root=ROOT):
    """[(file, line, the import as written, the function it is in)], each import once (the innermost function)."""
    rows = {}
    for path in sorted((root / "chiso").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "/migrations/" in rel or "/tests/" in rel:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for function in ast.walk(ast.parse(text)):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        rows[(rel, node.lineno)] = (rel, node.lineno, lines[node.lineno - 1].strip(), function.name)
    return list(rows.values())


def main(argv):
    rows = function_imports()
    if "-v" in argv:
        for rel, line, statement, function in rows:
            print(f"{rel}:{line} [{function}] {statement}")
    project = sum(1 for row in rows if " chiso" in row[2] or row[2].startswith(("from .", "from chiso")))
    print(f"{len(rows)} function-level imports ({project} of project modules) in {len({r[0] for r in rows})} files")


if __name__ == "__main__":
    main(sys.argv[1:])
