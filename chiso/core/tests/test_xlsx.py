"""Exports write text as text: a title typed as ``=HYPERLINK(…)`` never becomes a live formula in a workbook."""

import io

from openpyxl import Workbook, load_workbook

from chiso.lib.xlsx import workbook_bytes

# What people can type at the start of a title or a name, each a formula (or a formula's start) to a spreadsheet.
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def cells(content):
    """(value, data_type, quote prefix) of every non-empty cell of every sheet of the .xlsx ``content``."""
    book = load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type, cell.quotePrefix)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def assert_text_not_formula(content, *texts):
    """Each of ``texts`` is in the workbook as a text cell, with the quote prefix, and no cell is a formula."""
    found = cells(content)
    assert not [c for c in found if c[1] == "f"], "a cell is a formula"
    for text in texts:
        matches = [c for c in found if c[0] == text]
        assert matches, f"{text!r} is not in the workbook"
        assert all(c[1] == "s" and c[2] for c in matches), matches


def test_workbook_bytes_writes_strings_as_text_and_keeps_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append([*HOSTILE, 42, 2.5, "Phường 1", None])
    found = cells(workbook_bytes(book))
    assert [c[:2] for c in found] == [*[(t, "s") for t in HOSTILE], (42, "n"), (2.5, "n"), ("Phường 1", "s")]
    # only text that a spreadsheet would read as a formula carries the quote prefix
    assert [c[2] for c in found] == [True] * len(HOSTILE) + [False, False, False]


def test_openpyxl_alone_would_write_a_formula():
    # The hole the helper closes: a plain save keeps "=…" as a live formula.
    book = Workbook()
    book.active.append([HOSTILE[0]])
    buffer = io.BytesIO()
    book.save(buffer)
    assert cells(buffer.getvalue())[0][1] == "f"
