"""The indices a province carries beside PAPI — PCI, PAR INDEX, SIPAS — per province and year: loaded from the
publisher's spreadsheet like PAPI's (preview, all or nothing) and shown on the province profile with their own
scales. Each is an ``indices.Index`` with one ``Score`` per province and year (code ``TOTAL``); their groups are
computed from quartiles (no published groups are held) and labelled so."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chiso.core.audit import record_created
from chiso.core.permissions import policy
from chiso.indices.models import Index, Score
from chiso.lib.budget import OverBudget, budget
from chiso.lib.text import fold
from chiso.units.models import AdministrativeUnit

from . import analysis, groups
from .loaders import other_indices
from .models import ResultsRelease
from .services import (
    PROVINCE_HEADERS,
    TOLERANCE,
    ImportResult,
    _number,
    find_header,
    province_lookup,
    province_rows,
)

VALUE_HEADERS = {"diem", "diem so", "score", "value", "gia tri", "ket qua", "chi so", "ty le", "ty le hai long"}


def codes() -> list[str]:
    return list(other_indices())


def scale_of(code: str) -> tuple[Decimal, Decimal]:
    low, high = other_indices()[code]["scale"]
    return Decimal(str(low)), Decimal(str(high))


def _header(cells, code: str) -> dict:
    found: dict = {}
    wanted = fold(code)
    for index, cell in enumerate(cells):
        text = fold(str(cell or "")).strip()
        part = text.split("/")[0].strip()
        if text in PROVINCE_HEADERS or part in PROVINCE_HEADERS:
            found.setdefault("province", index)
        elif part in VALUE_HEADERS or part.startswith((wanted, "diem ", "chi so ", "ty le ", "score ")):
            found.setdefault("value", index)
    return found


def read_index_results(upload, *, code: str, year: int) -> ImportResult:
    """Parse and check one year of ``code`` (PCI, PAR INDEX, SIPAS); writes nothing."""
    result = ImportResult(year=year, rows=[], errors=[])
    index = Index.objects.filter(code=code).first()
    if index is None or code not in other_indices():
        result.errors.append(_("The index %(code)s is not loaded (chiso load-reference).") % {"code": code})
        return result
    result.index = index
    found = find_header(
        upload,
        result,
        lambda cells: _header(cells, code),
        lambda header: "province" in header and "value" in header,
        _(
            "No header row with a province column (“Tỉnh/Thành phố”) and a score column (“Điểm”, “%(code)s”) "
            "in the first 15 rows."
        )
        % {"code": code},
    )
    if found is None:
        return result
    rows, header_at, header = found
    if Score.objects.filter(index=index, year=year).exists():
        result.errors.append(
            _("The %(code)s results of %(year)s are already loaded: a year is loaded once.")
            % {"code": code, "year": year}
        )
    low, high = scale_of(code)
    by_key, provinces = province_lookup()
    seen: dict[int, int] = {}  # province id → the line it stands on
    for cells, row in province_rows(rows, header_at, header, by_key, seen):
        if row.unit is None:
            row.errors.append(_("No province “%(name)s” among the 63 provinces.") % {"name": row.province})
        raw = cells[header["value"]]
        if isinstance(raw, str) and raw.strip().endswith("%"):
            raw = raw.strip()[:-1]
        value = _number(raw)
        if value == "invalid":
            row.errors.append(_("“%(value)s” is not a number.") % {"value": cells[header["value"]]})
        elif value is not None and not (low - TOLERANCE <= value <= high + TOLERANCE):
            row.errors.append(
                _("%(value)s is outside the scale of %(code)s (%(low)s–%(high)s).")
                % {"value": f"{value.normalize():f}", "code": code, "low": f"{low:g}", "high": f"{high:g}"}
            )
        else:
            row.values["TOTAL"] = value
        result.rows.append(row)
    for unit in provinces:
        if unit.pk not in seen:
            result.errors.append(
                _("%(name)s has no row (a province with no score still needs its row, left empty).")
                % {"name": unit.name}
            )
    if not result.rows:
        result.errors.append(_("The file has no rows under its header."))
    result.scores = sum(1 for r in result.rows if r.values.get("TOTAL") is not None)
    totals = {r.unit.pk: r.values.get("TOTAL") for r in result.rows if r.unit is not None}
    ranked = analysis.rank_values(totals)
    result.group_sizes = groups.sizes({u: r.group for u, r in ranked.items() if r.group})
    result.group_basis = groups.basis_label(groups.COMPUTED)
    return result


def import_index_results(upload, *, code: str, year: int, actor, dry_run: bool = False) -> ImportResult:
    """Load one year of another index: every row checked first, nothing written unless all are right."""
    policy.require(actor, "add", Score)
    try:
        with budget(settings.CHISO_IMPORT_SECONDS):
            result = read_index_results(upload, code=code, year=year)
    except OverBudget as exc:
        result = ImportResult(year=year, rows=[], errors=[str(exc)])
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        if Score.objects.select_for_update().filter(index=result.index, year=year).exists():
            raise ValidationError(_("The results of %(year)s were loaded meanwhile.") % {"year": year}, code="conflict")
        scores = [
            Score(index=result.index, unit=row.unit, year=year, code=Score.TOTAL, value=row.values.get("TOTAL"))
            for row in result.rows
        ]
        Score.objects.bulk_create(scores)
        release = ResultsRelease(
            index=result.index,
            year=year,
            file_name=(getattr(upload, "name", "") or "")[:255],
            provinces=len(result.rows),
            scores=result.scores,
            loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        release.full_clean()
        release.save()
        record_created(release, actor)
    result.release = release
    return result


# --- on the profile ----------------------------------------------------------------------------------------
@dataclass
class Standing:
    """A province on another index in one year: score on the index's own scale, rank, computed group."""

    index: Index
    year: int
    scale: tuple[Decimal, Decimal]
    unit_label: str
    value: Decimal | None
    rank: int | None
    group: int | None
    of: int
    median: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    previous: Decimal | None = None
    change: Decimal | None = None
    basis: str = groups.COMPUTED
    years: list | None = None

    @property
    def basis_label(self) -> str:
        return groups.basis_label(self.basis)


def standings(unit: AdministrativeUnit, year: int) -> list[Standing]:
    """Each other index with results, in its year closest to ``year`` (that year or the last before it, else
    its first), with the province's rank and the nation's median and range. One query for all indices."""
    rows = Score.objects.filter(index__code__in=codes(), code=Score.TOTAL).values_list(
        "index__code", "year", "unit_id", "value"
    )
    by_index: dict[str, dict[int, dict[int, Decimal | None]]] = {}
    for code, y, unit_id, value in rows:
        by_index.setdefault(code, {}).setdefault(y, {})[unit_id] = value
    if not by_index:
        return []
    indices = {i.code: i for i in Index.objects.filter(code__in=by_index)}
    result = []
    for code in codes():
        years = sorted(by_index.get(code, {}))
        if not years:
            continue
        shown = max((y for y in years if y <= year), default=years[0])
        values = by_index[code][shown]
        present = [v for v in values.values() if v is not None]
        mine = analysis.rank_values(values).get(unit.pk, analysis.Ranked(value=None))
        previous = by_index[code].get(shown - 1, {}).get(unit.pk)
        result.append(
            Standing(
                index=indices[code],
                year=shown,
                scale=scale_of(code),
                unit_label=other_indices()[code].get("unit", ""),
                value=mine.value,
                rank=mine.rank,
                group=mine.group,
                of=len(present),
                median=analysis.median_of(present),
                minimum=min(present) if present else None,
                maximum=max(present) if present else None,
                previous=previous,
                change=(mine.value - previous) if mine.value is not None and previous is not None else None,
                years=years,
            )
        )
    return result
