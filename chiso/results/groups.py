"""The four performance groups (highest, high-average, low-average, lowest) as PAPI published them.

PAPI does not cut its ranking by position. Where it published the groups of a year — the lower bounds of the
groups on the two-decimal score (2022: 43.44 / 42.15 / 40.74) or the number of provinces in each (2019 and 2020:
16 / 16 / 15 / 16) — they are reference data (``PublishedGroups``) and decide every province's group. Where it
published nothing, the groups are computed with the method that reproduces the published years best
(``accuracy``: how many provinces of the published years each candidate places in their published group) and
every page and export that shows them says "groups computed from quartiles".

A published rule may be partial (2023: only the 15 provinces of the highest group are known): the groups it fixes
are taken from it, the others are computed and can never be one it has filled.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .models import PublishedGroups

GROUPS = 4
PUBLISHED, PARTIAL, COMPUTED = "published", "partial", "computed"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    """What was published for one score of one year: a prefix of the lower bounds (highest group first) or of
    the group sizes."""

    lower_bounds: tuple[Decimal, ...] = ()
    sizes: tuple[int, ...] = ()
    source: str = ""

    @classmethod
    def of(cls, row: PublishedGroups) -> Rule:
        return cls(
            lower_bounds=tuple(Decimal(str(b)) for b in row.lower_bounds or ()),
            sizes=tuple(int(s) for s in row.sizes or ()),
            source=row.source,
        )

    @property
    def fixed(self) -> int:
        """How many groups, from the highest, the rule decides (3 decides all four)."""
        return min(GROUPS - 1, max(len(self.lower_bounds), len(self.sizes)))

    @property
    def basis(self) -> str:
        return PUBLISHED if self.fixed >= GROUPS - 1 else (PARTIAL if self.fixed else COMPUTED)

    def known(self, value: Decimal, rank: int) -> int | None:
        """The group the rule gives, or None when it leaves it open (then it is below the groups it fixes)."""
        if self.lower_bounds:
            shown = value.quantize(CENT, rounding=ROUND_HALF_UP)  # PAPI's maps read the two-decimal score
            for group, bound in enumerate(self.lower_bounds[: GROUPS - 1], 1):
                if shown >= bound:
                    return group
        else:
            total = 0
            for group, size in enumerate(self.sizes[: GROUPS - 1], 1):
                total += size
                if rank <= total:
                    return group
        return GROUPS if self.fixed >= GROUPS - 1 else None


# --- computing the groups where none were published ----------------------------------------------------------
def _quartile_groups(method: str, ties_up: bool) -> Callable:
    def assign(present: dict[int, Decimal], ranks: dict[int, int]) -> dict[int, int]:
        values = sorted(float(v) for v in present.values())
        if len(values) < 2:
            return dict.fromkeys(present, 1)
        q1, q2, q3 = statistics.quantiles(values, n=4, method=method)
        cuts = (q3, q2, q1)
        result = {}
        for unit, value in present.items():
            v = float(value)
            above = [v >= c if ties_up else v > c for c in cuts]
            result[unit] = next((g for g, ok in enumerate(above, 1) if ok), GROUPS)
        return result

    return assign


def _by_position(present: dict[int, Decimal], ranks: dict[int, int]) -> dict[int, int]:
    n = len(present)
    return {u: 1 + (GROUPS * (ranks[u] - 1)) // n for u in present}


# The candidates measured against the published years; the first is the one used (``accuracy`` checks it wins).
METHODS: dict[str, Callable] = {
    # quartiles as spreadsheet software computes them by default (QUARTILE.INC: linear interpolation between
    # closest ranks), a province on a quartile in the upper group
    "inclusive": _quartile_groups("inclusive", ties_up=True),
    "inclusive-strict": _quartile_groups("inclusive", ties_up=False),
    "exclusive": _quartile_groups("exclusive", ties_up=True),
    "position": _by_position,
}
METHOD = "inclusive"


def method_label(name: str) -> str:
    return {
        "inclusive": _("inclusive quartiles, a province on a quartile in the upper group"),
        "inclusive-strict": _("inclusive quartiles, a province on a quartile in the lower group"),
        "exclusive": _("exclusive quartiles"),
        "position": _("four near-equal parts by rank"),
    }[name]


def assign(
    values: dict[int, Decimal | None], ranks: dict[int, int], rule: Rule | None = None, method: str = METHOD
) -> dict[int, int]:
    """{unit: group 1–4} for the provinces with a score; a province with no score has no group."""
    present = {u: v for u, v in values.items() if v is not None}
    if not present:
        return {}
    if rule is not None and rule.fixed >= GROUPS - 1:
        return {u: rule.known(v, ranks[u]) for u, v in present.items()}
    computed = METHODS[method](present, ranks)
    if rule is None or not rule.fixed:
        return computed
    result = {}
    for unit, value in present.items():
        known = rule.known(value, ranks[unit])
        result[unit] = known if known is not None else max(computed[unit], rule.fixed + 1)
    return result


def sizes(groups: dict[int, int]) -> list[int]:
    return [sum(1 for g in groups.values() if g == k) for k in range(1, GROUPS + 1)]


def basis_label(basis: str) -> str:
    return {
        PUBLISHED: _("groups as published by PAPI"),
        PARTIAL: _("highest group as published by PAPI; the other groups computed from quartiles"),
        COMPUTED: _("groups computed from quartiles"),
    }[basis]


def rules(index_code: str, year: int) -> dict[str, Rule]:
    """The published rules of one year, by score code (one query)."""
    rows = PublishedGroups.objects.filter(index__code=index_code, year=year)
    return {row.code: Rule.of(row) for row in rows}


@dataclass
class Accuracy:
    method: str
    correct: int
    total: int

    @property
    def label(self) -> str:
        return method_label(self.method)


def accuracy(tables: list[tuple[dict[int, Decimal | None], dict[int, int], Rule]]) -> list[Accuracy]:
    """How many provinces of the published years each method places in their published group, best first.

    ``tables`` holds (values, ranks, published rule) per published year and score. For a partial rule only what
    it fixes is judged: a province of a fixed group must be in it, any other must be below them."""
    found = []
    for name, method in METHODS.items():
        correct = total = 0
        for values, ranks, rule in tables:
            present = {u: v for u, v in values.items() if v is not None}
            computed = method(present, ranks)
            for unit, value in present.items():
                known = rule.known(value, ranks[unit])
                total += 1
                correct += computed[unit] == known if known is not None else computed[unit] > rule.fixed
        found.append(Accuracy(name, correct, total))
    found.sort(key=lambda a: -a.correct)
    return found
