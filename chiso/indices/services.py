"""Changes to the PAPI catalogue: importing indicators from an .xlsx, all or nothing, with a row-by-row report."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chiso.core.audit import record_change, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.lib import uploads
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


def _header_map(cells) -> dict:
    found = {}
    for index, cell in enumerate(cells):
        label = fold(str(cell or "")).split("/")
        for part in label:
            part = part.strip()
            for key, names in COLUMNS.items():
                if part in names and key not in found:
                    found[key] = index
    return found


def read_indicator_rows(upload) -> ImportResult:
    """Parse and validate; writes nothing."""
    from openpyxl import load_workbook

    try:
        uploads.check_upload(upload, "indicators")
    except ValidationError as exc:
        return ImportResult([], exc.messages)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return ImportResult([], [_("This is not an Excel (.xlsx) file. / The file could not be read as .xlsx.")])
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return ImportResult([], [_("The sheet is empty.")])
    header_at, header = None, {}
    for i, cells in enumerate(rows[:10]):
        header = _header_map(cells)
        if {"code", "dimension"} <= set(header):
            header_at = i
            break
    if header_at is None:
        return ImportResult(
            [],
            [
                _(
                    "No header row with the columns “Mã / Code” and “Nội dung / Dimension” "
                    "was found in the first 10 rows. Use the template."
                )
            ],
        )
    dimensions = {d.code: d for d in Dimension.objects.filter(index__code="PAPI")}
    subs = {s.code: s for s in SubDimension.objects.select_related("dimension")}
    seen = {}
    result = ImportResult([], [])
    for offset, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        values = {
            key: clean_text(str(cells[i])) if i < len(cells) and cells[i] is not None else ""
            for key, i in header.items()
        }
        if not any(values.values()):
            continue
        row = ImportRow(offset, values)
        code = values.get("code", "")
        dim = dimensions.get(values.get("dimension", "").upper())
        if not code:
            row.errors.append(_("The code is missing."))
        elif code in seen:
            row.errors.append(_("Code %(code)s is repeated (row %(row)s).") % {"code": code, "row": seen[code]})
        else:
            seen[code] = offset
        if dim is None:
            row.errors.append(_("Unknown dimension “%(value)s”: use D1 … D8.") % {"value": values.get("dimension")})
        sub_code = values.get("subdimension", "")
        if sub_code:
            sub = subs.get(sub_code.upper())
            if sub is None:
                row.errors.append(_("Unknown sub-dimension “%(value)s”.") % {"value": sub_code})
            elif dim is not None and sub.dimension_id != dim.pk:
                row.errors.append(
                    _("Sub-dimension %(sub)s belongs to %(dim)s, not to %(given)s.")
                    % {"sub": sub.code, "dim": sub.dimension.code, "given": dim.code}
                )
        if not values.get("name_vi") and not values.get("name_en"):
            row.errors.append(_("Give the indicator a name in Vietnamese or English."))
        if dim is not None and code:
            row.action = "update" if Indicator.objects.filter(dimension=dim, code=code).exists() else "create"
        result.rows.append(row)
    if not result.rows:
        result.errors.append(_("The file has a header but no indicator rows."))
    return result


def import_indicators(upload, *, actor, dry_run=False) -> ImportResult:
    """Validate every row, then create or update all indicators in one transaction, or none."""
    policy.require(actor, "add", Indicator)
    result = read_indicator_rows(upload)
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
            if indicator is None:
                indicator = Indicator(dimension=dim, code=v["code"], **fields)
                indicator.full_clean()
                indicator.save()
                record_change(
                    indicator,
                    AuditEntry.Action.CREATE,
                    actor,
                    None,
                    snapshot(indicator),
                    event="indicator.imported",
                )
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


def indicator_template():
    """An empty workbook with the header row, column widths set."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

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
