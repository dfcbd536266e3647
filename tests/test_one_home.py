"""Rules with one home stay there: production code reads "today" in Vietnam's calendar (``timezone.localdate()``,
never the server clock's ``date.today()``) and writes the unit-subtree condition only through ``chiso.lib.tree``
(``subtree_q``, ``ancestors_q``, ``is_within``) or ``policy.units_where``."""

import re
from pathlib import Path

CHISO = Path(__file__).resolve().parent.parent / "chiso"
# Files being rewritten in the task-creation lane of issue 12 (the one agency matcher, moving from imports/ to
# units/, and the derive path of plans/services.py): their few conditions move to chiso.lib.tree after that merge.


def production_files():
    for path in sorted(CHISO.rglob("*.py")):
        relative = path.relative_to(CHISO).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        yield relative, path.read_text(encoding="utf-8")


def offenders(pattern, allowed=()):
    found = []
    for relative, text in production_files():
        if relative in allowed:
            continue
        found += [f"{relative}:{n}" for n, line in enumerate(text.splitlines(), 1) if re.search(pattern, line)]
    return found


def test_today_is_vietnam_s_date_not_the_server_clock_s():
    assert offenders(r"\bdate\.today\b") == []


def test_the_unit_subtree_is_written_in_one_place():
    subtree = r'path__startswith|path\.startswith\([\w.]*path \+ "\."\)'
    assert offenders(subtree, allowed={"lib/tree.py"}) == []
