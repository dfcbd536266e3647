"""A survey's exports: the responses and the indices as .xlsx, and a summary report as .docx in the official
layout (Decree 30/2020/NĐ-CP, through the plans' helpers)."""

from __future__ import annotations

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Font

from chiso.plans.exporters import (
    date_line,
    decree30_document,
    finish_sheet,
    grid_table,
    header_block,
    paragraph,
    signature_block,
    to_bytes,
)

from .scoring import Results


def _n(value, digits=1):
    return None if value is None else round(value, digits)


def responses_xlsx(survey) -> bytes:
    """One row per response, one column per question (its XLSForm name): readable back by the import."""
    questions = list(survey.questions.order_by("position", "id"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phiếu trả lời"
    sheet.append([f"PHIẾU TRẢ LỜI — {survey.title}"])
    sheet.append([f"{survey.unit.name}; xuất ngày {timezone.localdate():%d/%m/%Y}"])
    sheet.append(["id", "point", "channel", "submitted_at", *[q.name for q in questions]])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    rows = survey.responses.select_related("point__unit").order_by("id")
    for r in rows.iterator(chunk_size=2000):
        values = []
        for q in questions:
            value = r.answers.get(q.name)
            values.append(" ".join(value) if isinstance(value, list) else value)
        sheet.append(
            [
                r.pk,
                r.point.token,
                r.get_channel_display(),
                timezone.localtime(r.submitted_at).strftime("%d/%m/%Y %H:%M"),
                *values,
            ]
        )
    return finish_sheet(workbook, sheet, 3, [8, 14, 14, 17, *([14] * len(questions))])


def indices_xlsx(results: Results) -> bytes:
    survey = results.survey
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ số"
    sheet.append([f"CHỈ SỐ HÀI LÒNG — {survey.title}"])
    sheet.append([f"{survey.unit.name}; {results.responses} phiếu; khoảng tin cậy 95%"])
    headers = ["Nhóm", "Mã", "Nội dung", "Số phiếu (n)", "Chỉ số (0–100)", "Cận dưới", "Cận trên", "Sai số (±)",
               "Phương pháp", "Xếp hạng"]  # fmt: skip
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)

    def line(group, key, label, e, rank=""):
        sheet.append([group, key, label, e.n, _n(e.mean), _n(e.low), _n(e.high), _n(e.margin), e.method, rank])

    line("Tổng", "", "Chỉ số chung", results.overall)
    for ln in results.factors:
        line("Yếu tố", ln.key, ln.label, ln.estimate)
    for ln in results.dimensions:
        line("PAPI", ln.key, ln.label, ln.estimate)
    for g in results.units:
        line("Đơn vị", g.key, g.label, g.estimate, g.rank if g.ranked else "chưa đủ mẫu")
    for g in results.points:
        line("Điểm khảo sát", g.point.token if g.point else g.key, g.label, g.estimate,
             g.rank if g.ranked else "chưa đủ mẫu")  # fmt: skip
    for ln in results.questions:
        line("Câu hỏi", ln.key, ln.label, ln.estimate)
    return finish_sheet(workbook, sheet, 3, [14, 14, 50, 12, 14, 11, 11, 11, 12, 12])


def _vn(value):
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def summary_docx(results: Results, *, comparisons=None) -> bytes:
    """The report of a survey round: purpose, sample, indices by factor and unit with their margins, the weakest
    factors; to be signed by the committee."""
    survey = results.survey
    unit = survey.unit
    today = timezone.localdate()
    document = decree30_document()
    header_block(document, unit_name=unit.name, number="      /BC-UBND",
                 date_text=date_line(unit.short_name or unit.name, today, today.year))  # fmt: skip
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(document, "BÁO CÁO", bold=True, align=center, space_after=0)
    paragraph(document, f"Kết quả khảo sát: {survey.title}", bold=True, align=center, space_after=12)
    period = ""
    if survey.opens_on:
        period = f" từ ngày {survey.opens_on:%d/%m/%Y}"
        if survey.closes_on:
            period += f" đến ngày {survey.closes_on:%d/%m/%Y}"
    paragraph(document, "I. PHẠM VI, PHƯƠNG PHÁP", bold=True)
    paragraph(
        document,
        f"Khảo sát thực hiện tại {len(results.points)} điểm{period}, thu về {results.responses} phiếu. "
        "Mỗi câu hỏi quy về thang điểm 0–100; chỉ số của mỗi yếu tố là trung bình điểm của người trả lời, "
        f"kèm khoảng tin cậy 95%. Đơn vị, điểm khảo sát có dưới {survey.min_sample} phiếu "
        "được nêu nhưng không xếp hạng.",
        space_after=6,
    )
    paragraph(document, "II. KẾT QUẢ", bold=True)
    paragraph(
        document,
        f"Chỉ số hài lòng chung: {_vn(results.overall.mean)} điểm (± {_vn(results.overall.margin)}; "
        f"n = {results.overall.n}).",
        space_after=6,
    )
    rows = [
        (False, [ln.label, ln.estimate.n, _vn(ln.estimate.mean), f"{_vn(ln.estimate.low)}–{_vn(ln.estimate.high)}",
                 _vn(ln.change) if ln.change is not None else ""])
        for ln in results.factors + results.dimensions
    ]  # fmt: skip
    if rows:
        paragraph(document, "1. Theo yếu tố", italic=True)
        grid_table(document, ["Yếu tố", "Số phiếu", "Chỉ số", "Khoảng tin cậy 95%", "So với kỳ trước"], rows,
                   size=12, widths_mm=[62, 20, 20, 35, 28])  # fmt: skip
    groups = results.units if len(results.units) > 1 else results.points
    if groups:
        paragraph(document, "2. Theo đơn vị, điểm khảo sát", italic=True)
        grid_table(
            document,
            ["Đơn vị / điểm", "Số phiếu", "Chỉ số", "Sai số (±)", "Xếp hạng"],
            [
                (
                    False,
                    [
                        g.label,
                        g.estimate.n,
                        _vn(g.estimate.mean),
                        _vn(g.estimate.margin),
                        g.rank if g.ranked else "Chưa đủ mẫu",
                    ],
                )
                for g in groups
            ],  # fmt: skip
            size=12,
            widths_mm=[70, 20, 20, 25, 30],
        )
    weak = results.weakest_factors()
    if weak:
        paragraph(document, "", space_after=0)
        paragraph(document, "III. NỘI DUNG CẦN KHẮC PHỤC", bold=True)
        for ln in weak:
            paragraph(document, f"- {ln.label}: {_vn(ln.estimate.mean)} điểm (± {_vn(ln.estimate.margin)}).")
    if comparisons:
        paragraph(document, "IV. SO VỚI KỲ KHẢO SÁT TRƯỚC", bold=True)
    for text in comparisons or []:
        paragraph(document, f"- {text}")
    paragraph(document, "", space_after=6)
    signature_block(document, recipients=["UBND cấp trên", "Phòng Nội vụ"], signer_title="CHỦ TỊCH", signer_name="")
    return to_bytes(document)
