"""Entering the groups PAPI published for a year: read what an administrator typed (cut points or group sizes),
preview where every province falls, and save it with its audit entry. The year's results import calls the same
reader, so the two doors accept exactly the same text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chiso.core.permissions import policy
from chiso.core.services import create_object, delete_object, require_version, update_object
from chiso.indices.models import Index, Score

from . import analysis, groups
from .models import PublishedGroups

SEPARATORS = re.compile(r"\s*[;/|]\s*|\s+")


def parse(text: str) -> tuple[list[str], list[int]]:
    """ "43,44; 42,15; 40,74" → lower bounds; "16 / 16 / 15 / 16" → sizes (whole numbers); "" → nothing.

    Raises ``ValidationError`` with a message saying what to type."""
    parts = [p for p in SEPARATORS.split((text or "").strip()) if p]
    if not parts:
        return [], []
    if all(p.isdigit() for p in parts):
        sizes = [int(p) for p in parts]
        if len(sizes) > groups.GROUPS or any(s <= 0 for s in sizes):
            raise ValidationError(_("Type at most four group sizes, highest group first, e.g. “16 / 16 / 15 / 16”."))
        return [], sizes
    try:
        bounds = [Decimal(p.replace(",", ".")) for p in parts]
    except InvalidOperation as exc:
        raise ValidationError(
            _("Type the lowest score of the highest, high-average and low-average groups, e.g. “43,44; 42,15; 40,74”.")
        ) from exc
    if len(bounds) > groups.GROUPS - 1 or bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds):
        raise ValidationError(
            _(
                "At most three lower bounds, each lower than the one before (highest group first), "
                "e.g. “43,44; 42,15; 40,74”."
            )
        )
    return [str(b.quantize(Decimal("0.01"))) for b in bounds], []


@dataclass
class Preview:
    """Where every province falls under the typed groups, against the groups computed from quartiles."""

    year: int
    code: str
    rule: groups.Rule
    sizes: list[int] = field(default_factory=list)
    computed_sizes: list[int] = field(default_factory=list)
    moved: list[dict] = field(default_factory=list)  # provinces whose group differs from the computed one
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def preview(index: Index, year: int, code: str, bounds: list[str], sizes: list[int]) -> Preview:
    """What the typed groups give for the year's scores; a sizes list must add up to the provinces scored."""
    rule = groups.Rule(lower_bounds=tuple(Decimal(b) for b in bounds), sizes=tuple(sizes))
    result = Preview(year=year, code=code, rule=rule)
    values = dict(
        Score.objects.filter(index=index, year=year, code=code).values_list("unit_id", "value").order_by("unit_id")
    )
    scored = {u: v for u, v in values.items() if v is not None}
    if not scored:
        result.errors.append(_("No %(code)s scores of %(year)s are loaded.") % {"code": code, "year": year})
        return result
    if sizes and (len(sizes) == groups.GROUPS and sum(sizes) != len(scored) or sum(sizes) > len(scored)):
        result.errors.append(
            _("The group sizes add up to %(sum)s, but %(n)s provinces were scored in %(year)s.")
            % {"sum": sum(sizes), "n": len(scored), "year": year}
        )
        return result
    published = analysis.rank_values(values, rule)
    computed = analysis.rank_values(values, None)
    if sizes:
        ranks = sorted(r.rank for r in published.values() if r.rank)
        total = 0
        for size in sizes[: groups.GROUPS - 1]:
            total += size
            if total < len(ranks) and ranks[total - 1] == ranks[total]:
                result.errors.append(
                    _("Provinces tied at rank %(rank)s would fall in two groups: check the sizes.")
                    % {"rank": ranks[total]}
                )
    result.sizes = groups.sizes({u: r.group for u, r in published.items() if r.group})
    result.computed_sizes = groups.sizes({u: r.group for u, r in computed.items() if r.group})
    units = {u.pk: u for u in analysis.provinces().values()}
    result.moved = sorted(
        (
            {"unit": units[u], "value": r.value, "rank": r.rank, "group": r.group, "computed": computed[u].group}
            for u, r in published.items()
            if r.group and r.group != computed[u].group and u in units
        ),
        key=lambda m: m["rank"],
    )
    return result


def set_published_groups(
    *,
    index: Index,
    year: int,
    code: str,
    text: str,
    source: str,
    actor,
    version=None,
    dry_run: bool = False,
) -> Preview:
    """Record (or correct) the groups PAPI published for ``code`` of ``year``; an empty text removes them, and the
    groups are then computed again. Checked first, saved only when the preview is right."""
    existing = PublishedGroups.objects.filter(index=index, year=year, code=code).first()
    policy.require(actor, "change" if existing else "add", existing or PublishedGroups)
    bounds, sizes = parse(text)
    result = preview(index, year, code, bounds, sizes)
    if not source.strip() and (bounds or sizes):
        result.errors.append(_("Say where PAPI published these groups (report, page or link)."))
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        if existing is not None and not bounds and not sizes:
            current = PublishedGroups.objects.select_for_update().get(pk=existing.pk)
            require_version(current, version, conflict=_conflict)
            delete_object(current, actor=actor)
        elif existing is not None:
            existing.lower_bounds, existing.sizes, existing.source = bounds, sizes, source.strip()
            update_object(existing, actor=actor, loaded_version=version)
        elif bounds or sizes:
            row = PublishedGroups(index=index, year=year, code=code, lower_bounds=bounds, sizes=sizes, source=source)
            create_object(row, actor=actor)
    return result


def _conflict() -> str:
    return _("Someone changed these groups meanwhile: reload and check again.")
