"""Who answers for each indicator: a plan's assignment table (indicator or sub-dimension → lead agency,
coordinating agencies, note), as the city plan of 2024 assigns all 118 PAPI indicators (issue 14).

The table is imported from an .xlsx — all rows or none, each row's errors reported in Vietnamese with English — and
exported to one; the coverage view lists the indicators without an agency and the gap analysis shows who answers for
each weak sub-dimension. Pages and API call the same functions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.audit import record_change
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.indices.models import Indicator, SubDimension
from chiso.indices.services import ImportResult, ImportRow, sheet_rows
from chiso.lib.bilingual import message
from chiso.units.matching import MATCHED, AgencyMatcher

from .models import Plan, Responsibility
from .services import coordinating_agencies, lead_agencies, require_draft_for_tasks

COLUMNS = {
    "code": ["ma", "ma chi tieu", "code", "indicator code"],
    "name": ["chi tieu", "ten chi tieu", "noi dung", "indicator"],
    "lead": ["co quan chu tri", "chu tri", "don vi chu tri", "lead agency", "lead"],
    "coordinating": ["co quan phoi hop", "phoi hop", "don vi phoi hop", "coordinating agencies", "coordinating"],
    "note": ["ghi chu", "note"],
}
HEADERS = [
    "Mã chỉ tiêu / Code",
    "Chỉ tiêu / Indicator",
    "Cơ quan chủ trì / Lead agency",
    "Cơ quan phối hợp / Coordinating agencies",
    "Ghi chú / Note",
]
SEPARATORS = (";", "\n")


# --- reads ---------------------------------------------------------------------------------------------------
def responsibility_rows(plan):
    """The plan's assignment table in the framework's order, agencies loaded."""
    return (
        plan.responsibilities.select_related("indicator__subdimension", "subdimension__dimension", "lead__unit")
        .prefetch_related(Prefetch("coordinating"))
        .order_by("position", "id")
    )


def framework_indicators(year):
    """The PAPI indicators of ``year``: those of the dimensions and sub-dimensions scored that year."""
    rows = Indicator.objects.filter(dimension__index__code="PAPI").select_related("dimension", "subdimension")
    return [
        i
        for i in rows.order_by("dimension__order", "code")
        if i.dimension.is_scored_in(year) and (i.subdimension is None or i.subdimension.is_scored_in(year))
    ]


def assigned(plan):
    """``(by indicator id, by sub-dimension id)``: the plan's responsibilities, an indicator also covered by its
    sub-dimension's row."""
    by_indicator, by_sub = {}, {}
    for row in responsibility_rows(plan):
        if row.indicator_id:
            by_indicator[row.indicator_id] = row
        else:
            by_sub[row.subdimension_id] = row
    return by_indicator, by_sub


def responsible_for(indicator, by_indicator, by_sub):
    return by_indicator.get(indicator.pk) or (
        by_sub.get(indicator.subdimension_id) if indicator.subdimension_id else None
    )


def without_agency(plan):
    """The indicators of the plan's year no row of its table assigns (directly or through the sub-dimension)."""
    by_indicator, by_sub = assigned(plan)
    return [i for i in framework_indicators(plan.year) if responsible_for(i, by_indicator, by_sub) is None]


def leads_by_subdimension(plan) -> dict:
    """{sub-dimension id: [lead agency, …]}: who answers for each sub-dimension in ``plan`` — its own row's lead,
    then the leads of its indicators' rows (the gap analysis shows them beside each weak sub-dimension)."""
    leads: dict[int, list] = {}
    for row in responsibility_rows(plan):
        sub = row.subdimension_id or (row.indicator.subdimension_id if row.indicator_id else None)
        if sub is not None and row.lead not in leads.setdefault(sub, []):
            leads[sub].append(row.lead)
    return leads


# --- the .xlsx import ----------------------------------------------------------------------------------------
def _split(text):
    for sep in SEPARATORS[1:]:
        text = text.replace(sep, SEPARATORS[0])
    return [part.strip(" .") for part in text.split(SEPARATORS[0]) if part.strip(" .")]


def read_responsibility_rows(plan, upload) -> ImportResult:
    """Parse and check every row against the framework of the plan's year and the agencies the plan may name;
    writes nothing."""
    found, errors = sheet_rows(
        upload,
        columns=COLUMNS,
        required=("code", "lead"),
        missing_header=message(
            gettext_lazy(
                "No header row with the columns “Mã chỉ tiêu / Code” and “Cơ quan chủ trì / Lead agency” was found in "
                "the first 10 rows. Use the exported table as the template."
            )
        ),
    )
    if errors:
        return ImportResult([], errors)
    indicators = {i.code.upper(): i for i in framework_indicators(plan.year)}
    subs = {
        s.code.upper(): s
        for s in SubDimension.objects.filter(dimension__index__code="PAPI").select_related("dimension")
        if s.is_scored_in(plan.year) and s.dimension.is_scored_in(plan.year)
    }
    leads = set(lead_agencies(plan).values_list("pk", flat=True))
    coordinators = set(coordinating_agencies(plan).values_list("pk", flat=True))
    matcher = AgencyMatcher(plan.unit)
    result, seen = ImportResult([], []), {}
    for line, values in found:
        row = ImportRow(line, values)
        code = values.get("code", "").upper()
        target = indicators.get(code) or subs.get(code)
        if not code:
            row.errors.append(message(gettext_lazy("The code is missing.")))
        elif target is None:
            row.errors.append(
                message(
                    gettext_lazy("“%(code)s” is not a PAPI indicator or sub-dimension of %(year)s."),
                    {"code": values["code"], "year": plan.year},
                )
            )
        elif code in seen:
            row.errors.append(
                message(gettext_lazy("Code %(code)s is repeated (row %(row)s)."), {"code": code, "row": seen[code]})
            )
        else:
            seen[code] = line
        lead = _agencies(row, matcher, values.get("lead", ""), leads, lead=True)
        coordinating = _agencies(row, matcher, values.get("coordinating", ""), coordinators, lead=False)
        row.target, row.lead, row.coordinating = target, (lead or [None])[0], [a for a in coordinating if a not in lead]
        row.action = "create"
        result.rows.append(row)
    if not result.rows:
        result.errors.append(message(gettext_lazy("The file has a header but no rows.")))
    return result


def _agencies(row, matcher, text, allowed, *, lead):
    names = _split(text)
    if lead and len(names) != 1:
        row.errors.append(
            message(gettext_lazy("Name one lead agency (found %(n)s)."), {"n": len(names)})
            if names
            else message(gettext_lazy("The lead agency is missing."))
        )
        return []
    found = []
    for name in names:
        match = matcher.match(name)
        agencies = [a for a in match.agencies if a.pk in allowed] if match.status == MATCHED else []
        if not agencies:
            hint = ", ".join(a.name for a in match.suggestions[:3])
            text = (
                gettext_lazy("No agency of this plan is called “%(name)s”; did you mean: %(hint)s?")
                if hint
                else gettext_lazy("No agency of this plan is called “%(name)s”.")
            )
            row.errors.append(message(text, {"name": name, "hint": hint}))
        elif lead and len(agencies) > 1:
            row.errors.append(message(gettext_lazy("“%(name)s” names several agencies: name one."), {"name": name}))
        found += [a for a in agencies if a not in found]
    return found


def import_responsibilities(plan, upload, *, actor, dry_run=False) -> ImportResult:
    """Check every row, then replace the plan's assignment table with the file's in one transaction — or change
    nothing. A draft only: an issued plan changes through a recorded amendment."""
    policy.require(actor, "change", plan)
    require_table_editable(plan)
    result = read_responsibility_rows(plan, upload)
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        before = [_describe(r) for r in responsibility_rows(plan)]
        plan.responsibilities.all().delete()
        for position, row in enumerate(result.rows, start=1):
            target = row.target
            item = Responsibility.objects.create(
                plan=plan,
                indicator=target if isinstance(target, Indicator) else None,
                subdimension=target if isinstance(target, SubDimension) else None,
                lead=row.lead,
                note=row.values.get("note", ""),
                position=position * 10,
            )
            item.coordinating.set(row.coordinating)
        result.created = len(result.rows)
        record_change(
            plan,
            AuditEntry.Action.UPDATE,
            actor,
            {"responsibilities": before},
            {"responsibilities": [_describe(r) for r in responsibility_rows(plan)]},
            event="plan.responsibilities_imported",
            data={"rows": result.created},
        )
    return result


def _describe(row) -> str:
    coordinating = ", ".join(a.name for a in row.coordinating.all())
    return f"{row.code}: {row.lead.name}" + (f" ({coordinating})" if coordinating else "")


# --- the .xlsx export ----------------------------------------------------------------------------------------
def responsibilities_workbook(plan, *, with_missing=True):
    """The table as the import reads it back; the year's indicators without a row follow, with empty agencies, so
    the exported file is also the template to complete."""
    from openpyxl import Workbook  # openpyxl is only needed by the exports and imports
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phân công chỉ tiêu"
    sheet.append(HEADERS)
    for row in responsibility_rows(plan):
        target = row.indicator or row.subdimension
        sheet.append([target.code, target.name_vi or target.name_en, row.lead.name,
                      "; ".join(a.name for a in row.coordinating.all()), row.note])  # fmt: skip
    if with_missing:
        for indicator in without_agency(plan):
            sheet.append([indicator.code, indicator.name_vi or indicator.name_en, "", "", ""])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (12, 60, 34, 48, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return workbook


def require_table_editable(plan):
    """The table is replaced in a draft only (the page hides its import form otherwise)."""
    try:
        require_draft_for_tasks(plan)
    except ValidationError:
        raise ValidationError(
            _("The assignment table of an issued plan changes through a recorded amendment."), code="not_editable"
        ) from None
