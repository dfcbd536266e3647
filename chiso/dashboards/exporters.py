"""A scorecard's results as .xlsx (every unit and agency with its inputs) and as .docx annexes to the emulation
decision, in the layout of Decree 30/2020/NĐ-CP (the helpers of ``chiso.plans.exporters``). Official documents:
always in Vietnamese."""

from __future__ import annotations

from django.utils import translation

from chiso.plans.decree30 import (
    decree30_document,
    grid_table,
    in_sentence,
    landscape_appendix,
    paragraph,
    share_widths,
    to_bytes,
)
from chiso.plans.exporters import finish_sheet

from .scorecards import Outcome, criteria_of

OUTCOMES = {Outcome.REWARD: "Đề nghị khen thưởng", Outcome.REMIND: "Nhắc nhở", Outcome.NOTHING: "Chưa có dữ liệu"}


def period_label(filters) -> str:
    if filters.period == "Y":
        return f"năm {filters.year}"
    return f"quý {['I', 'II', 'III', 'IV'][int(filters.period[1]) - 1]} năm {filters.year}"


def _ratio(i) -> str:
    if i.ratio is None:
        return "—"
    return f"{i.ratio}% ({i.numerator}/{i.denominator})".replace(".", ",")


def _score(result) -> str:
    return str(result.score).replace(".", ",") if result.score is not None else "—"


def _rank(result) -> str:
    if result.rank is None:
        return "—"
    return f"{result.rank} (đồng hạng)" if result.tied_with else str(result.rank)


def _rows(results):
    for kind, title in (("units", "Đơn vị"), ("agencies", "Cơ quan, đơn vị chuyên môn")):
        for result in results[kind]:
            yield title, result


def scorecard_xlsx(scorecard, filters, results) -> bytes:
    from openpyxl import Workbook  # heavy optional library: loaded only for an export
    from openpyxl.styles import Alignment, Font

    formula = criteria_of(scorecard)
    with translation.override("vi"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Chấm điểm"
        sheet.append([f"KẾT QUẢ CHẤM ĐIỂM THI ĐUA {period_label(filters).upper()} — {scorecard.unit.name.upper()}"])
        sheet.append(
            [
                "Công thức: "
                + "; ".join(f"{c.label} {w}%" for c, w, _m in formula)
                + f". Đề nghị khen thưởng từ {scorecard.reward_from} điểm; nhắc nhở dưới {scorecard.remind_below} điểm."
            ]
        )
        sheet.append([])
        headers = ["STT", "Nhóm", "Tên", *(str(c.label) for c, _w, _m in formula), "Điểm", "Xếp hạng", "Kết quả",
                   "Ghi chú"]  # fmt: skip
        sheet.append(headers)
        header_row = sheet.max_row
        for index, (group, result) in enumerate(_rows(results), start=1):
            sheet.append(
                [
                    index,
                    group,
                    str(result.subject),
                    *(_ratio(i) for i in result.inputs),
                    float(result.score) if result.score is not None else None,
                    _rank(result),
                    OUTCOMES.get(result.outcome, ""),
                    " ".join([*result.reasons, result.tie_note]).strip(),
                ]
            )
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = [6, 16, 34, *([18] * len(formula)), 9, 12, 20, 50]
        return finish_sheet(workbook, sheet, header_row, widths)


def _annex(document, number, title, scorecard, filters, *, first=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    center = WD_ALIGN_PARAGRAPH.CENTER
    if not first:
        landscape_appendix(document)
    paragraph(document, f"Phụ lục {number}", bold=True, align=center)
    paragraph(document, title, bold=True, align=center)
    paragraph(
        document,
        f"(Kèm theo Quyết định số       /QĐ-UBND ngày     tháng     năm {filters.year} "
        f"của Ủy ban nhân dân {in_sentence(scorecard.unit)})",
        italic=True,
        align=center,
        space_after=6,
    )


def _landscape(section):
    """The annexes' tables are wide: every page landscape A4, as ``landscape_appendix`` sets the later ones."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)


def scorecard_docx(scorecard, filters, results, *, today) -> bytes:
    """Phụ lục I: units and agencies proposed for a reward; II: those to be reminded, with the reasons; III: every
    result with the formula and its inputs."""
    formula = criteria_of(scorecard)
    everyone = list(_rows(results))
    with translation.override("vi"):
        document = decree30_document()
        _landscape(document.sections[0])
        _annex(document, "I", f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG {period_label(filters).upper()}", scorecard, filters,
               first=True)  # fmt: skip
        rewards = [(g, r) for g, r in everyone if r.outcome == Outcome.REWARD]
        grid_table(
            document,
            ["STT", "Tên đơn vị", "Điểm", "Xếp hạng", "Ghi chú"],
            [(False, [i, str(r.subject), _score(r), _rank(r), r.tie_note]) for i, (_g, r) in enumerate(rewards, 1)]
            or [(False, ["", "Không có đơn vị đạt mức đề nghị khen thưởng.", "", "", ""])],
            widths_mm=share_widths([10, 80, 20, 25, 100], 257),
        )
        _annex(document, "II", f"DANH SÁCH ĐƠN VỊ CẦN NHẮC NHỞ {period_label(filters).upper()}", scorecard, filters)
        reminders = [(g, r) for g, r in everyone if r.outcome == Outcome.REMIND]
        grid_table(
            document,
            ["STT", "Tên đơn vị", "Điểm", "Lý do"],
            [(False, [i, str(r.subject), _score(r), " ".join(r.reasons)]) for i, (_g, r) in enumerate(reminders, 1)]
            or [(False, ["", "Không có đơn vị phải nhắc nhở.", "", ""])],
            widths_mm=share_widths([10, 80, 20, 125], 257),
        )
        _annex(document, "III", "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM", scorecard, filters)
        paragraph(
            document,
            "Điểm = tổng (trọng số × tỷ lệ đạt của từng tiêu chí) / tổng trọng số của các tiêu chí có phát sinh: "
            + "; ".join(f"{str(c.label).lower()} {w}%" for c, w, _m in formula)
            + ".",
            space_after=6,
        )
        grid_table(
            document,
            ["STT", "Tên", *(str(c.label) for c, _w, _m in formula), "Điểm", "Xếp hạng"],
            [
                (False, [i, str(r.subject), *(_ratio(x) for x in r.inputs), _score(r), _rank(r)])
                for i, (_g, r) in enumerate(everyone, 1)
            ],
            size=10,
            widths_mm=share_widths([10, 60, *([30] * len(formula)), 18, 20], 257),
        )
        paragraph(document, f"(Số liệu tính đến ngày {today:%d/%m/%Y}.)", italic=True, space_after=0)
        return to_bytes(document)
