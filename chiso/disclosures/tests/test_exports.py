"""Compliance exports opened back: the .xlsx with openpyxl, the .docx with python-docx; the consolidated report's
section."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from chiso.disclosures import compliance
from chiso.disclosures.exporters import compliance_docx, compliance_xlsx
from chiso.disclosures.models import PlaceState
from chiso.disclosures.sections import report_section

from .conftest import D

pytestmark = pytest.mark.django_db


def test_xlsx_lists_every_place(world, posted):
    result = compliance.compute(world.my_hao, D(2025, 1, 1), D(2025, 12, 31), today=D(2026, 1, 5))
    sheet = load_workbook(io.BytesIO(compliance_xlsx(world.my_hao, "2025", result))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0].startswith("TÌNH HÌNH CÔNG KHAI")
    with translation.override("vi"):
        label = str(PlaceState.TAKEN_DOWN_EARLY.label)
    early = [row for row in rows if "Nhà văn hóa TDP Phúc Lai" in str(row[6])]
    assert len(early) == 1 and early[0][10] == label and early[0][7].date() == D(2025, 12, 5)
    assert any("Tổng số địa điểm phải niêm yết" in str(row[1]) for row in rows)


def test_docx_is_an_official_report(world, posted):
    result = compliance.compute(world.bach_sam, D(2025, 1, 1), D(2025, 12, 31), today=D(2026, 1, 5))
    document = Document(io.BytesIO(compliance_docx(world.bach_sam, "2025", result, today=D(2026, 1, 5))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "Nhà văn hóa TDP Phúc Lai" in text
    table = document.tables[1]
    assert table.rows[0].cells[1].text == "Nội dung công khai"
    assert any("Danh sách hộ nghèo" in row.cells[1].text for row in table.rows)
    # the opening sentence counts the kinds of information (the table's rows), not each unit's posting of them
    kinds = len(result.by_type())
    assert f"phải niêm yết {kinds} nội dung" in text


def test_downloads_from_the_page(client, world, posted, district_coordinator):
    client.force_login(district_coordinator)
    response = client.get(reverse("disclosures:compliance_xlsx"), {"unit": world.my_hao.pk, "period": "2025"})
    assert response.status_code == 200 and load_workbook(io.BytesIO(response.content)).active["A1"].value
    response = client.get(reverse("disclosures:compliance_docx"), {"unit": world.my_hao.pk, "period": "2025"})
    assert response.status_code == 200 and Document(io.BytesIO(response.content)).paragraphs


def test_consolidated_report_section(world, posted):
    class Window:
        cutoff_start, cutoff_end = D(2025, 7, 1), D(2025, 12, 31)

    section = report_section(world.my_hao, Window())
    assert section["title"] and section["header"][0]
    row = next(r for r in section["rows"] if r[0] == "Danh sách hộ nghèo, hộ cận nghèo")
    assert row[1:4] == [3, 2, 0] and row[4] == 1
