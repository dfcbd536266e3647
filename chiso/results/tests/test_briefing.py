"""The briefing .docx of a profile and of a gap analysis, opened back with python-docx and rendered through
LibreOffice: the title on one line, tables fitted to their content, the charts embedded as pictures."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Mm

from chiso.plans.exporters import docx_to_pdf
from chiso.results import exporters

TEXT_WIDTH = Mm(exporters.TEXT_WIDTH_MM)


def briefing(client, code="79", year=2022):
    response = client.get(f"/results/provinces/{code}/profile.docx", {"year": year})
    assert response.status_code == 200
    return response.content


def test_profile_briefing_opens_back_with_charts_and_fitted_tables(papi_results, client):
    note = Document(io.BytesIO(briefing(client)))
    title = next(p for p in note.paragraphs if p.text.startswith("Kết quả Chỉ số PAPI"))
    assert title.text == f"Kết quả Chỉ số PAPI năm 2022 của {papi_results.get(code='79').name}"
    assert exporters.text_width_mm(title.text, title.runs[0].font.size.pt, bold=True) < exporters.TEXT_WIDTH_MM
    # the total's chart, then one per dimension (8 in 2022)
    assert len(note.inline_shapes) == 1 + 8
    table = note.tables[1]
    widths = [column.width for column in table.columns]
    assert abs(sum(widths) - TEXT_WIDTH) < Mm(1)
    assert widths[1] == max(widths)  # the names take the room; codes, numbers and groups what they need
    assert [c.text for c in table.rows[0].cells][:3] == ["Mã", "Nội dung", "Điểm"]
    total_row = [c.text for c in table.rows[1].cells]
    assert total_row[5] == "TB thấp"  # published group of 2022, so no mark
    assert any(c.text.endswith("*") for row in table.rows[2:] for c in row.cells[5:6])  # computed ones marked
    text = "\n".join(p.text for p in note.paragraphs)
    assert "nhóm theo công bố của PAPI" in text and "tứ phân vị" in text


@pytest.mark.skipif(not shutil.which("libreoffice") or not shutil.which("pdftotext"), reason="LibreOffice")
def test_profile_briefing_renders_with_its_title_on_one_line(papi_results, client):
    pdf = docx_to_pdf(briefing(client))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    lines = [line.strip() for line in text.splitlines()]
    name = papi_results.get(code="79").name  # the longest of the 63 names
    assert f"Kết quả Chỉ số PAPI năm 2022 của {name}" in lines
    assert any(line.startswith(name.upper()) for line in lines)  # the issuer fits its column too
    # a row of the table keeps its short cells whole: code, score, scale, rank and group on one line
    row = next(line for line in lines if line.startswith("D1.1"))
    assert "0,25–2,50" in row and re.search(r"\b\d+/6\d\b", row) and "TB thấp*" in row
