"""Reporting as documents: a consolidated report as .docx in the official layout of Decree 30/2020/NĐ-CP
(Appendix I; the header, signature and appendix helpers are the plans' own), and a period's reporting-rate table
as .xlsx. Both are written in Vietnamese whatever the interface language: they are official documents."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone, translation
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from chiso.indices.models import Dimension
from chiso.lib.xlsx import grid
from chiso.plans.decree30 import (
    agency_name,
    appendix_heading,
    closing,
    date_line,
    decree30_document,
    grid_table,
    header_block,
    in_sentence,
    paragraph,
    place_name,
    signature_block,
    to_bytes,
)
from chiso.plans.exporters import finish_sheet, unit_signer
from chiso.plans.models import Task

from . import services
from .models import ConsolidatedReport, Request, Submission, Timeliness

# The document's own wording (the reports are in Vietnamese whatever the reader's language); the rule is
# ``Request.timeliness``.
TIMELINESS = {
    Timeliness.ON_TIME.value: "Đúng hạn",
    Timeliness.LATE.value: "Muộn",
    Timeliness.MISSING.value: "Chưa nộp (quá hạn)",
    Timeliness.NOT_DUE.value: "Chưa đến hạn",
}


# --- the reporting-rate table ---------------------------------------------------------------------------
def rate_rows(period, today=None) -> list[dict]:
    """One row per agency that owes the period's report, in unit order: two queries whatever the size."""
    today = today or timezone.localdate()
    requests = period.requests.select_related("agency__unit").order_by("agency__unit__path", "agency__name")
    current = dict(
        Submission.objects.filter(request__period=period)
        .exclude(status=Submission.Status.SUPERSEDED)
        .values_list("request_id", "id")
    )
    return [
        {
            "request": r.pk,
            "agency": r.agency_id,
            "agency_name": r.agency.name,
            "unit": r.agency.unit_id,
            "unit_name": r.agency.unit.name,
            "due_on": r.due_on,
            "first_submitted_at": r.first_submitted_at,
            "timeliness": r.timeliness(today),
            "status": r.status,
            "submission": current.get(r.pk),
        }
        for r in requests
    ]


RATE_HEADERS = ["STT", "Cơ quan, đơn vị", "Đơn vị hành chính", "Hạn nộp", "Ngày nộp lần đầu", "Thời hạn", "Tình trạng"]
RATE_WIDTHS = [6, 40, 30, 12, 18, 20, 26]


def rate_xlsx(period, today=None) -> bytes:
    """The period's reporting rate: a row per agency, then a summary row (expected, on time, late, missing)."""
    today = today or timezone.localdate()
    rows = rate_rows(period, today)
    figures = services.reporting_rate(period.requests.all(), today)
    with translation.override("vi"):
        statuses = dict(Request.Status.choices)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Tỷ lệ báo cáo"
        plan = period.schedule.plan
        sheet.append([f"TỶ LỆ BÁO CÁO — {period.label}"])
        sheet.append([f"{period.schedule.title} ({plan.code or plan.title}); đến ngày {today:%d/%m/%Y}"])
        sheet.append([])
        sheet.append(RATE_HEADERS)
        header_row = sheet.max_row
        for index, row in enumerate(rows, start=1):
            submitted = row["first_submitted_at"]
            sheet.append(
                [
                    index,
                    row["agency_name"],
                    row["unit_name"],
                    row["due_on"],
                    timezone.localtime(submitted).replace(tzinfo=None) if submitted else None,
                    TIMELINESS[row["timeliness"]],
                    str(statuses.get(row["status"], row["status"])),
                ]
            )
            sheet.cell(sheet.max_row, 4).number_format = "DD/MM/YYYY"
            sheet.cell(sheet.max_row, 5).number_format = "DD/MM/YYYY HH:MM"
        sheet.append(
            [
                "",
                f"Tổng cộng: {figures['expected']} cơ quan, đơn vị",
                "",
                "",
                f"Đã nộp: {figures['submitted']}",
                f"Đúng hạn: {figures['on_time']}; muộn: {figures['late']}; chưa nộp: {figures['missing']}",
                f"Tỷ lệ: {_percent(figures['rate'])}; đúng hạn: {_percent(figures['on_time_rate'])}",
            ]
        )
    grid(sheet, header_row, center_header=True)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(RATE_HEADERS))}{sheet.max_row - 1}"
    return finish_sheet(workbook, sheet, header_row, RATE_WIDTHS)


def _percent(value) -> str:
    return "—" if value is None else f"{value:g}%".replace(".", ",")


# --- the consolidated report ------------------------------------------------------------------------------
FIGURE_ROWS = [
    ("tasks", "Tổng số nhiệm vụ được báo cáo"),
    ("done", "Đã hoàn thành"),
    ("done_on_time", "- Hoàn thành đúng hạn"),
    ("done_late", "- Hoàn thành quá hạn"),
    ("on_track", "Đang thực hiện, trong hạn"),
    ("overdue", "Đang thực hiện, quá hạn"),
    ("not_started", "Chưa triển khai"),
    ("ongoing", "Nhiệm vụ thường xuyên"),
    ("done_percent", "Tỷ lệ hoàn thành (%, không tính nhiệm vụ thường xuyên)"),
    ("average_percent", "Tiến độ bình quân (%)"),
]
AGENCY_LISTS = [
    ("late", "Nộp báo cáo muộn"),
    ("missing", "Chưa nộp báo cáo (đã quá hạn)"),
    ("under_review", "Đang được xem xét, chưa tổng hợp"),
    ("returned", "Bị trả lại để hoàn thiện, chưa tổng hợp"),
    ("not_due", "Chưa đến hạn nộp"),
]
APPENDIX_HEADERS = ["STT", "Cơ quan, đơn vị", "Số", "Nhiệm vụ", "Chỉ số", "Tình trạng", "Tiến độ (%)", "Kết quả"]
# Landscape A4 less the appendix margins: 262 mm.
APPENDIX_WIDTHS = [13, 38, 12, 72, 15, 30, 17, 65]


def figure_text(value) -> str:
    """How a completion figure is written in the report: 12 / 83,3 / — (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def dimension_rows(task_results) -> dict[str, dict]:
    """Tasks, completed and average progress per dimension, from the report's task results."""
    rows: dict[str, dict] = defaultdict(lambda: {"tasks": 0, "done": 0, "percent": 0})
    for item in task_results:
        row = rows[item.get("dimension") or ""]
        row["tasks"] += 1
        row["done"] += item.get("status") in ("done_on_time", "done_late")
        row["percent"] += item.get("percent") or 0
    return rows


def _lines(document, text, *, justify):
    for line in (text or "").splitlines():
        if line.strip():
            paragraph(document, line.strip(), align=justify, space_after=6)


def report_docx(report: ConsolidatedReport) -> bytes:
    report = ConsolidatedReport.objects.select_related(
        "unit__parent", "period__schedule__plan__issuer", "approved_by"
    ).get(pk=report.pk)
    period, unit = report.period, report.unit
    committee = f"Ủy ban nhân dân {in_sentence(unit)}"
    plan = period.schedule.plan
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    figures = report.figures or {}
    with translation.override("vi"):
        task_statuses = {code: str(label) for code, label in Task.Status.choices}

    document = decree30_document()
    place = plan.place or place_name(unit)
    number = report.code or "      /BC-UBND"
    header_block(
        document,
        unit_name=unit.name,
        number=number,
        date_text=date_line(place, report.report_date, plan.year),
        draft=report.status in (ConsolidatedReport.Status.DRAFT, ConsolidatedReport.Status.AWAITING),
    )
    paragraph(document, "", space_after=6)
    paragraph(document, "BÁO CÁO", bold=True, align=center)
    plan_name = plan.title if plan.title.lower().startswith("kế hoạch") else f"Kế hoạch {plan.title}"
    paragraph(document, f"Kết quả thực hiện {plan_name}", bold=True, align=center)
    paragraph(
        document,
        f"{period.label} (số liệu từ ngày {period.cutoff_start:%d/%m/%Y} đến ngày {period.cutoff_end:%d/%m/%Y})",
        italic=True,
        align=center,
        space_after=12,
    )
    plan_ref = f"Kế hoạch số {plan.code}" if plan.code else "Kế hoạch"
    if plan.issued_on:
        plan_ref += f" ngày {plan.issued_on:%d/%m/%Y}"
    paragraph(
        document,
        f"Thực hiện {plan_ref} của {committee}, {committee} báo cáo kết quả thực hiện {period.label} như sau:",
        align=justify,
        space_after=6,
    )

    # I. Results: the completion figures, who reported, the figures asked for, then each dimension.
    paragraph(document, "I. KẾT QUẢ THỰC HIỆN", bold=True, space_after=6)
    paragraph(document, "1. Kết quả chung", bold=True, space_after=6)
    _lines(document, report.summary, justify=justify)
    grid_table(
        document,
        ["Chỉ tiêu", "Số lượng"],
        [(False, [label, figure_text(figures.get(key))]) for key, label in FIGURE_ROWS],
        widths_mm=[125, 40],
    )
    paragraph(document, "", space_after=6)
    paragraph(
        document,
        f"Báo cáo đã được chấp nhận và tổng hợp: {figures.get('accepted', 0)}/{figures.get('requests', 0)} cơ quan, "
        "đơn vị phải báo cáo.",
        align=justify,
        space_after=6,
    )
    for key, label in AGENCY_LISTS:
        names = figures.get(key) or []
        if names:
            paragraph(
                document,
                f"- {label} ({len(names)}): {', '.join(agency_name(n) for n in names)}.",
                align=justify,
                space_after=6,
            )
    metrics = figures.get("metrics") or {}
    if metrics:
        labels = period.schedule.metric_labels()
        for code, value in metrics.items():
            paragraph(document, f"- {labels.get(code, code)}: {figure_text(value)}.", align=justify, space_after=6)

    paragraph(document, "2. Kết quả theo từng chỉ số nội dung", bold=True, space_after=6)
    # Every dimension scored in the plan's year, in order, even one nobody reported on: the leader sees the gap.
    dimensions = {
        d.code: d for d in Dimension.objects.filter(index__code="PAPI").order_by("order") if d.is_scored_in(plan.year)
    }
    per_dimension = dimension_rows(report.task_results or [])
    narratives = report.narratives or {}
    codes = list(dimensions)
    codes += [c for c in [*narratives, *per_dimension] if c not in codes]
    for i, code in enumerate(codes, start=1):
        dim = dimensions.get(code)
        if not code:
            title = "Nhiệm vụ chưa gắn với chỉ số nội dung"
        else:
            title = f"{code}. {dim.name_vi}" if dim and dim.name_vi else code
        paragraph(document, f"2.{i}. {title}", bold=True, italic=True, space_after=6)
        row = per_dimension.get(code)
        if row:
            average = round(row["percent"] / row["tasks"], 1)
            paragraph(
                document,
                f"Số nhiệm vụ: {row['tasks']}; đã hoàn thành: {row['done']}; tiến độ bình quân: "
                f"{figure_text(average)}%.",
                italic=True,
                align=justify,
                space_after=6,
            )
        if (narratives.get(code) or "").strip():
            _lines(document, narratives[code], justify=justify)
        elif not row:
            paragraph(document, "Chưa có báo cáo.", italic=True, align=justify, space_after=6)

    # Sections other apps add (inspections, disclosure, surveys: chiso/reporting/extensions.py), as consolidated.
    for number, section in enumerate(figures.get("sections") or [], start=3):
        paragraph(document, f"{number}. {section['title']}", bold=True, space_after=6)
        _lines(document, section.get("text", ""), justify=justify)
        if section.get("rows"):
            header = section.get("header") or [""] * len(section["rows"][0])
            grid_table(document, header, [(False, row) for row in section["rows"]])
            paragraph(document, "", space_after=6)

    for heading, text in (
        ("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", report.shortcomings),
        ("III. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI", report.next_steps),
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ", report.proposals),
    ):
        paragraph(document, heading, bold=True, space_after=6)
        if (text or "").strip():
            _lines(document, text, justify=justify)
        else:
            paragraph(document, "Không có.", align=justify, space_after=6)
    closing(document, f"Trên đây là báo cáo của {committee}./.")

    upper = f"UBND {in_sentence(unit.parent)}" if unit.parent_id else ""
    approver = report.approved_by
    if report.signer_name:
        title, name = report.signer_title, report.signer_name
    elif approver and approver.full_name:
        title, name = report.signer_title or approver.position, approver.full_name
    else:
        title, name = unit_signer(unit, report.signer_title)
    signature_block(
        document,
        recipients=[f"{upper} (để báo cáo)" if upper else "", "Các cơ quan, đơn vị có liên quan"],
        signer_title=title,
        signer_name=name,
    )

    # Appendix: the result of each task of the accepted reports.
    dated = f" ngày {report.report_date:%d/%m/%Y}" if report.report_date else ""
    appendix_heading(
        document, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ", f"Báo cáo số {report.code or '…'}{dated} của UBND {in_sentence(unit)}"
    )
    grid_table(
        document,
        APPENDIX_HEADERS,
        [
            (
                False,
                [
                    i,
                    agency_name(item.get("agency", "")),
                    item.get("number", ""),
                    item.get("task", ""),
                    item.get("dimension", ""),
                    task_statuses.get(item.get("status"), item.get("status") or ""),
                    item.get("percent", ""),
                    item.get("result", ""),
                ],
            )
            for i, item in enumerate(report.task_results or [], start=1)
        ],
        size=11,
        widths_mm=APPENDIX_WIDTHS,
    )
    return to_bytes(document)
