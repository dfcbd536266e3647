"""Changes to the PAPI catalogue: importing indicators from an .xlsx, all or nothing, with a row-by-row report."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from chiso.core.audit import record_change, record_created, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import COORDINATOR, policy
from chiso.lib import uploads
from chiso.lib.bilingual import Message, message
from chiso.lib.text import clean_text, fold

from .models import Dimension, Indicator, SubDimension

# Header labels we accept for each column (folded, so "Mã"/"ma"/"MÃ" all match).
COLUMNS = {
    "code": ["ma", "ma chi tieu", "code"],
    "dimension": ["noi dung", "chi so noi dung", "dimension", "ma noi dung"],
    "subdimension": ["noi dung thanh phan", "sub-dimension", "subdimension", "ma noi dung thanh phan"],
    "name_vi": ["ten chi tieu (tieng viet)", "ten chi tieu", "ten (tieng viet)", "name (vietnamese)"],
    "name_en": ["ten chi tieu (tieng anh)", "ten (tieng anh)", "name (english)", "name"],
}
TEMPLATE_HEADERS = [
    "Mã / Code",
    "Nội dung / Dimension",
    "Nội dung thành phần / Sub-dimension",
    "Tên chỉ tiêu (tiếng Việt) / Name (Vietnamese)",
    "Tên chỉ tiêu (tiếng Anh) / Name (English)",
]


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    action: str = ""


@dataclass
class ImportResult:
    rows: list
    errors: list  # messages not tied to one row
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)


def header_map(cells, columns=COLUMNS) -> dict:
    """{column key: index} of a header row whose labels (either half of "Mã / Code", accents ignored) are known."""
    found = {}
    for index, cell in enumerate(cells):
        label = fold(str(cell or "")).split("/")
        for part in label:
            part = part.strip()
            for key, names in columns.items():
                if part in names and key not in found:
                    found[key] = index
    return found


def sheet_rows(upload, *, columns, required, missing_header):
    """The first sheet's rows after its header row (searched in the first 10 rows), as ``(line, {key: text})``;
    or the file's one error, bilingual. Shared by the .xlsx imports of the catalogue and of a plan's assignments."""
    try:
        uploads.check_upload(upload, "indicators")
    except ValidationError as exc:
        return None, [Message(m, m) for m in exc.messages]
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return None, [message(gettext_lazy("This is not an Excel (.xlsx) file."))]
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    if not rows:
        return None, [message(gettext_lazy("The sheet is empty."))]
    headers = [header_map(cells, columns) for cells in rows[:10]]
    header_at = next((i for i, header in enumerate(headers) if set(required) <= set(header)), None)
    if header_at is None:
        return None, [missing_header]
    header = headers[header_at]
    found = []
    for line, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        values = {
            key: clean_text(str(cells[c])) if c < len(cells) and cells[c] is not None else ""
            for key, c in header.items()
        }
        if any(values.values()):
            found.append((line, values))
    return found, []


def read_indicator_rows(upload, *, year=None) -> ImportResult:
    """Parse and validate (against the framework of ``year`` when given); writes nothing."""
    found, errors = sheet_rows(
        upload,
        columns=COLUMNS,
        required=("code", "dimension"),
        missing_header=message(
            gettext_lazy(
                "No header row with the columns “Mã / Code” and “Nội dung / Dimension” was found in the first 10 "
                "rows. Use the template."
            )
        ),
    )
    if errors:
        return ImportResult([], errors)
    dimensions = {d.code: d for d in Dimension.objects.filter(index__code="PAPI")}
    subs = {s.code: s for s in SubDimension.objects.select_related("dimension")}
    seen = {}
    result = ImportResult([], [])
    for offset, values in found:
        row = ImportRow(offset, values)
        code = values.get("code", "")
        dim = dimensions.get(values.get("dimension", "").upper())
        if not code:
            row.errors.append(message(gettext_lazy("The code is missing.")))
        elif code in seen:
            row.errors.append(
                message(gettext_lazy("Code %(code)s is repeated (row %(row)s)."), {"code": code, "row": seen[code]})
            )
        else:
            seen[code] = offset
        if dim is None:
            row.errors.append(
                message(gettext_lazy("Unknown dimension “%(value)s”: use D1 … D8."), {"value": values.get("dimension")})
            )
        sub_code = values.get("subdimension", "")
        if sub_code:
            sub = subs.get(sub_code.upper())
            if sub is None:
                row.errors.append(message(gettext_lazy("Unknown sub-dimension “%(value)s”."), {"value": sub_code}))
            elif dim is not None and sub.dimension_id != dim.pk:
                row.errors.append(
                    message(
                        gettext_lazy("Sub-dimension %(sub)s belongs to %(dim)s, not to %(given)s."),
                        {"sub": sub.code, "dim": sub.dimension.code, "given": dim.code},
                    )
                )
        if year is not None:
            for part in filter(None, (dim, subs.get(sub_code.upper()) if sub_code else None)):
                if not part.is_scored_in(year):
                    row.errors.append(
                        message(gettext_lazy("%(code)s was not scored in %(year)s."), {"code": part.code, "year": year})
                    )
        if not values.get("name_vi") and not values.get("name_en"):
            row.errors.append(message(gettext_lazy("Give the indicator a name in Vietnamese or English.")))
        if dim is not None and code:
            row.action = "update" if Indicator.objects.filter(dimension=dim, code=code).exists() else "create"
        result.rows.append(row)
    if not result.rows:
        result.errors.append(message(gettext_lazy("The file has a header but no indicator rows.")))
    return result


def may_load_indicators(user) -> bool:
    """Who loads a year's indicator list: administrators, and the coordinators of a province (the standing body
    that prepares the province's plan from each year's PAPI report)."""
    if policy.is_admin(user):
        return True
    return any(path.count(".") == 1 for path in policy.unit_paths(user, {COORDINATOR}))


def import_indicators(upload, *, actor, year=None, dry_run=False) -> ImportResult:
    """Validate every row (against the framework of ``year``), then create or update all indicators in one
    transaction, or none. The year's report is noted among each indicator's sources."""
    if not may_load_indicators(actor):
        raise PermissionDenied
    result = read_indicator_rows(upload, year=year)
    if dry_run or not result.ok:
        return result
    dimensions = {d.code: d for d in Dimension.objects.filter(index__code="PAPI")}
    subs = {s.code: s for s in SubDimension.objects.all()}
    with transaction.atomic():
        for row in result.rows:
            v = row.values
            dim = dimensions[v["dimension"].upper()]
            sub = subs.get(v.get("subdimension", "").upper()) if v.get("subdimension") else None
            indicator = Indicator.objects.filter(dimension=dim, code=v["code"]).first()
            fields = {"subdimension": sub, "name_vi": v.get("name_vi", ""), "name_en": v.get("name_en", "")}
            if indicator is not None:
                fields["sources"] = _with_year(indicator.sources, year)
            elif year is not None:
                fields["sources"] = _with_year([], year)
            if indicator is None:
                indicator = Indicator(dimension=dim, code=v["code"], **fields)
                indicator.full_clean()
                indicator.save()
                record_created(indicator, actor, event="indicator.imported")
                result.created += 1
            else:
                before = snapshot(indicator)
                for key, value in fields.items():
                    setattr(indicator, key, value)
                indicator.version += 1
                indicator.save()
                after = snapshot(indicator)
                if before != after:
                    record_change(indicator, AuditEntry.Action.UPDATE, actor, before, after, event="indicator.imported")
                    result.updated += 1
    return result


def _with_year(sources, year):
    """The indicator's sources with "PAPI <year>" (the year's list it was loaded from), once."""
    sources = list(sources or [])
    entry = {"title": f"PAPI {year}", "year": year}
    if year is not None and entry not in sources:
        sources.append(entry)
    return sources


def indicator_template():
    """An empty workbook with the header row, column widths set."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ tiêu"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(
        [
            "D2.2.1",
            "D2",
            "D2.2",
            "Người dân biết danh sách hộ nghèo được công khai",
            "Awareness of the published poor-household list",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (12, 14, 18, 60, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    return workbook
