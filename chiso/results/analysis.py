"""Where a province stands: rankings, quartile groups, profiles, trends, peers and the weakest sub-dimensions.

Everything here reads the published scores (``indices.Score``) of the 63 pre-2025 provinces and computes;
nothing is stored. One year of scores is about 2,700 rows, read in one query.

Rules kept throughout:

* a score belongs to a scale: a dimension 1–10; each of the n sub-dimensions a dimension had *that year*
  1/n–10/n; the total n–10n where n is the number of dimensions (6 until 2017, 8 since 2018);
* two scores are compared across years only when their scale is the same and the 2018 break (most
  dimensions redesigned, two added) lies not between them — PAPI itself discourages that comparison;
* an empty score is a gap in PAPI's data, never a zero: it gets no rank and draws no line.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy

from chiso.indices.models import Dimension, Score, SubDimension
from chiso.units.models import AdministrativeUnit

from . import groups as performance_groups
from .models import PublishedGroups

TOTAL = Score.TOTAL
BREAK_YEAR = 2018  # the structure of 2018: 8 dimensions, most of the old six redesigned
FIRST_YEAR = 2011
TILES_JSON = Path(__file__).resolve().parent / "data" / "province_tiles.json"
# Province outlines of the 63 provinces (npm @svg-maps/vietnam, CC BY 4.0), with our codes added.
SHAPES_JSON = Path(__file__).resolve().parent / "data" / "vietnam_provinces_svg.json"


# --- reference: provinces, their tiles, regions and successors ---------------------------------------
@cache
def tile_data() -> dict:
    with open(TILES_JSON, encoding="utf-8") as fh:
        return json.load(fh)


@cache
def shapes() -> dict:
    with open(SHAPES_JSON, encoding="utf-8") as fh:
        return json.load(fh)


def tiles() -> dict[str, dict]:
    return {t["code"]: t for t in tile_data()["tiles"]}


def region_name(code: str) -> str:
    for region in tile_data()["regions"]:
        if region["code"] == code:
            return region["name_en"] if translation.get_language() == "en" else region["name_vi"]
    return code


def provinces(*, successors: bool = False) -> dict[int, AdministrativeUnit]:
    """The 63 legacy provinces by id; with ``successors``, each has ``successor`` (its 2025 province) set."""
    queryset = AdministrativeUnit.objects.legacy().provinces().order_by("code")
    if not successors:
        return {u.pk: u for u in queryset}
    units = list(queryset.prefetch_related("successors"))
    for unit in units:
        found = list(unit.successors.all())
        unit.successor = found[0] if found else None
    return {u.pk: u for u in units}


def province_of(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """The legacy province a unit lies in (the unit itself when it is one); PAPI scores only provinces."""
    if unit.level == AdministrativeUnit.Level.PROVINCE:
        return unit
    top = ".".join(unit.path.split(".")[:2])
    return AdministrativeUnit.objects.filter(path=top, level=AdministrativeUnit.Level.PROVINCE).first()


# --- one year of scores ------------------------------------------------------------------------------
@dataclass
class Ranked:
    """One province's standing on one score of one year."""

    value: Decimal | None
    rank: int | None = None
    group: int | None = None
    of: int = 0


@dataclass
class YearTable:
    """All scores of one year: ``values[code][unit_id]``, ``n_dimensions`` of the total, and the structure."""

    year: int
    values: dict[str, dict[int, Decimal | None]]
    n_dimensions: int | None
    rules: dict[str, performance_groups.Rule] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        return bool(self.values)

    def subcodes(self, dimension_code: str) -> list[str]:
        return [c for c in self.values if c.startswith(dimension_code + ".")]

    def scale(self, code: str) -> tuple[Decimal, Decimal]:
        """(minimum, maximum) of a score of this year."""
        if code == TOTAL:
            n = self.n_dimensions or (8 if self.year >= BREAK_YEAR else 6)
            return Decimal(n), Decimal(10 * n)
        if "." in code:
            n = len(self.subcodes(code.split(".")[0])) or 1
            return (Decimal(1) / n).quantize(Decimal("0.01")), (Decimal(10) / n).quantize(Decimal("0.01"))
        return Decimal(1), Decimal(10)

    def ranking(self, code: str) -> dict[int, Ranked]:
        return rank_values(self.values.get(code, {}), self.rules.get(code))

    def basis(self, code: str) -> str:
        """Whether the groups of ``code`` are PAPI's published ones, partly, or computed from quartiles."""
        rule = self.rules.get(code)
        return rule.basis if rule is not None else performance_groups.COMPUTED


def rank_values(values: dict[int, Decimal | None], rule: performance_groups.Rule | None = None) -> dict[int, Ranked]:
    """Competition ranks (1, 2, 2, 4 …), highest score first, and the four performance groups: the published
    ones where PAPI published them (``rule``), else computed from quartiles (``groups.assign``). Tied provinces
    always share a group; provinces with no published score get no rank and no group.
    """
    scored = sorted((v, u) for u, v in values.items() if v is not None)
    scored.reverse()
    n = len(scored)
    result = {u: Ranked(value=None) for u, v in values.items() if v is None}
    ranks: dict[int, int] = {}
    rank = 0
    previous = None
    for position, (value, unit_id) in enumerate(scored, 1):
        if value != previous:
            rank, previous = position, value
        ranks[unit_id] = rank
    grouped = performance_groups.assign(values, ranks, rule)
    for value, unit_id in scored:
        result[unit_id] = Ranked(value=value, rank=ranks[unit_id], group=grouped[unit_id], of=n)
    return result


def rank_of(values: dict[int, Decimal | None], unit_id: int) -> int | None:
    """One province's competition rank, without sorting the others (the same rank ``rank_values`` gives)."""
    mine = values.get(unit_id)
    if mine is None:
        return None
    return 1 + sum(1 for v in values.values() if v is not None and v > mine)


def year_table(year: int, *, only: str | None = None, groups: bool = True) -> YearTable:
    """The whole year in one query (about 2,700 rows) — or, with ``only``, just that score and the rows its
    scale depends on (a sub-dimension's sisters), about 200. Not cached: it is fast, and a cache would have
    to be told whenever an administrator loads or corrects a year."""
    values: dict[str, dict[int, Decimal | None]] = {}
    n_dims = None
    rows = Score.objects.filter(index__code="PAPI", year=year)
    if only:
        rows = rows.filter(Q(code=only) | Q(code__startswith=only.split(".")[0] + "."))
    rows = rows.values_list("unit_id", "code", "value", "n_dimensions")
    for unit_id, code, value, n in rows:
        values.setdefault(code, {})[unit_id] = value
        if code == TOTAL and n:
            n_dims = n
    return YearTable(
        year=year,
        values=values,
        n_dimensions=n_dims,
        rules=performance_groups.rules("PAPI", year) if values and groups else {},
    )


def published_years() -> list[int]:
    return list(
        Score.objects.filter(index__code="PAPI", code=TOTAL).values_list("year", flat=True).distinct().order_by("year")
    )


def comparable(this: YearTable, other: YearTable, code: str) -> bool:
    """May a score of ``this`` year be compared with the same score of ``other``?"""
    if not other.published or code not in other.values:
        return False
    if (this.year >= BREAK_YEAR) != (other.year >= BREAK_YEAR):
        return False
    return this.scale(code) == other.scale(code)


# --- the framework's names and order -----------------------------------------------------------------
@dataclass
class Node:
    code: str
    name: str
    dimension: Dimension | None = None
    subdimension: SubDimension | None = None


def framework_nodes() -> tuple[dict[str, Node], list[str]]:
    """Every dimension and sub-dimension by code, and the codes in the framework's order."""
    nodes: dict[str, Node] = {}
    order: list[str] = []
    dims = Dimension.objects.filter(index__code="PAPI").order_by("order").prefetch_related("subdimensions")
    for d in dims:
        nodes[d.code] = Node(d.code, d.name, dimension=d)
        order.append(d.code)
        for s in sorted(d.subdimensions.all(), key=lambda s: (s.order, s.code)):
            nodes[s.code] = Node(s.code, s.name, dimension=d, subdimension=s)
            order.append(s.code)
    return nodes, order


# --- profile ---------------------------------------------------------------------------------------------
@dataclass
class ScoreLine:
    """One line of a profile: a score with its scale, standing, change and the national picture."""

    code: str
    name: str
    level: str  # "total", "dimension", "subdimension"
    value: Decimal | None
    scale: tuple[Decimal, Decimal]
    rank: int | None
    group: int | None
    of: int
    previous: Decimal | None = None
    change: Decimal | None = None
    previous_rank: int | None = None
    comparable: bool = False
    median: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    best: list = field(default_factory=list)
    subdimension: SubDimension | None = None
    dimension: Dimension | None = None
    basis: str = performance_groups.COMPUTED  # the groups: published by PAPI, partly, or computed

    @property
    def basis_label(self) -> str:
        return performance_groups.basis_label(self.basis)

    @property
    def rank_change(self) -> int | None:
        if self.comparable and self.rank and self.previous_rank:
            return self.previous_rank - self.rank  # positive: moved up
        return None

    @property
    def rank_fall(self) -> int:
        """How many places the unit fell (0 when it rose or kept its place): officials write "giảm 11 bậc"."""
        change = self.rank_change
        return -change if change and change < 0 else 0

    @property
    def position(self) -> float | None:
        """Where the score sits on its scale, 0 (minimum) to 1 (maximum): comparable across scales."""
        if self.value is None:
            return None
        low, high = self.scale
        return float((self.value - low) / (high - low))

    @property
    def gap_to_best(self) -> float | None:
        if self.value is None or self.maximum is None:
            return None
        low, high = self.scale
        return float((self.maximum - self.value) / (high - low))

    @property
    def change_share(self) -> float | None:
        if self.change is None:
            return None
        low, high = self.scale
        return float(self.change / (high - low))


@dataclass
class Profile:
    unit: AdministrativeUnit
    year: int
    published: bool
    lines: list[ScoreLine]
    previous_year: int

    @property
    def total(self) -> ScoreLine | None:
        return next((line for line in self.lines if line.level == "total"), None)

    @property
    def dimensions(self) -> list[ScoreLine]:
        return [line for line in self.lines if line.level == "dimension"]

    def subdimensions(self, dimension_code: str | None = None) -> list[ScoreLine]:
        return [
            line
            for line in self.lines
            if line.level == "subdimension" and (dimension_code is None or line.code.split(".")[0] == dimension_code)
        ]

    @property
    def n_dimensions(self) -> int:
        return len(self.dimensions)


def median_of(values):
    return Decimal(statistics.median(values)).quantize(Decimal("0.000001")) if values else None


def profile(unit: AdministrativeUnit, year: int, *, units: dict[int, AdministrativeUnit] | None = None) -> Profile:
    """A province's total, dimensions and sub-dimensions of ``year`` with rank, group, change and the nation."""
    table = year_table(year)
    before = year_table(year - 1, groups=False)  # its values and ranks only
    nodes, order = framework_nodes()
    best_ids: dict[str, list[int]] = {}
    codes = [TOTAL] + [c for c in order if c in table.values]
    lines = []
    for code in codes:
        values = table.values.get(code, {})
        ranking = table.ranking(code)
        mine = ranking.get(unit.pk, Ranked(value=None))
        present = [v for v in values.values() if v is not None]
        maximum = max(present) if present else None
        node = nodes.get(code)
        level = "total" if code == TOTAL else ("subdimension" if "." in code else "dimension")
        line = ScoreLine(
            code=code,
            name=node.name if node else "",
            level=level,
            value=mine.value,
            scale=table.scale(code),
            rank=mine.rank,
            group=mine.group,
            of=mine.of or len(present),
            median=median_of(present),
            minimum=min(present) if present else None,
            maximum=maximum,
            best=[],
            subdimension=node.subdimension if node else None,
            dimension=node.dimension if node else None,
            basis=table.basis(code),
        )
        if comparable(table, before, code):
            line.comparable = True
            line.previous = before.values[code].get(unit.pk)
            line.previous_rank = rank_of(before.values[code], unit.pk)
            if line.previous is not None and line.value is not None:
                line.change = line.value - line.previous
        best_ids[code] = [u for u, v in values.items() if v is not None and v == maximum]
        lines.append(line)
    # The best provinces by id, then the few unit rows they need (all 63 only when the caller has them).
    if units is None:
        wanted = {u for ids in best_ids.values() for u in ids}
        units = AdministrativeUnit.objects.in_bulk(wanted)
    for line in lines:
        line.best = [units[u] for u in best_ids[line.code] if u in units]
    return Profile(unit=unit, year=year, published=table.published, lines=lines, previous_year=year - 1)


def ranking(
    year: int, code: str, *, units: dict[int, AdministrativeUnit] | None = None, table: YearTable | None = None
) -> list[dict]:
    """Every province on one score of one year, best first; provinces with no score come last, unranked."""
    units = units if units is not None else provinces()
    table = table if table is not None else year_table(year)
    ranked = table.ranking(code)
    rows = [
        {"unit": units[u], "value": r.value, "rank": r.rank, "group": r.group, "of": r.of}
        for u, r in ranked.items()
        if u in units
    ]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["unit"].code))
    return rows


# --- trends ----------------------------------------------------------------------------------------------
@dataclass
class National:
    """One score of one year across the provinces, and where this province stood."""

    median: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    rank: int | None = None
    group: int | None = None
    of: int = 0
    best: list[int] = field(default_factory=list)  # ids of the provinces at the maximum
    basis: str = performance_groups.COMPUTED


@dataclass
class Series:
    """One score of one province over the years, cut into segments that may be drawn as one line."""

    code: str
    name: str
    years: list[int]
    points: dict[int, Decimal | None]
    segments: list[dict]  # {"years": [...], "scale": (min, max)}
    national: dict[int, National] = field(default_factory=dict)  # filled when asked for (``national=True``)


def _national(values: dict[int, Decimal | None], unit_id: int, rule) -> National:
    present = [v for v in values.values() if v is not None]
    if not present:
        return National(median=None, minimum=None, maximum=None)
    ranked = rank_values(values, rule).get(unit_id, Ranked(value=None))
    maximum = max(present)
    return National(
        median=median_of(present),
        minimum=min(present),
        maximum=maximum,
        rank=ranked.rank,
        group=ranked.group,
        of=len(present),
        best=[u for u, v in values.items() if v == maximum],
        basis=rule.basis if rule is not None else performance_groups.COMPUTED,
    )


def trend(
    unit: AdministrativeUnit,
    *,
    last_year: int | None = None,
    codes: list[str] | None = None,
    years: list[int] | None = None,
    national: bool = False,
) -> list[Series]:
    """Every score of a province from 2011 on, with segments split wherever the scale or the structure changed.

    A year PAPI published nothing for is a gap inside a segment (``points[year] is None``), never a zero. With
    ``national``, each series also carries every year's national median, minimum, maximum and the province's
    rank and group (all provinces' rows of those scores are read, in one query: about 900 per score).
    """
    years = years if years is not None else published_years()
    if last_year:
        years = [y for y in years if y <= last_year]
    if not years:
        return []
    rows = Score.objects.filter(index__code="PAPI", year__in=years)
    if not national:
        rows = rows.filter(unit=unit)
    if codes is not None:
        # Only these scores: enough for a total's scale (n_dimensions is on its own row); a sub-dimension's
        # scale needs its dimension's other sub-dimensions, so ask for those too.
        rows = rows.filter(code__in=codes)
    rows = rows.values_list("unit_id", "year", "code", "value", "n_dimensions")
    by_code: dict[str, dict[int, Decimal | None]] = {}
    everyone: dict[tuple[str, int], dict[int, Decimal | None]] = {}
    # The province's own rows carry each year's structure (a row exists for every score of that year, empty
    # where PAPI published nothing), so the scales come without reading the other 62 provinces.
    tables = {y: YearTable(year=y, values={}, n_dimensions=None) for y in years}
    for unit_id, year, code, value, n in rows:
        if national:
            everyone.setdefault((code, year), {})[unit_id] = value
        if unit_id != unit.pk:
            continue
        by_code.setdefault(code, {})[year] = value
        tables[year].values.setdefault(code, {})[unit.pk] = value
        if code == TOTAL and n:
            tables[year].n_dimensions = n
    rules = {}
    if national:
        for row in PublishedGroups.objects.filter(index__code="PAPI", year__in=years):
            rules[(row.code, row.year)] = performance_groups.Rule.of(row)
    nodes, order = framework_nodes() if codes != [TOTAL] else ({}, [])
    result = []
    for code in [TOTAL] + [c for c in order if c in by_code]:
        points = by_code.get(code, {})
        segments: list[dict] = []
        for year in years:
            if code not in tables[year].values:
                continue  # not part of that year's structure
            scale = tables[year].scale(code)
            last = segments[-1] if segments else None
            if last and last["scale"] == scale and (last["years"][-1] >= BREAK_YEAR) == (year >= BREAK_YEAR):
                last["years"].append(year)
            else:
                segments.append({"years": [year], "scale": scale})
        node = nodes.get(code)
        series = Series(
            code=code,
            name=node.name if node else "",
            years=years,
            points={y: points.get(y) for y in years},
            segments=segments,
        )
        if national:
            series.national = {
                y: _national(everyone[(code, y)], unit.pk, rules.get((code, y)))
                for y in years
                if (code, y) in everyone and code in tables[y].values
            }
        result.append(series)
    return result


# --- peers -------------------------------------------------------------------------------------------------
class PeerKind(models.TextChoices):
    NEIGHBOURS = "neighbours", gettext_lazy("Neighbouring provinces")
    REGION = "region", gettext_lazy("Same region")
    SUCCESSOR = "successor", gettext_lazy("Same province since 1/7/2025")


PEER_KINDS = tuple(PeerKind.values)


def peers(unit: AdministrativeUnit, kind: str, units: dict[int, AdministrativeUnit]) -> list[AdministrativeUnit]:
    """Provinces to compare with: ``neighbours`` (adjacent squares of the tile map, so approximate),
    ``region`` (same socio-economic region) or ``successor`` (merged into the same province in 2025)."""
    layout = tiles()
    mine = layout.get(unit.code)
    others = [u for u in units.values() if u.pk != unit.pk]
    if kind == "successor":
        target = getattr(units.get(unit.pk, unit), "successor", None)
        return [u for u in others if target is not None and u.successor is not None and u.successor.pk == target.pk]
    if mine is None:
        return []
    if kind == "region":
        return [u for u in others if layout.get(u.code, {}).get("region") == mine["region"]]
    if kind == "neighbours":
        return [
            u
            for u in others
            if u.code in layout
            and abs(layout[u.code]["col"] - mine["col"]) <= 1
            and abs(layout[u.code]["row"] - mine["row"]) <= 1
        ]
    return []


# --- gaps ------------------------------------------------------------------------------------------------------
GAP_COUNT = 5


class GapReason(models.TextChoices):
    """Why a sub-dimension is listed among the weakest."""

    LOWEST = "lowest", gettext_lazy("among the lowest on its scale")
    FALL = "fall", gettext_lazy("among the largest falls")
    FAR_FROM_BEST = "far_from_best", gettext_lazy("among the farthest from the best province")


@dataclass
class Gap:
    line: ScoreLine
    reasons: list[str]
    tasks: list = field(default_factory=list)
    agencies: list = field(default_factory=list)  # who answers for it in the plan's assignment table


def weakest(prof: Profile, count: int = GAP_COUNT) -> list[Gap]:
    """The weakest sub-dimensions of a profile: the ``count`` lowest on their scale, the ``count`` largest
    falls since the previous comparable year and the ``count`` farthest from the best province, merged and
    ordered by the distance to the best (the widest gap first)."""
    subs = [line for line in prof.subdimensions() if line.value is not None]
    reasons: dict[str, list[str]] = {}
    for line in sorted(subs, key=lambda s: s.position)[:count]:
        reasons.setdefault(line.code, []).append(GapReason.LOWEST.value)
    falls = [s for s in subs if s.change is not None and s.change < 0]
    for line in sorted(falls, key=lambda s: s.change_share)[:count]:
        reasons.setdefault(line.code, []).append(GapReason.FALL.value)
    for line in sorted(subs, key=lambda s: -s.gap_to_best)[:count]:
        reasons.setdefault(line.code, []).append(GapReason.FAR_FROM_BEST.value)
    chosen = [Gap(line=s, reasons=reasons[s.code]) for s in subs if s.code in reasons]
    chosen.sort(key=lambda g: (-g.line.gap_to_best, g.line.code))
    return chosen
