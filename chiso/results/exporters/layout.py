"""The layout of a briefing note in the form of Decree 30/2020/NĐ-CP (Times New Roman, A4, the issuer and the
national title side by side): text measured to fit a line, table columns fitted to their content."""

from __future__ import annotations

import io

from django.utils import timezone
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from chiso.plans.decree30 import decree30_document

from .. import charts

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


class Note:
    """A briefing note: issuer block and national title, title (each line on one line), then paragraphs, tables
    fitted to their content and charts."""

    def __init__(self, issuer_lines, place, title_lines):
        self.Pt, self.Mm = Pt, Mm
        self.center = WD_ALIGN_PARAGRAPH.CENTER
        self.justify = WD_ALIGN_PARAGRAPH.JUSTIFY
        self.document = document = decree30_document()
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
