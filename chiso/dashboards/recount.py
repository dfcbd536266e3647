"""The recount: every figure of a year and period counted once per unit of the country (or of one unit's subtree)
with one grouped query per figure, rolled up the unit tree by path, and stored in place of the previous ones.
Run hourly by the periodic job and on demand from a dashboard; the pages only read what it stored."""

from __future__ import annotations

import datetime as dt
import logging
import time
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from chiso.lib import tree
from chiso.surveys import scoring
from chiso.surveys.models import Survey
from chiso.units.models import AdministrativeUnit, Agency

from . import sources
from .models import PERIODS, Figure, Recount

log = logging.getLogger(__name__)

# The figure that a key is counted out of (its denominator), shown as "n / of".
DENOMINATORS = {
    **dict.fromkeys(("tasks.on_time", "tasks.late", "tasks.overdue", "tasks.open"), "tasks.due"),
    **dict.fromkeys(("plans.on_time", "plans.late", "plans.overdue"), "plans.expected"),
    **dict.fromkeys(("reports.on_time", "reports.late", "reports.missing", "reports.accepted_on_time"), "reports.due"),
    **dict.fromkeys(("feedback.on_time", "feedback.late", "feedback.overdue"), "feedback.due"),
    "feedback.resolved": "feedback.rated",
    **dict.fromkeys(("remedies.on_time", "remedies.late", "remedies.overdue"), "remedies.due"),
    **dict.fromkeys(
        ("disclosures.on_time", "disclosures.late", "disclosures.early", "disclosures.missing"), "disclosures.due"
    ),
}


def roll_up(own: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """Each unit's own counts added to every unit above it (a record counts once in each unit of its branch)."""
    total: dict[tuple[str, str], int] = {}
    for (path, part), n in own.items():
        for above in [*tree.ancestor_paths([path]), path]:
            total[(above, part)] = total.get((above, part), 0) + n
    return total


# A stored figure as the recount writes it: (unit id, agency id, key, part, value, denominator).
Row = tuple[int, int | None, str, str, int | Decimal, int | None]
COLUMNS = ("unit_id", "agency_id", "key", "part", "value", "denominator", "year", "period", "computed_at")


def _survey_figures(ctx: sources.Ctx, root: str | None) -> list[Row]:
    """Each survey of the year with responses: its overall index (0–100) out of its responses, on its unit."""
    if ctx.period != "Y":
        return []
    surveys = Survey.objects.exclude(status=Survey.Status.DRAFT).filter(responses__submitted_at__year=ctx.year)
    if root:
        surveys = surveys.filter(tree.subtree_q([root], "unit"))
    found = []
    for survey in surveys.distinct().select_related("unit"):
        results = scoring.compute(survey, previous=False)
        if results.overall.mean is None:
            continue
        index = Decimal(str(round(results.overall.mean, 2)))
        found.append((survey.unit_id, None, "surveys.index", f"survey:{survey.pk}", index, results.responses))
    return found


def build(ctx: sources.Ctx, root: str | None = None) -> list[Row]:
    """The figures of ``ctx`` for every unit (of ``root``'s subtree) and every agency with something to count (of
    the subtree and of the units above it): one grouped query per figure, rolled up the tree in memory."""
    counted = sources.count_all(ctx, root)
    totals = {key: roll_up(own) for key, own in counted.units.items()}
    paths = {path for per_key in totals.values() for path, _part in per_key}
    # Every unit's id by path at once (a country is some 15,000 rows: cheaper than a long IN list).
    units = AdministrativeUnit.objects.filter(tree.subtree_q([root])) if root else AdministrativeUnit.objects.all()
    unit_ids = dict(units.values_list("path", "id")) if paths else {}
    figures: list[Row] = []
    for key, per_unit in totals.items():
        denominators = totals.get(DENOMINATORS.get(key, ""), {})
        counted_out_of = key in DENOMINATORS
        for (path, part), n in per_unit.items():
            if path in unit_ids:
                denominator = denominators.get((path, part)) if counted_out_of else None
                figures.append((unit_ids[path], None, key, part, n, denominator))
    agency_ids = {a for per_key in counted.agencies.values() for a in per_key}
    agency_units = dict(Agency.objects.filter(pk__in=agency_ids).values_list("id", "unit_id")) if agency_ids else {}
    for key, per_agency in counted.agencies.items():
        denominators = counted.agencies.get(DENOMINATORS.get(key, ""), {})
        for agency_id, n in per_agency.items():
            denominator = denominators.get(agency_id) if key in DENOMINATORS else None
            figures.append((agency_units[agency_id], agency_id, key, "", n, denominator))
    return figures + _survey_figures(ctx, root)


def _store(ctx: sources.Ctx, rows: list[Row], now) -> None:
    """Insert the rows in one statement repeated (no model instance per figure: a country is some 50,000 rows)."""
    if not rows:
        return
    table = connection.ops.quote_name(Figure._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"  # noqa: S608 — names only
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, [(*row, ctx.year, ctx.period, stamp) for row in rows[start : start + 5000]])


def _unit_figures(unit_id: int, ctx: sources.Ctx) -> dict[tuple[str, str], int]:
    rows = Figure.objects.filter(unit_id=unit_id, agency__isnull=True, year=ctx.year, period=ctx.period)
    return {(k, p): int(v) for k, p, v in rows.exclude(key="surveys.index").values_list("key", "part", "value")}


def _renew_ancestors(ctx: sources.Ctx, root: AdministrativeUnit, before: dict, rows: list[Row], now) -> None:
    """After a recount of ``root``'s subtree, the units above it (whose figures add up those below) take the
    difference between the subtree's new totals and its previous ones: the province is current after a commune's
    "Recount now" without recounting the province."""
    after = {(k, p): int(v) for u, a, k, p, v, _d in rows if u == root.pk and a is None and k != "surveys.index"}
    change = {kp: after.get(kp, 0) - before.get(kp, 0) for kp in {*after, *before}}
    change = {kp: n for kp, n in change.items() if n}
    if not change:
        return
    above = AdministrativeUnit.objects.filter(path__in=tree.ancestor_paths([root.path])).values_list("pk", flat=True)
    for unit_id in above:
        values = _unit_figures(unit_id, ctx)
        for kp, n in change.items():
            values[kp] = values.get(kp, 0) + n
        renewed = [
            (unit_id, None, key, part, n, values.get((DENOMINATORS[key], part), 0) if key in DENOMINATORS else None)
            for (key, part), n in values.items()
            if n > 0
        ]
        old = Figure.objects.filter(unit_id=unit_id, agency__isnull=True, year=ctx.year, period=ctx.period)
        old.exclude(key="surveys.index").delete()
        _store(ctx, renewed, now)


def recount(year: int, period: str = "Y", *, root: AdministrativeUnit | None = None, today=None) -> Recount:
    """Count and store the figures of ``year`` and ``period``: all of them, or those of ``root``'s subtree (and of
    its agencies and the agencies above it), the units above it taking the subtree's difference."""
    if period not in PERIODS:
        raise ValueError(period)
    started = time.perf_counter()
    now = timezone.now()
    ctx = sources.Ctx(year, period, today or timezone.localdate())
    path = root.path if root else ""
    figures = build(ctx, path or None)
    with transaction.atomic():
        old = Figure.objects.filter(year=year, period=period)
        if path:
            before = _unit_figures(root.pk, ctx)
            units = Q(agency__isnull=True) & tree.subtree_q([path], "unit")
            old = old.filter(units | (Q(agency__isnull=False) & sources.agency_scope(path)))
        old.delete()
        _store(ctx, figures, now)
        if path:
            _renew_ancestors(ctx, root, before, figures, now)
        duration = int((time.perf_counter() - started) * 1000)
        stamp, _created = Recount.objects.update_or_create(
            year=year,
            period=period,
            root=path,
            defaults={"computed_at": now, "figures": len(figures), "duration_ms": duration},
        )
    log.info("dashboards: recounted %s-%s %s: %s figures in %s ms", year, period, path or "*", len(figures), duration)
    return stamp


def recount_year(year: int, *, root=None, today=None) -> list[Recount]:
    return [recount(year, period, root=root, today=today) for period in PERIODS]


def covers(stamp: Recount, unit) -> bool:
    """Whether the recount ``stamp`` renewed ``unit``'s figures: a full recount, a recount of a subtree the unit lies
    in, or of a subtree below it (the units above a recounted subtree take its difference, ``_renew_ancestors``)."""
    return not stamp.root or tree.is_within(unit.path, stamp.root) or tree.is_within(stamp.root, unit.path)


def stamps(unit, year: int, period: str) -> tuple[dt.datetime | None, str]:
    """When the figures of ``unit`` for ``year`` and ``period`` were counted (the latest recount covering it), and
    the version of all the period's figures (the latest recount anywhere: a recount below changes the units below
    and, rolled up, this one): one query."""
    found = list(Recount.objects.filter(year=year, period=period).order_by("-computed_at", "-pk")[:50])
    version = f"{found[0].pk}-{found[0].computed_at.isoformat()}" if found else "none"
    for stamp in found:
        if covers(stamp, unit):
            return stamp.computed_at, version
    return None, version


def computed_at(unit, year: int, period: str) -> dt.datetime | None:
    """When the figures of ``unit`` for ``year`` and ``period`` were counted: the latest recount covering it."""
    return stamps(unit, year, period)[0]
