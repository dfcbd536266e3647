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
    "Căn cứ nhóm / Groups",
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
            BASIS_VI.get(getattr(line, "basis", ""), ""),
        ]


TREND_HEADERS = [
    "Năm / Year",
    "Điểm / Score",
    "Thang điểm / Scale",
    "Xếp hạng / Rank",
    "Số tỉnh / Of",
    "Nhóm / Group",
    "Trung vị toàn quốc / National median",
    "Thấp nhất / Lowest",
    "Cao nhất / Highest",
]


def profile_xlsx(prof, series=None) -> bytes:
    """The profile's lines; with ``series``, a sheet of the total over the years against the nation and its
    line chart (a native Excel chart: it stays readable and editable)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = _sheet(
        workbook.active, str(prof.year), PROFILE_HEADERS, [8, 48, 10, 12, 9, 8, 26, 12, 10, 12, 10, 10, 26, 30]
    )
    for row in _profile_rows(prof):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row[2:3] + row[7:12]:
            cell.number_format = "0.00"
    sheet.cell(row=sheet.max_row + 2, column=1, value=f"{prof.unit.name} — PAPI {prof.year}")
    total = next((s for s in series or [] if s.code == "TOTAL"), None)
    if total is not None:
        _trend_sheet(workbook.create_sheet(), total, prof.unit.name)
    return workbook_bytes(workbook)


def _trend_sheet(sheet, series, name):
    from openpyxl.chart import LineChart, Reference
    from openpyxl.chart.series import SeriesLabel

    _sheet(sheet, "Xu hướng", TREND_HEADERS, [10, 10, 12, 10, 8, 12, 14, 12, 12])
    names = charts.group_names()
    for row in charts.chart_rows(series):
        sheet.append(
            [
                row["year"],
                _num(row["value"]),
                f"{row['scale'][0]:g}–{row['scale'][1]:g}",
                row["rank"],
                row["of"],
                names[row["group"]] if row["group"] else None,
                _num(row["median"]),
                _num(row["minimum"]),
                _num(row["maximum"]),
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[1], row[6], row[7], row[8]):
            cell.number_format = "0.00"
    last = sheet.max_row
    # the chart draws the latest period only: a line never joins two scales (6–60 until 2017, 8–80 since 2018)
    period = series.segments[-1]["years"]
    first = last - len(period) + 1
    chart = LineChart()
    chart.title = f"{name}: điểm tổng hợp PAPI và toàn quốc, {period[0]}–{period[-1]}"
    chart.y_axis.title = "Điểm"
    chart.x_axis.title = "Năm"
    chart.height, chart.width = 9, 18
    for column in (2, 7, 8, 9):
        data = Reference(sheet, min_col=column, min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=False)
        chart.series[-1].tx = SeriesLabel(v=TREND_HEADERS[column - 1].split(" / ")[0])
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    values = [
        float(v)
        for r in sheet.iter_rows(min_row=first, max_row=last, min_col=2, max_col=9, values_only=True)
        for v in (r[0], *r[5:])
        if isinstance(v, (int, float))
    ]
    if values:
        low, high, _step = charts.nice_range(min(values), max(values))
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = low, high  # fitted, not the whole 8–80
    sheet.add_chart(chart, "K2")
    sheet.cell(
        row=last + 2,
        column=1,
        value=(
            "2011–2017: 6 chỉ số nội dung, thang 6–60; từ 2018: 8 chỉ số nội dung, thang 8–80 — không so sánh hai "
            "giai đoạn."
        ),
    )


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
TEXT_WIDTH_MM = 165  # A4 less the 30 mm and 15 mm margins of Decree 30
PT_MM = 0.3528


def text_width_mm(text: str, size: float, *, bold: bool = False) -> float:
    """Roughly how wide ``text`` sets in Times New Roman (average advance per kind of character, in em)."""
    ems = 0.0
    for char in text:
        if char in " ,.:;'’()/":
            ems += 0.27
        elif char in "mwMW":
            ems += 0.85
        elif char.isupper():
            ems += 0.72
        elif char.isdigit():
            ems += 0.50
        elif char.isalpha():
            ems += 0.47
        else:
            ems += 0.52
    return ems * size * PT_MM * (1.08 if bold else 1.0)


def fitting_size(
    text: str, *, bold: bool = True, largest: float = 14, smallest: float = 10, width_mm: float = TEXT_WIDTH_MM
) -> float:
    """The largest size (by half points) at which ``text`` stays on one line ``width_mm`` wide."""
    size = largest
    while size > smallest and text_width_mm(text, size, bold=bold) > width_mm * 0.94:
        size -= 0.5
    return size


def fitted_widths(headers, rows, *, size: float, total: float = TEXT_WIDTH_MM) -> list[float]:
    """Column widths (mm) fitted to the content: each column as wide as its longest cell up to the page; when
    they do not fit, the columns of long text give way, never below their longest word."""
    pad = 4.6  # the cell's left and right margins (1.9 mm each in the Table Grid style) and a little air
    natural, least = [], []
    for i, header in enumerate(headers):
        cells = [str(r[i]) if r[i] is not None else "" for r in rows]
        # a header may wrap between its words (“Thay / đổi”): the cells and the header's longest word set the width
        words = [text_width_mm(w, size, bold=True) for w in str(header).split()]
        natural.append(max([text_width_mm(c, size) for c in cells] + words + [0]) + pad)
        words += [text_width_mm(w, size) for c in cells for w in c.split()]
        # a short column (a code, a number, a rank, a group) never wraps; the long texts give way
        least.append(natural[-1] if natural[-1] <= 34 else max(words or [0]) + pad)
    if sum(natural) <= total:
        widths = list(natural)
        widths[natural.index(max(natural))] += total - sum(natural)
        return widths

    # the widest columns give way first: every column is capped at one level, found by bisection, never below
    # its longest word (a short column never wraps at all)
    def width_at(level):
        return [min(n, max(level, lo)) for n, lo in zip(natural, least, strict=True)]

    low, high = 0.0, max(natural)
    for _step in range(40):
        level = (low + high) / 2
        low, high = (level, high) if sum(width_at(level)) < total else (low, level)
    widths = width_at(low)
    if sum(widths) < total:  # the longest words alone fill the page: give what is left to the widest column
        widths[widths.index(max(widths))] += total - sum(widths)
    return widths


class _Note:
    """A briefing note: issuer block and national title, title (each line on one line), then paragraphs, tables
    fitted to their content and charts."""

    def __init__(self, issuer_lines, place, title_lines):
        from docx import Document
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        self.Pt, self.Mm = Pt, Mm
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
        header.autofit = False
        left, right = header.rows[0].cells
        for column, cell, width in ((header.columns[0], left, 62), (header.columns[1], right, 103)):
            column.width = cell.width = Mm(width)  # the grid LibreOffice reads, and what Word reads
        left.paragraphs[0].text = ""
        for i, line in enumerate(issuer_lines):
            size = fitting_size(line, bold=i > 0, largest=13, smallest=11, width_mm=62 - 4)
            self.paragraph(left, line, bold=i > 0, size=size, align=self.center)
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
                document,
                line,
                bold=True,
                size=fitting_size(line),
                align=self.center,
                space_after=12 if i == len(title_lines) - 1 else 0,
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

    def heading(self, text):
        return self.paragraph(self.document, text, bold=True, space_after=6)

    def table(self, headers, rows, *, size=11, numeric=()):
        """A bordered table whose columns fit their content; the header row repeats on every page and the
        columns in ``numeric`` are right-aligned."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        widths = fitted_widths(headers, rows, size=size)
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.autofit = False
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for values, bold in [(headers, True)] + [(r, False) for r in rows]:
            cells = table.rows[0].cells if bold else table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
                cell.text = ""
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run("" if value is None else str(value))
                run.bold = bold
                run.font.size = self.Pt(size)
                if i in numeric and not bold:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for column, width in zip(table.columns, widths, strict=True):
            column.width = self.Mm(width)  # the grid LibreOffice reads
            for cell in column.cells:
                cell.width = self.Mm(width)  # what Word reads
        return table

    def chart(self, svg, *, width_mm=TEXT_WIDTH_MM, caption=""):
        """A chart as a picture (the SVG rendered to PNG), with its caption: Word has no room for SVG."""
        if not svg:
            return
        self.document.add_picture(io.BytesIO(charts.chart_png(svg)), width=self.Mm(width_mm))
        self.document.paragraphs[-1].alignment = self.center
        if caption:
            self.paragraph(self.document, caption, italic=True, size=11, align=self.center, space_after=6)

    def chart_grid(self, items, *, columns=2):
        """Small charts side by side in a borderless table, each with its title above it."""
        if not items:
            return
        width = TEXT_WIDTH_MM / columns
        table = self.document.add_table(rows=0, cols=columns)
        table.autofit = False
        for start in range(0, len(items), columns):
            cells = table.add_row().cells
            for cell, (title, svg) in zip(cells, items[start : start + columns], strict=False):
                cell.width = self.Mm(width)
                cell.paragraphs[0].text = ""
                run = cell.paragraphs[0].add_run(title)
                run.bold, run.font.size = True, self.Pt(10)
                cell.add_paragraph().add_run().add_picture(
                    io.BytesIO(charts.chart_png(svg, width=900)), width=self.Mm(width - 3)
                )
        for column in table.columns:
            column.width = self.Mm(width)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _f(value, signed=False):
    if value is None:
        return "–"
    text = f"{float(value):+.2f}" if signed else f"{float(value):.2f}"
    return text.replace(".", ",")


# The groups in a table cell: short names of PAPI's own legend (2022: Cao, Trung bình cao …), marked when computed.
SHORT_GROUPS = {1: "Cao", 2: "TB cao", 3: "TB thấp", 4: "Thấp", None: "–"}
BASIS_MARK = {"computed": "*", "partial": "†"}
BASIS_VI = {
    "published": "nhóm theo công bố của PAPI",
    "partial": "nhóm cao nhất theo công bố của PAPI, các nhóm khác tính theo tứ phân vị",
    "computed": "nhóm tính theo tứ phân vị",
}


def _group_cell(line) -> str:
    if line.value is None or line.group is None:
        return "–"
    return f"{SHORT_GROUPS[line.group]}{BASIS_MARK.get(getattr(line, 'basis', ''), '')}"


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
        f"xếp hạng {total.rank}/{total.of} tỉnh, thuộc {names[total.group].lower()} ({BASIS_VI[total.basis]}){change}. "
        f"Trung vị toàn quốc {_f(total.median)}; cao nhất {_f(total.maximum)} "
        f"({', '.join(u.name for u in total.best)})."
    )


GROUPS_NOTE = (
    "Nhóm: Cao, TB (trung bình) cao, TB thấp, Thấp — theo công bố của PAPI nơi PAPI công bố (điểm tổng hợp các năm "
    "2019, 2020, 2022; nhóm cao nhất năm 2023); * nhóm tính theo tứ phân vị; † nhóm cao nhất theo công bố, các nhóm "
    "khác tính theo tứ phân vị."
)


def _trend_charts(note, series, *, codes=None):
    """The total over the years against the nation, then the chosen scores as small charts."""
    by_code = {s.code: s for s in series or []}
    total = by_code.get("TOTAL")
    if total is not None:
        note.chart(
            charts.line_chart(total, width=600, height=240),
            caption=(
                "Điểm tổng hợp qua các năm: đường liền là của tỉnh (số cạnh mỗi điểm là thứ hạng), đường đứt là trung "
                "vị toàn quốc, dải màu từ tỉnh thấp nhất đến tỉnh cao nhất; mỗi giai đoạn một thang điểm."
            ),
        )
    chosen = [by_code[c] for c in (codes or []) if c in by_code]
    note.chart_grid(
        [(f"{s.code}. {s.name}", charts.line_chart(s, width=340, height=190, legend=False)) for s in chosen]
    )


def _other_indices(note, others):
    if not others:
        return
    note.heading("CÁC CHỈ SỐ KHÁC CỦA TỈNH")
    note.table(
        ["Chỉ số", "Năm", "Điểm", "Thang", "Hạng", "Nhóm", "Trung vị"],
        [
            [
                o.index.code,
                o.year,
                _f(o.value) + o.unit_label,
                f"{o.scale[0]:g}–{o.scale[1]:g}",
                f"{o.rank}/{o.of}" if o.rank else "–",
                f"{SHORT_GROUPS[o.group]}*" if o.group else "–",
                _f(o.median),
            ]
            for o in others
        ],
        numeric=(2, 6),
    )


def profile_docx(prof, series=None, others=None) -> bytes:
    note = _Note(
        _committee(prof.unit),
        _place(prof.unit),
        ["BÁO CÁO TÓM TẮT", f"Kết quả Chỉ số PAPI năm {prof.year} của {prof.unit.name}"],
    )
    note.heading("I. KẾT QUẢ CHUNG")
    _standing_paragraphs(note, prof)
    _trend_charts(note, series)
    note.heading("II. KẾT QUẢ THEO CHỈ SỐ NỘI DUNG VÀ NỘI DUNG THÀNH PHẦN")
    note.table(
        ["Mã", "Nội dung", "Điểm", "Thang", "Hạng", "Nhóm", "Thay đổi", "Trung vị"],
        [
            [
                line.code if line.code != "TOTAL" else "",
                line.name or "Tổng hợp",
                _f(line.value),
                f"{line.scale[0]:g}–{line.scale[1]:g}".replace(".", ","),
                f"{line.rank}/{line.of}" if line.rank else "–",
                _group_cell(line),
                _f(line.change, signed=True),
                _f(line.median),
            ]
            for line in prof.lines
        ],
        numeric=(2, 6, 7),
    )
    note.text(GROUPS_NOTE, italic=True, size=11)
    _other_indices(note, others)
    if series:
        note.heading("III. DIỄN BIẾN CÁC CHỈ SỐ NỘI DUNG QUA CÁC NĂM")
        dimensions = [s for s in series if s.code != "TOTAL"]
        _trend_charts(note, dimensions, codes=[line.code for line in prof.dimensions])
    note.text(
        "Ghi chú: thang điểm mỗi chỉ số nội dung 1–10; nội dung thành phần của chỉ số có n nội dung thành phần "
        "1/n–10/n; điểm tổng hợp 6–60 (2011–2017) và 8–80 (từ 2018), không so sánh hai giai đoạn với nhau. "
        "Nguồn: kết quả PAPI công bố hằng năm.",
        italic=True,
        size=12,
    )
    return note.save()


def gaps_docx(report, checks, series=None) -> bytes:
    plan = report.plan
    province = report.province
    title = [
        "BÁO CÁO TÓM TẮT",
        f"Nội dung PAPI cần cải thiện của {province.name if province else plan.unit.name}"
        + (f" (kết quả {report.year})" if report.year else ""),
    ]
    note = _Note(_committee(plan.unit), _place(plan.unit), title)
    note.text(f"Kèm theo: {plan.title}.", italic=True)
    if report.profile is None:
        note.text("Chưa có kết quả PAPI của tỉnh để phân tích.")
        return note.save()
    note.heading("I. KẾT QUẢ CHUNG CỦA TỈNH")
    _standing_paragraphs(note, report.profile)
    _trend_charts(note, series)
    note.heading("II. CÁC NỘI DUNG THÀNH PHẦN YẾU NHẤT")
    note.table(
        ["Mã", "Nội dung thành phần", "Điểm (thang)", "Hạng", "Thay đổi", "Nhiệm vụ của kế hoạch"],
        [
            [
                g.line.code,
                g.line.name,
                f"{_f(g.line.value)} ({g.line.scale[0]:g}–{g.line.scale[1]:g})".replace(".", ","),
                f"{g.line.rank}/{g.line.of}",
                _f(g.line.change, signed=True),
                "; ".join(str(t) for t in g.tasks) or "CHƯA CÓ NHIỆM VỤ",
            ]
            for g in report.gaps
        ],
        numeric=(4,),
    )
    if series:
        _trend_charts(note, [s for s in series if s.code != "TOTAL"], codes=[g.line.code for g in report.gaps])
    uncovered = report.uncovered
    if uncovered:
        note.text(
            "Đề nghị bổ sung nhiệm vụ cho các nội dung chưa có nhiệm vụ: "
            + "; ".join(f"{g.line.code} {g.line.name}" for g in uncovered)
            + "."
        )
    if checks:
        note.heading("III. ĐỐI CHIẾU MỤC TIÊU CỦA KẾ HOẠCH")
        note.table(["Mục tiêu", "Kết quả", "Căn cứ"], [[c.target.text, c.label, c.reason] for c in checks])
    return note.save()
