"""PDF plans (issue 13): a PDF with its text is read like the Word file it was saved from; a scanned one needs its
text recognised first (``test_ocr``), and is refused with what to do, in Vietnamese, where OCR is not available.

Fixtures: ``phung-chi-kien-2025.pdf`` is seed 001 as .docx (``test_plan_text.as_docx``) saved as PDF by
LibreOffice; ``scanned-page.pdf`` is its first page as a picture (pdftoppm), in a PDF with no text layer."""

from pathlib import Path

import pytest
from django.utils import translation

from chiso.imports import services
from chiso.imports.reader import read_document
from chiso.imports.sources import ImportRefused, NeedsOcr

PDF = Path(__file__).parent / "fixtures" / "pdf"
TEXT_PDF = (PDF / "phung-chi-kien-2025.pdf").read_bytes()
SCANNED_PDF = (PDF / "scanned-page.pdf").read_bytes()


def test_a_text_pdf_is_read_like_its_word_file():
    result = read_document(TEXT_PDF, "KH-PAPI-Phung-Chi-Kien-2025.pdf")
    plan = result["plan"]
    assert (plan["code"], plan["issued_on"], plan["year"]) == ("15/KH-UBND", "2025-01-21", 2025)
    assert "Phùng Chí Kiên" in plan["title"]
    assert plan["issuer"] == "UBND phường Phùng Chí Kiên"
    assert [d["cadence"] for d in result["reporting"]][:2] == ["semiannual", "annual"]
    assert [d["rule"] for d in result["deadlines"]] == ["15 ngày làm việc kể từ ngày kế hoạch cấp trên được ban hành"]
    dimensions = {c for m in result["measures"] for c in m["dimensions"] or []}
    assert len(result["measures"]) >= 30 and dimensions == {f"D{i}" for i in range(1, 9)}


def test_a_pdf_upload_becomes_a_preview(world, district_coordinator):
    record = services.start_import(
        unit=world.phung_chi_kien, actor=district_coordinator, name="KH 15.pdf", data=TEXT_PDF
    )
    assert record.result["plan"]["code"] == "15/KH-UBND" and record.result["measures"]


def test_a_scanned_pdf_asks_for_text_recognition_first(settings):
    """Read at once (the command line), a scan is refused: with what to do where OCR is not available here, and
    saying that the import page recognises it where it is (``test_ocr``)."""
    with translation.override("vi"), pytest.raises(NeedsOcr) as refused:
        read_document(SCANNED_PDF, "scan.pdf")
    assert "bản chụp" in str(refused.value) and "OCR" in str(refused.value) and refused.value.pages == 1
    settings.CHISO_OCR = False
    with translation.override("vi"), pytest.raises(ImportRefused) as refused:
        read_document(SCANNED_PDF, "scan.pdf")
    assert "bản chụp" in str(refused.value) and "OCR" in str(refused.value) and ".docx" in str(refused.value)


@pytest.mark.parametrize("data", [TEXT_PDF[: len(TEXT_PDF) // 3], TEXT_PDF[:200], b"%PDF-1.7\n%%EOF"])
def test_a_damaged_pdf_is_refused(data):
    with translation.override("vi"), pytest.raises(ImportRefused, match="không mở được|bản chụp"):
        read_document(data, "plan.pdf")
