"""A profile and a gap analysis as .xlsx (for working on the numbers) and as a .docx briefing note in the
layout of Decree 30/2020/NĐ-CP (Times New Roman, A4, the issuer and national title side by side)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.lib.xlsx import workbook_bytes

from . import charts
from .analysis import GapReason


def _num(value):
    return float(value) if value is not None else None


# --- .xlsx --------------------------------------------------------------------------------------------------
PROFILE_HEADERS = [
    "Mã / Code",
    "Nội dung / Score",
    "Điểm / Score",
    "Thang điểm / Scale",
    "Xếp hạng / Rank",
    "Số tỉnh / Of",
    "Nhóm / Group",
    "Năm trước / Previous year",
    "Thay đổi / Change",
    "Trung vị toàn quốc / National median",
    "Thấp nhất / Minimum",
    "Cao nhất / Maximum",
    "Tỉnh cao nhất / Best province",
]


def _sheet(sheet, title, headers, widths):
    from openpyxl.styles import Alignment, Font

    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _profile_rows(prof):
    names = charts.group_names()
    for line in prof.lines:
        yield [
            line.code,
            line.name or _("PAPI total"),
            _num(line.value),
            f"{line.scale[0]:g}–{line.scale[1]:g}",
            line.rank,
            line.of,
            names[line.group] if line.value is not None else names[None],
            _num(line.previous),
            _num(line.change),
            _num(line.median),
            _num(line.minimum),
            _num(line.maximum),
            ", ".join(u.name for u in line.best),
        ]


def profile_xlsx(prof) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = _sheet(workbook.active, str(prof.year), PROFILE_HEADERS, [8, 48, 10, 12, 9, 8, 26, 12, 10, 12, 10, 10, 26])
    for row in _profile_rows(prof):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row[2:3] + row[7:12]:
            cell.number_format = "0.00"
    sheet.cell(row=sheet.max_row + 2, column=1, value=f"{prof.unit.name} — PAPI {prof.year}")
    return workbook_bytes(workbook)


def gaps_xlsx(report, checks) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = _sheet(
        workbook.active,
        "Điểm yếu",
        [
            "Mã / Code",
            "Nội dung thành phần / Sub-dimension",
            "Điểm / Score",
            "Thang điểm / Scale",
            "Xếp hạng / Rank",
            "Thay đổi / Change",
            "Cách tỉnh cao nhất / Distance to best",
            "Lý do / Why",
            "Nhiệm vụ của kế hoạch / Tasks of the plan",
        ],
        [8, 44, 10, 12, 9, 10, 12, 40, 60],
    )
    for gap in report.gaps:
        line = gap.line
        sheet.append(
            [
                line.code,
                line.name,
                _num(line.value),
                f"{line.scale[0]:g}–{line.scale[1]:g}",
                f"{line.rank}/{line.of}",
                _num(line.change),
                _num(line.maximum - line.value) if line.maximum is not None else None,
                "; ".join(_reason(r) for r in gap.reasons),
                "\n".join(str(t) for t in gap.tasks) or _("No task addresses it"),
            ]
        )
    targets = _sheet(
        workbook.create_sheet(), "Mục tiêu", ["Mục tiêu / Target", "Kết quả / Result", "Căn cứ / Basis"], [60, 18, 70]
    )
    for check in checks:
        targets.append([check.target.text, check.label, check.reason])
    return workbook_bytes(workbook)


def _reason(key):
    return str(GapReason(key).label) if key in GapReason.values else key


# --- .docx ---------------------------------------------------------------------------------------------------------
class _Note:
    """A briefing note: issuer block and national title, title, then paragraphs and tables."""

    def __init__(self, issuer_lines, place, title_lines):
        from docx import Document
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        self.Pt = Pt
        self.center = WD_ALIGN_PARAGRAPH.CENTER
        self.justify = WD_ALIGN_PARAGRAPH.JUSTIFY
        self.document = document = Document()
        style = document.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(14)
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        header = document.add_table(rows=1, cols=2)
        header.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = header.rows[0].cells
        left.width, right.width = Mm(62), Mm(103)
        left.paragraphs[0].text = ""
        for i, line in enumerate(issuer_lines):
            self.paragraph(left, line, bold=i > 0, size=13, align=self.center)
        self.paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=self.center)
        self.paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=13, align=self.center)
        today = timezone.localdate()
        self.paragraph(
            right,
            f"{place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
            italic=True,
            size=13,
            align=self.center,
        )
        self.paragraph(document, "", space_after=6)
        for i, line in enumerate(title_lines):
            self.paragraph(
                document, line, bold=True, align=self.center, space_after=12 if i == len(title_lines) - 1 else 0
            )

    def paragraph(
        self, where, text, *, bold=False, italic=False, size=None, align=None, underline=False, space_after=0
    ):
        p = where.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = self.Pt(size)
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = self.Pt(space_after)
        return p

    def text(self, text, **kwargs):
        return self.paragraph(self.document, text, align=self.justify, space_after=6, **kwargs)

    def table(self, headers, rows):
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = self.Pt(11)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = ""
                run = cell.paragraphs[0].add_run("" if value is None else str(value))
                run.font.size = self.Pt(11)
        return table

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _f(value, signed=False):
    if value is None:
        return "–"
    text = f"{float(value):+.2f}" if signed else f"{float(value):.2f}"
    return text.replace(".", ",")


def _committee(unit):
    return ["ỦY BAN NHÂN DÂN", unit.name.upper()]


def _place(unit):
    name = unit.short_name or unit.name
    for prefix in ("Tỉnh ", "Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Phường ", "Xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _standing_paragraphs(note, prof):
    total = prof.total
    names = charts.group_names()
    if total is None or total.value is None:
        note.text(f"PAPI không công bố điểm tổng hợp năm {prof.year} của {prof.unit.name}.")
        return
    change = (
        f"; so với năm {prof.previous_year}: {_f(total.change, signed=True)} điểm"
        if total.change is not None
        else f"; không so sánh được với năm {prof.previous_year} (thay đổi cấu trúc hoặc thang điểm)"
    )
    note.text(
        f"Năm {prof.year}, {prof.unit.name} đạt {_f(total.value)} điểm tổng hợp PAPI (thang điểm "
        f"{total.scale[0]:g}–{total.scale[1]:g}, {prof.n_dimensions} chỉ số nội dung), "
        f"xếp hạng {total.rank}/{total.of} tỉnh, thuộc {names[total.group].lower()}{change}. "
        f"Trung vị toàn quốc {_f(total.median)}; cao nhất {_f(total.maximum)} "
        f"({', '.join(u.name for u in total.best)})."
    )


def profile_docx(prof) -> bytes:
    note = _Note(
        _committee(prof.unit),
        _place(prof.unit),
        ["BÁO CÁO TÓM TẮT", f"Kết quả Chỉ số PAPI năm {prof.year} của {prof.unit.name}"],
    )
    note.paragraph(note.document, "I. KẾT QUẢ CHUNG", bold=True, space_after=6)
    _standing_paragraphs(note, prof)
    note.paragraph(note.document, "II. KẾT QUẢ THEO CHỈ SỐ NỘI DUNG VÀ NỘI DUNG THÀNH PHẦN", bold=True, space_after=6)
    names = charts.group_names()
    note.table(
        ["Mã", "Nội dung", "Điểm", "Thang", "Hạng", "Nhóm", "Thay đổi", "Trung vị"],
        [
            [
                line.code,
                line.name or "Tổng hợp",
                _f(line.value),
                f"{line.scale[0]:g}–{line.scale[1]:g}",
                f"{line.rank}/{line.of}" if line.rank else "–",
                names[line.group] if line.value is not None else names[None],
                _f(line.change, signed=True),
                _f(line.median),
            ]
            for line in prof.lines
        ],
    )
    note.text(
        "Ghi chú: thang điểm mỗi chỉ số nội dung 1–10; nội dung thành phần của chỉ số có n nội dung thành phần "
        "1/n–10/n; điểm tổng hợp 6–60 (2011–2017) và 8–80 (từ 2018), không so sánh hai giai đoạn với nhau. "
        "Nguồn: kết quả PAPI công bố hằng năm.",
        italic=True,
    )
    return note.save()


def gaps_docx(report, checks) -> bytes:
    plan = report.plan
    province = report.province
    note = _Note(
        _committee(plan.unit),
        _place(plan.unit),
        [
            "BÁO CÁO TÓM TẮT",
            f"Nội dung PAPI cần tập trung cải thiện của {province.name if province else plan.unit.name}"
            f"{f' (kết quả năm {report.year})' if report.year else ''}",
        ],
    )
    note.text(f"Kèm theo: {plan.title}.", italic=True)
    if report.profile is None:
        note.text("Chưa có kết quả PAPI của tỉnh để phân tích.")
        return note.save()
    note.paragraph(note.document, "I. KẾT QUẢ CHUNG CỦA TỈNH", bold=True, space_after=6)
    _standing_paragraphs(note, report.profile)
    note.paragraph(note.document, "II. CÁC NỘI DUNG THÀNH PHẦN YẾU NHẤT", bold=True, space_after=6)
    note.table(
        ["Mã", "Nội dung thành phần", "Điểm (thang)", "Hạng", "Thay đổi", "Nhiệm vụ của kế hoạch"],
        [
            [
                g.line.code,
                g.line.name,
                f"{_f(g.line.value)} ({g.line.scale[0]:g}–{g.line.scale[1]:g})",
                f"{g.line.rank}/{g.line.of}",
                _f(g.line.change, signed=True),
                "; ".join(str(t) for t in g.tasks) or "CHƯA CÓ NHIỆM VỤ",
            ]
            for g in report.gaps
        ],
    )
    uncovered = report.uncovered
    if uncovered:
        note.text(
            "Đề nghị bổ sung nhiệm vụ cho các nội dung chưa có nhiệm vụ: "
            + "; ".join(f"{g.line.code} {g.line.name}" for g in uncovered)
            + "."
        )
    if checks:
        note.paragraph(note.document, "III. ĐỐI CHIẾU MỤC TIÊU CỦA KẾ HOẠCH", bold=True, space_after=6)
        note.table(["Mục tiêu", "Kết quả", "Căn cứ"], [[c.target.text, c.label, c.reason] for c in checks])
    return note.save()
