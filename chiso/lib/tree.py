"""The administrative-unit tree, kept as materialised paths ("L.33.328.12124"): the one home of the subtree and
ancestor conditions every queryset, form and policy uses.

A unit's ``path`` is its ancestors' codes joined by dots, so "every unit below X" is one indexed prefix scan
(``path`` equal to X's or starting with X's path and a dot) and "the units above X" are the prefixes of X's path.
``lookup`` leads from the queried model to the unit ("" when the model *is* the unit, ``"plan__unit"`` for a task).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q


def _field(lookup: str) -> str:
    return f"{lookup}__path" if lookup else "path"


def subtree_q(paths: Iterable[str], lookup: str = "", include_self: bool = True) -> Q:
    """Rows whose unit lies in the subtree of any of ``paths`` (no path → no row)."""
    field = _field(lookup)
    conditions = []
    for path in minimal(paths):
        below = Q(**{f"{field}__startswith": path + "."})
        conditions.append(Q(**{field: path}) | below if include_self else below)
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def ancestors_q(paths: Iterable[str], lookup: str = "") -> Q:
    """Rows whose unit lies strictly above any of ``paths``."""
    above = ancestor_paths(paths)
    return Q(**{f"{_field(lookup)}__in": above}) if above else Q(pk__in=[])


def ancestor_paths(paths: Iterable[str]) -> list[str]:
    """ "L.33.328.12124" → ["L.33", "L.33.328"]: the units above, read from the path (the root "L" excluded)."""
    above = set()
    for path in paths:
        parts = path.split(".")
        for i in range(2, len(parts)):
            above.add(".".join(parts[:i]))
    return sorted(above)


def is_within(path: str, top: str) -> bool:
    """True when the unit at ``path`` is ``top`` or lies below it."""
    return path == top or path.startswith(top + ".")


def minimal(paths: Iterable[str]) -> list[str]:
    """The paths not already covered by a shorter one, so queries carry fewer conditions."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(is_within(path, k) for k in kept):
            kept.append(path)
    return kept
