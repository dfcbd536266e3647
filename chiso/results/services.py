"""State changes of the results: loading a new year from PAPI's spreadsheet (all or nothing, with a row-by-row
report) and drafting a task for a weak sub-dimension. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from chiso.core.audit import record_created
from chiso.core.permissions import policy
from chiso.indices.models import Dimension, Index, Score, SubDimension
from chiso.lib import uploads
from chiso.lib.archives import ImportRefused, Unopenable, check_archive, too_many_lines
from chiso.lib.budget import OverBudget, budget, charge
from chiso.lib.text import fold
from chiso.plans import services as plans
from chiso.plans.models import Plan, Task
from chiso.units.models import AdministrativeUnit

from . import analysis, groups, groups_services
from .models import ResultsRelease

SCORE_COLUMN = re.compile(r"^(?:noi dung\s*)?d?\s*([1-8])(?:\.(\d|l\d))?$")
PROVINCE_HEADERS = {
    "province_code_legacy",
    "ma tinh",
    "province code",
    "province",
    "province_vi",
    "tinh",
    "tinh/thanh pho",
    "tinh, thanh pho",
}
TOTAL_HEADERS = {"papi_total", "total", "tong", "tong diem", "chi so papi", "papi", "tong diem papi"}
YEAR_HEADERS = {"year", "nam"}
TOLERANCE = Decimal("0.000001")


# --- drafting a task for a gap ----------------------------------------------------------------------------
def draft_gap_task(plan: Plan, subdimension: SubDimension, *, actor) -> Task:
    """A new task tagged with ``subdimension`` (and its dimension) at the end of the plan — or, when the plan
    is no longer a draft, of the unit's latest draft plan. The coordinator then writes what is to be done."""
    with transaction.atomic():
        target = Plan.objects.select_for_update().get(pk=plan.pk)
        if not target.is_editable:
            target = Plan.objects.filter(unit=plan.unit, status=Plan.Status.DRAFT).order_by("-year", "-id").first()
        if target is None:
            raise ValidationError(
                _(
                    "The plan is issued and its unit has no draft plan: copy the plan to next year first, then add the "
                    "task there."
                ),
                code="no_draft_plan",
            )
        policy.require(actor, "change", target)
        task = plans.add_task(
            target,
            actor=actor,
            subdimensions=[subdimension],
            dimensions=[subdimension.dimension_id],
            event="task.drafted_from_gap",
            data={"code": subdimension.code},
            title=_("Improve “%(name)s” (%(code)s)") % {"name": subdimension.name, "code": subdimension.code},
            activity=_("To be written: what will be done about %(code)s, by whom and by when.")
            % {"code": subdimension.code},
            timeframe_kind="ongoing",
            timeframe_text="Thường xuyên",
        )
    return task


# --- loading a year's results -------------------------------------------------------------------------------
@dataclass
class ImportRow:
    line: int
    province: str
    unit: AdministrativeUnit | None = None
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


@dataclass
class ImportResult:
    year: int | None
    rows: list
    errors: list  # not tied to one row
    scores: int = 0
    release: ResultsRelease | None = None
    n_dimensions: int = 0
    index: Index | None = None
    dimensions: dict = field(default_factory=dict)
    subdimensions: dict = field(default_factory=dict)
    group_sizes: list = field(default_factory=list)  # provinces in each group of the total, highest first
    group_basis: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)

    @property
    def columns(self) -> list[str]:
        seen = []
        for row in self.rows:
            for code in row.values:
                if code not in seen:
                    seen.append(code)
        return seen


def _cells(upload) -> tuple[list[list], str | None]:
    """The file's rows as lists of cells, or an error message."""
    name = (getattr(upload, "name", "") or "").lower()
    try:
        uploads.check_upload(upload, "results")
    except ValidationError as exc:
        return [], exc.messages[0]
    data = upload.read()
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1258"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return [], _("The .csv file is not in UTF-8: save it again as “CSV UTF-8”.")
        rows = []
        try:
            for row in csv.reader(io.StringIO(text)):
                if len(rows) >= settings.CHISO_IMPORT_MAX_LINES:
                    return [], str(too_many_lines())
                charge(len(row))
                rows.append(row)
        except csv.Error:
            return [], _("The .csv file could not be read.")
        return rows, None

    try:
        check_archive(data)  # what it unpacks to, and the rows and columns its sheets address
    except Unopenable:
        return [], _("This is neither an Excel (.xlsx) nor a .csv file.")
    except ImportRefused as exc:
        return [], str(exc)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], _("This is neither an Excel (.xlsx) nor a .csv file.")
    rows, sheet = [], workbook.worksheets[0]
    columns = settings.CHISO_IMPORT_MAX_COLUMNS  # a declared dimension pads every row to its width
    for row in sheet.iter_rows(max_col=min(sheet.max_column or columns, columns), values_only=True):
        if len(rows) >= settings.CHISO_IMPORT_MAX_LINES:
            return [], str(too_many_lines())
        charge(len(row))
        rows.append(list(row))
    return rows, None


def _header(cells) -> dict:
    """Column index of the province, total, year and every score code found in a header row."""
    found: dict = {}
    for index, cell in enumerate(cells):
        text = fold(str(cell or "")).strip()
        part = text.split("/")[0].strip() if "/" in text and text not in PROVINCE_HEADERS else text
        if text in PROVINCE_HEADERS or part in PROVINCE_HEADERS:
            found.setdefault("province", index)
        elif text in TOTAL_HEADERS or part in TOTAL_HEADERS:
            found.setdefault("total", index)
        elif text in YEAR_HEADERS or part in YEAR_HEADERS:
            found.setdefault("year", index)
        else:
            match = SCORE_COLUMN.match(part)
            if match:
                code = f"D{match.group(1)}" + (f".{match.group(2).upper()}" if match.group(2) else "")
                found.setdefault(code, index)
    return found


def _number(cell) -> Decimal | None | str:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    try:
        return Decimal(str(cell).strip().replace(",", ".")).quantize(TOLERANCE)
    except InvalidOperation:
        return "invalid"


def province_lookup() -> tuple[dict, list[AdministrativeUnit]]:
    """The 63 provinces by code, name and name without "Tỉnh"/"Thành phố" (folded), and the list of them."""
    provinces = list(AdministrativeUnit.objects.legacy().provinces())
    by_key = {}
    for p in provinces:
        by_key[p.code] = p
        by_key[fold(p.name)] = p
        by_key[fold(p.name).replace("tinh ", "", 1).replace("thanh pho ", "", 1)] = p
    return by_key, provinces


def province_rows(rows, header_at, header, by_key, seen):
    """The data rows of a table of provinces below its header (row ``header_at``): each as (cells padded to the
    header, an :class:`ImportRow` with its province found by code or name, folded). ``seen`` collects the line of
    each province found; a province named twice is an error of the row, one not found is left to the caller to
    word. Blank rows are skipped."""
    for line, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        charge(len(cells))
        cells = list(cells) + [None] * (len(rows[header_at]) - len(cells))
        name = str(cells[header["province"]] or "").strip()
        if not name and not any(c not in (None, "") for c in cells):
            continue
        row = ImportRow(line=line, province=name)
        key = name.zfill(2) if name.isdigit() else fold(name)
        row.unit = by_key.get(key) or by_key.get(key.replace("tinh ", "", 1).replace("thanh pho ", "", 1))
        if row.unit is not None and row.unit.pk in seen:
            row.errors.append(
                _("%(name)s appears twice (row %(row)s).") % {"name": row.unit.name, "row": seen[row.unit.pk]}
            )
        elif row.unit is not None:
            seen[row.unit.pk] = line
        yield cells, row


def find_header(upload, result, read_header, complete, missing):
    """``(rows, header_at, header)`` of an uploaded sheet: its rows, the index of the header row among the first 15
    (the first whose ``read_header(cells)`` — ``{key: column}`` — is ``complete``) and that header. ``None`` when
    the file cannot be read or has no such row, the reason (``missing`` for the latter) added to ``result.errors``."""
    rows, error = _cells(upload)
    if error:
        result.errors.append(error)
        return None
    for i, cells in enumerate(rows[:15]):
        header = read_header(cells)
        if complete(header):
            return rows, i, header
    result.errors.append(missing)
    return None


def read_results(upload, *, year: int) -> ImportResult:
    """Parse and validate one year's results; writes nothing."""
    result = ImportResult(year=year, rows=[], errors=[])
    found = find_header(
        upload,
        result,
        _header,
        lambda header: "province" in header and ("total" in header or any(k.startswith("D") for k in header)),
        _(
            "No header row with a province column (“Tỉnh/Thành phố” or “province_code_legacy”) and score columns "
            "(“papi_total”, “D1” … “D8.3”) in the first 15 rows."
        ),
    )
    if found is None:
        return result
    rows, header_at, header = found
    index = Index.objects.filter(code="PAPI").first()
    if index is None:
        result.errors.append(_("The PAPI framework is not loaded (chiso load-reference)."))
        return result
    if Score.objects.filter(index=index, year=year).exists():
        result.errors.append(
            _(
                "The results of %(year)s are already loaded: a year is loaded once. Correct a published year through "
                "the reference data."
            )
            % {"year": year}
        )
    dimensions = {d.code: d for d in Dimension.objects.filter(index=index)}
    subdimensions = {s.code: s for s in SubDimension.objects.filter(dimension__index=index)}
    in_structure = {c for c, d in dimensions.items() if d.is_scored_in(year)} | {
        c
        for c, s in subdimensions.items()
        if s.is_scored_in(year) and s.dimension.code in dimensions and dimensions[s.dimension.code].is_scored_in(year)
    }
    n_dimensions = len([c for c in in_structure if "." not in c])
    parts = {d: len([c for c in in_structure if c.startswith(d + ".")]) for d in in_structure if "." not in d}
    missing_columns = sorted(c for c in in_structure if c not in header)
    if missing_columns:
        result.errors.append(
            _("Columns missing for the %(year)s structure: %(codes)s.")
            % {"year": year, "codes": ", ".join(missing_columns)}
        )
    unknown = [c for c in header if c.startswith("D") and c not in dimensions and c not in subdimensions]
    if unknown:
        result.errors.append(_("Columns not in the PAPI framework: %(codes)s.") % {"codes": ", ".join(unknown)})

    by_key, provinces = province_lookup()
    score_codes = [c for c in header if c.startswith("D")]

    def scale(code):
        if code == "total":
            return Decimal(n_dimensions), Decimal(10 * n_dimensions)
        if "." in code:
            n = parts.get(code.split(".")[0]) or 1
            return Decimal(1) / n, Decimal(10) / n
        return Decimal(1), Decimal(10)

    seen: dict[int, int] = {}  # province id → the line it stands on
    for cells, row in province_rows(rows, header_at, header, by_key, seen):
        if row.unit is None:
            row.errors.append(
                _("No province “%(name)s” among the 63 provinces scored by PAPI.") % {"name": row.province}
            )
        if "year" in header and str(cells[header["year"]] or "").strip() not in ("", str(year)):
            row.errors.append(
                _("The row is for %(other)s, not %(year)s.") % {"other": cells[header["year"]], "year": year}
            )
        for code in ["total", *score_codes]:
            if code not in header:
                continue
            value = _number(cells[header[code]])
            label = _("total") if code == "total" else code
            if value == "invalid":
                row.errors.append(
                    _("%(code)s: “%(value)s” is not a number.") % {"code": label, "value": cells[header[code]]}
                )
                continue
            if code != "total" and code not in in_structure:
                if value is not None:
                    row.errors.append(
                        _("%(code)s was not part of the %(year)s structure of PAPI.") % {"code": code, "year": year}
                    )
                continue
            if value is not None:
                low, high = scale(code)
                if value < low - TOLERANCE or value > high + TOLERANCE:
                    row.errors.append(
                        _("%(code)s = %(value)s is outside its scale %(low)s–%(high)s.")
                        % {"code": label, "value": value, "low": f"{low:.2f}", "high": f"{high:.2f}"}
                    )
            row.values["TOTAL" if code == "total" else code] = value
        result.rows.append(row)
    for p in provinces:
        if p.pk not in seen:
            result.errors.append(
                _("%(name)s has no row (a province with no score still needs its row, left empty).") % {"name": p.name}
            )
    if not result.rows:
        result.errors.append(_("The file has no rows under its header."))
    result.scores = sum(len(r.values) for r in result.rows)
    result.n_dimensions = n_dimensions
    result.dimensions = dimensions
    result.subdimensions = subdimensions
    result.index = index
    return result


def import_results(
    upload, *, year: int, actor, dry_run: bool = False, groups_text: str = "", groups_source: str = ""
) -> ImportResult:
    """Load one year's results: every row is checked first, and nothing is written unless all are right.

    ``groups_text`` is what PAPI published of the year's groups on the total, cut points ("43,44; 42,15; 40,74")
    or sizes ("16 / 16 / 15 / 16"): read by the same reader as the groups page, saved with the scores."""
    policy.require(actor, "add", Score)
    try:
        with budget(settings.CHISO_IMPORT_SECONDS):
            result = read_results(upload, year=year)
    except OverBudget as exc:
        result = ImportResult(year=year, rows=[], errors=[str(exc)])
    bounds, sizes = [], []
    try:
        bounds, sizes = groups_services.parse(groups_text)
    except ValidationError as exc:
        result.errors.extend(exc.messages)
    if (bounds or sizes) and not groups_source.strip():
        result.errors.append(_("Say where PAPI published these groups (report, page or link)."))
    totals = {r.unit.pk: r.values.get("TOTAL") for r in result.rows if r.unit is not None}
    rule = groups.Rule(lower_bounds=tuple(Decimal(b) for b in bounds), sizes=tuple(sizes)) if bounds or sizes else None
    if sizes and sum(sizes) > len([v for v in totals.values() if v is not None]):
        result.errors.append(_("The group sizes add up to more provinces than the file scores."))
    elif totals:
        ranked = analysis.rank_values(totals, rule)
        result.group_sizes = groups.sizes({u: r.group for u, r in ranked.items() if r.group})
        result.group_basis = groups.basis_label(rule.basis if rule else groups.COMPUTED)
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        if Score.objects.select_for_update().filter(index=result.index, year=year).exists():
            raise ValidationError(_("The results of %(year)s were loaded meanwhile.") % {"year": year}, code="conflict")
        scores = []
        for row in result.rows:
            for code, value in row.values.items():
                dimension = result.dimensions.get(code.split(".")[0]) if code != "TOTAL" else None
                sub = result.subdimensions.get(code) if "." in code else None
                scores.append(
                    Score(
                        index=result.index,
                        unit=row.unit,
                        year=year,
                        code=code,
                        value=value,
                        dimension=dimension,
                        subdimension=sub,
                        n_dimensions=result.n_dimensions if code == "TOTAL" else None,
                    )
                )
        Score.objects.bulk_create(scores, batch_size=2000)
        release = ResultsRelease(
            index=result.index,
            year=year,
            file_name=(getattr(upload, "name", "") or "")[:255],
            provinces=len(result.rows),
            scores=len(scores),
            loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        release.full_clean()
        release.save()
        record_created(release, actor)
        if rule is not None:
            saved = groups_services.set_published_groups(
                index=result.index, year=year, code=Score.TOTAL, text=groups_text, source=groups_source, actor=actor
            )
            if not saved.ok:
                raise ValidationError(saved.errors, code="groups")  # nothing of the year is kept
    result.release = release
    return result
