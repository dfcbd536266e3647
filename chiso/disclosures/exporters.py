"""Compliance exports: the list behind the numbers as .xlsx, and a report in the layout of Decree 30/2020/NĐ-CP
as .docx (the helpers of ``chiso.plans.exporters``). Official documents: always in Vietnamese."""

from __future__ import annotations

from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook

from chiso.lib.xlsx import grid
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

from . import compliance, periods
from .models import PlaceState

LINE_HEADERS = [
    "STT",
    "Đơn vị",
    "Nội dung công khai",
    "Kỳ / sự kiện",
    "Hạn niêm yết",
    "Địa điểm bắt buộc",
    "Nơi niêm yết",
    "Niêm yết từ",
    "Đến",
    "Phải niêm yết đến",
    "Tình trạng",
]
LINE_WIDTHS = [6, 24, 34, 24, 12, 26, 26, 12, 12, 14, 18]


def compliance_xlsx(unit, key, result) -> bytes:
    """A row per required place of each duty (the list behind every number), then the counts."""
    with translation.override("vi"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Công khai"
        sheet.append([f"TÌNH HÌNH CÔNG KHAI, NIÊM YẾT — {unit.name.upper()}"])
        sheet.append([periods.label(key)])
        sheet.append([])
        sheet.append(LINE_HEADERS)
        header_row = sheet.max_row
        for index, line in enumerate(result.lines, start=1):
            place = line.place
            sheet.append(
                [
                    index,
                    line.duty.unit.name,
                    line.duty.type.name,
                    line.duty.label,
                    line.duty.due_on,
                    line.kind_label,
                    str(place) if place else "",
                    place.posted_from if place else None,
                    place.posted_to if place else None,
                    line.required_until,
                    line.state_label + (" (ngoài địa điểm bắt buộc)" if line.extra else ""),
                ]
            )
            for column in (5, 8, 9, 10):
                sheet.cell(sheet.max_row, column).number_format = "DD/MM/YYYY"
        counts = result.counts
        sheet.append(
            [
                "",
                f"Tổng số địa điểm phải niêm yết: {result.expected}",
                "; ".join(f"{PlaceState(s).label}: {counts[s]}" for s in compliance.COUNTED),
            ]
        )
        grid(sheet, header_row)
        return finish_sheet(workbook, sheet, header_row, LINE_WIDTHS)


COUNT_HEADERS = ["Địa điểm phải niêm yết", "Đúng hạn", "Muộn", "Gỡ sớm", "Chưa niêm yết", "Chưa đến hạn"]


def _count_rows(parts):
    """[(False, [No., name, places, count of each state])] for ``(row, part)`` pairs of a compliance result (a type
    or a unit, named by its ``name``)."""
    return [
        (False, [index, row.name, part.expected, *(part.counts[s] for s in compliance.COUNTED)])
        for index, (row, part) in enumerate(parts, start=1)
    ]


def _count_table(document, heading, rows):
    """The counts by state in a table whose second column is ``heading``."""
    grid_table(document, ["STT", heading, *COUNT_HEADERS], rows, size=11, widths_mm=[13, 52, 20, 16, 14, 16, 18, 16])


def compliance_docx(unit, key, result, *, today) -> bytes:
    """Báo cáo tình hình công khai, niêm yết: the counts by type (and by unit below), in the official layout."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    with translation.override("vi"):
        document = decree30_document()
        place_name = unit.short_name or unit.name
        header_block(
            document, unit_name=unit.name, number="      /BC-UBND", date_text=date_line(place_name, today, today.year)
        )
        label = periods.label(key)
        paragraph(document, "", space_after=6)
        paragraph(document, "BÁO CÁO", bold=True, align=center)
        paragraph(
            document,
            # "… niêm yết thông tin năm 2026", "… quý I/2026": the period as a sentence goes on, no dash
            f"Tình hình thực hiện công khai, niêm yết thông tin {label[:1].lower()}{label[1:]}",
            bold=True,
            align=center,
            space_after=12,
        )
        counts = result.counts
        rate = result.rate
        by_type = result.by_type()
        # "3 nội dung (520 lượt)": the kinds of information, and the postings the units owe of them
        times = f" ({len(result.duties)} lượt)" if len(result.duties) != len(by_type) else ""
        paragraph(
            document,
            f"Trong {label[:1].lower()}{label[1:]}, {unit.name} phải niêm yết {len(by_type)} nội dung{times} tại "
            f"{result.expected} địa điểm. Trong đó: {counts[PlaceState.ON_TIME]} địa điểm niêm yết đúng hạn và đủ thời "
            f"gian; {counts[PlaceState.LATE]} niêm yết muộn; {counts[PlaceState.TAKEN_DOWN_EARLY]} gỡ xuống trước thời "
            f"hạn; {counts[PlaceState.MISSING]} chưa niêm yết; {counts[PlaceState.NOT_DUE]} chưa đến hạn."
            + (f" Tỷ lệ tuân thủ: {rate}%." if rate is not None else ""),
            space_after=6,
        )
        rows = _count_rows(by_type)
        rows.append((True, ["", "Tổng cộng", result.expected, *(counts[s] for s in compliance.COUNTED)]))
        _count_table(document, "Nội dung công khai", rows)
        by_unit = result.by_unit() if unit.level != "commune" else []
        if len(by_unit) > 1:
            paragraph(document, "", space_after=0)
            paragraph(document, "Theo đơn vị:", bold=True, space_after=6)
            _count_table(document, "Đơn vị", _count_rows(by_unit))
        early = [line for line in result.counted if line.state in (PlaceState.TAKEN_DOWN_EARLY, PlaceState.MISSING)]
        if early:
            paragraph(document, "", space_after=0)
            paragraph(document, "Những nơi chưa bảo đảm quy định:", bold=True, space_after=6)
            for line in early[:200]:
                where = str(line.place) if line.place else line.kind_label
                why = f" ({line.place.taken_down_reason})" if line.place and line.place.taken_down_reason else ""
                paragraph(
                    document,
                    f"- {line.duty.unit.name}: {line.duty.type.name} — {line.duty.label}, {where}: "
                    f"{line.state_label.lower()}{why}.",
                    size=13,
                )
        paragraph(document, "", space_after=6)
        signature_block(document, recipients=["UBND cấp trên"], signer_title="CHỦ TỊCH", signer_name="")
        return to_bytes(document)
