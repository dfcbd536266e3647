"""Import a task table (.xlsx, the layout of the export and of the units' own sheets) into a draft plan.

Parse every row first, match agencies, read timeframes; report each problem with its row and column; save
nothing unless the whole file is right (one transaction, the same rules as the task form).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chiso.core.permissions import policy
from chiso.indices.models import Dimension
from chiso.lib import uploads
from chiso.lib.archives import ImportRefused, Unopenable, check_archive
from chiso.lib.budget import OverBudget, budget, charge
from chiso.lib.text import clean_text, fold
from chiso.units.matching import GENERAL, MATCHED, AgencyMatcher

from . import services
from .timeframes import parse_timeframe

COLUMNS = {
    "number": ["stt", "tt", "so tt"],
    "title": ["noi dung"],
    "activity": ["hoat dong", "noi dung hoat dong", "nhiem vu"],
    "lead": ["don vi chu tri", "chu tri", "co quan chu tri"],
    "coordinating": ["don vi phoi hop", "phoi hop", "co quan phoi hop"],
    "timeframe": ["thoi gian thuc hien", "thoi gian", "thoi gian hoan thanh", "thoi han"],
    "output": ["san pham", "san pham du kien"],
    "papi": ["papi", "chi so papi", "noi dung papi"],
}
REQUIRED = ("activity", "lead", "timeframe")


@dataclass
class RowReport:
    line: int
    kind: str
    values: dict
    errors: list = field(default_factory=list)
    lead: list = field(default_factory=list)
    coordinating: list = field(default_factory=list)


@dataclass
class TableReport:
    rows: list
    errors: list
    created: int = 0

    @property
    def ok(self):
        return not self.errors and not any(r.errors for r in self.rows)

    @property
    def activities(self):
        return [r for r in self.rows if r.kind == "activity"]


def split_agencies(text: str) -> list[str]:
    """ "- Phòng Nội vụ. - Phòng Văn hóa và Thông tin." or one name per line → names, without dashes and stops.
    A dash inside a name ("Trung tâm Văn hóa - Thể thao - Truyền thanh") is kept."""
    charge(len(str(text or "")))
    text = " ".join(str(text or "").replace("\r", "\n").replace("\n", " \n ").split(" "))
    parts = re.split(r"(?:^|(?<=\.)|\n)\s*[-+•]\s+|\n|;", text)
    return [clean_text(p).strip(" .;") for p in parts if clean_text(p).strip(" .;")]


def _hint(found) -> str:
    names = [a.name for a in found.suggestions]
    return _(" Nearest: %(names)s.") % {"names": ", ".join(names)} if names else ""


def _header(cells):
    found = {}
    for index, cell in enumerate(cells):
        key = fold(str(cell or "")).strip(" :")
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = index
    return found


def read_task_table(plan, upload) -> TableReport:
    from openpyxl import load_workbook

    name = getattr(upload, "name", "") or ""
    try:
        uploads.check_size("task_table", getattr(upload, "size", None), name)
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read()
        uploads.check_size("task_table", len(data), name)
    except ValidationError as exc:
        return TableReport([], exc.messages)
    try:
        # What the workbook unpacks to, its rows, columns and merged areas: openpyxl makes every cell of them.
        check_archive(data)
    except Unopenable:
        return TableReport([], [_("This is not an Excel (.xlsx) file.")])
    except ImportRefused as exc:
        return TableReport([], [str(exc)])
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:
        return TableReport([], [_("This is not an Excel (.xlsx) file.")])
    sheet = workbook.worksheets[0]
    merged = {}
    for cell_range in sheet.merged_cells.ranges:
        top_left = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                merged[(row, col)] = top_left
    rows = []
    for r, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        rows.append([merged.get((r, c + 1), v) for c, v in enumerate(cells)])
    header_at, header = None, {}
    for index, cells in enumerate(rows[:15]):
        header = _header(cells)
        if len(header) >= 3:
            header_at = index
            break
    if header_at is None:
        return TableReport([], [_("No header row (STT, Nội dung, Hoạt động, Đơn vị chủ trì, …) in the first 15 rows.")])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        labels = {"activity": "Hoạt động", "lead": "Đơn vị chủ trì", "timeframe": "Thời gian thực hiện"}
        return TableReport([], [_("Missing column(s): %(cols)s.") % {"cols": ", ".join(labels[c] for c in missing)}])
    matcher = AgencyMatcher(plan.unit)
    may_lead = set(services.lead_agencies(plan).values_list("pk", flat=True))
    dimensions = {d.code: d for d in Dimension.objects.filter(index__code="PAPI")}
    report = TableReport([], [])
    last_group = None
    previous = {}
    for line, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        charge(len(cells))
        values = {
            key: clean_text(str(cells[i])) if i < len(cells) and cells[i] not in (None, "") else ""
            for key, i in header.items()
        }
        if not any(values.values()):
            continue
        # Merged cells repeat their value over the rows they span: a repeated STT/Nội dung is a continuation.
        for key in ("number", "title"):
            if values.get(key) and values.get(key) == previous.get(key) and (line, 1) in merged:
                values[key] = ""
        previous = values
        if not values.get("lead") and not values.get("coordinating") and not values.get("timeframe"):
            row = RowReport(line, "group", values)
            if not values.get("number") and not values.get("title"):
                row.kind = "note"
            last_group = row if row.kind == "group" else last_group
            report.rows.append(row)
            continue
        row = RowReport(line, "activity", values)
        if values.get("number") and values.get("title"):
            last_group = None  # a numbered row with its own content and agencies stands alone
        row.group = last_group
        for name in split_agencies(values.get("lead", "")):
            found = matcher.match(name)
            above = [a for a in found.agencies if a.pk not in may_lead]
            if above:
                # The task form offers the agencies of the plan's unit and below to lead; those above coordinate.
                row.errors.append(
                    _("Column “Đơn vị chủ trì”: “%(name)s” is an agency of a unit above; it may coordinate, not lead.")
                    % {"name": name}
                )
            elif found.status == MATCHED:
                row.lead += found.agencies
            else:
                row.errors.append(
                    _("Column “Đơn vị chủ trì”: unknown agency “%(name)s”.") % {"name": name} + _hint(found)
                )
        for name in split_agencies(values.get("coordinating", "")):
            found = matcher.match(name)
            if found.status == MATCHED:
                row.coordinating += [a for a in found.agencies if a not in row.lead]
            elif found.status == GENERAL:
                continue  # "Các ngành có liên quan": a general call, not an agency to link
            else:
                row.errors.append(
                    _("Column “Đơn vị phối hợp”: unknown agency “%(name)s”.") % {"name": name} + _hint(found)
                )
        if not row.lead:
            row.errors.append(_("Column “Đơn vị chủ trì” is empty."))
        timeframe = parse_timeframe(values.get("timeframe", ""))
        if timeframe is None:
            row.errors.append(
                _(
                    "Column “Thời gian thực hiện”: “%(value)s” is not understood (e.g. “Thường xuyên”, "
                    "“Năm 2025”, “Quý II/2025”, “Trước ngày 29/6/2025”)."
                )
                % {"value": values.get("timeframe")}
            )
        elif timeframe.start and timeframe.end and timeframe.end < timeframe.start:
            row.errors.append(_("Column “Thời gian thực hiện”: the end date is before the start date."))
        row.timeframe = timeframe
        row.dimensions = []
        for code in re.findall(r"D\s*([1-8])", values.get("papi", "").upper()):
            if f"D{code}" in dimensions:
                row.dimensions.append(dimensions[f"D{code}"])
        report.rows.append(row)
    if not report.activities:
        report.errors.append(_("The file has no task rows."))
    return report


ACTIVITY_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)*)[.,]?\s+(.*)$", re.S)


def import_task_table(plan, upload, *, actor, dry_run=False) -> TableReport:
    """Add the file's tasks to a draft plan: all of them or, if any row is wrong, none."""
    policy.require(actor, "change", plan)
    services.require_draft_for_tasks(plan)
    try:
        with budget(settings.CHISO_IMPORT_SECONDS):
            report = read_task_table(plan, upload)
    except OverBudget as exc:
        report = TableReport([], [str(exc)])
    if dry_run or not report.ok:
        return report
    with transaction.atomic():
        groups = {}
        for row in report.rows:
            if row.kind == "note":
                continue
            v = row.values
            if row.kind == "group":
                groups[id(row)] = services.add_task(
                    plan,
                    actor=actor,
                    event="task.imported",
                    number=v.get("number", ""),
                    title=v.get("title") or v.get("activity", ""),
                    activity=v.get("activity", "") if v.get("title") else "",
                    output=v.get("output", ""),
                    timeframe_kind="ongoing",
                )
                continue
            group = groups.get(id(row.group)) if getattr(row, "group", None) else None
            text = v.get("activity") or v.get("title", "")
            number = v.get("number", "")
            match = ACTIVITY_NUMBER.match(text)
            if match and not number:
                number, text = match.group(1).replace(",", "."), match.group(2)
            title = v.get("title") if not group and v.get("title") else (group.title if group else text)
            tf = row.timeframe
            services.add_task(
                plan,
                actor=actor,
                event="task.imported",
                lead=list(dict.fromkeys(row.lead)),
                coordinating=list(dict.fromkeys(row.coordinating)),
                dimensions=row.dimensions,
                group=group,
                number=number,
                title=title,
                activity=text if title != text else "",
                output=v.get("output", ""),
                timeframe_kind=tf.kind,
                timeframe_text=v.get("timeframe", ""),
                start_on=tf.start,
                due_on=tf.end,
            )
            report.created += 1
    return report
