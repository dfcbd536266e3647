"""Writing .xlsx exports: every text is written as text, never as a formula.

A task title, an agency name or an answer typed by a person can start with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return. openpyxl stores a string that starts with ``=`` as a live formula (``=HYPERLINK(…)`` becomes a
link that opens a web page), and spreadsheet programs turn the others into formulas when a reader edits the cell.
Every exporter saves its workbook through :func:`workbook_bytes`: each string cell is stored as a shared string
(``data_type = "s"``), and one that starts with such a character also carries the quote prefix (the ``'`` Excel
and LibreOffice show), so editing it keeps it text. Numbers, dates and empty cells are left as they are.
Exporters write no formulas of their own.
"""

import io

from openpyxl.styles import Alignment, Border, Font, Side

# Characters that make a spreadsheet program read the rest of the cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell):
    """Make ``cell`` hold its string value as text; a value that looks like a formula gets the quote prefix."""
    value = cell.value
    if not isinstance(value, str):
        return cell
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def text_only(workbook):
    """Every string cell of every sheet of ``workbook`` as text (see :func:`as_text`); returns the workbook."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    as_text(cell)
    return workbook


def workbook_bytes(workbook) -> bytes:
    """The workbook as .xlsx bytes, its text written as text: the one way exports save a workbook."""
    buffer = io.BytesIO()
    text_only(workbook).save(buffer)
    return buffer.getvalue()


def grid(sheet, header_row, *, center_header=False):
    """Draw the table that starts at ``header_row`` down to the sheet's last row: thin borders, text at the top of
    its cell and wrapped; the header row in bold (centred when asked) and the last row, the totals, in bold."""
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row_cells in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row):
        for cell in row_cells:
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        if center_header:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
