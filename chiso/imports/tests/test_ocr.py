"""Scanned plans and photos of paper plans (issue 13): their text is recognised (Tesseract's Vietnamese model) as a
background job with its progress on the page, then read like any other document; where OCR is not available the
upload is refused with what to do instead. The scans are drawn for the tests (``scans.py``) from the opening of
seed 001 (Kế hoạch 15/KH-UBND of phường Phùng Chí Kiên)."""

import pytesseract
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from chiso.imports import ocr, services
from chiso.imports.models import PlanImport
from chiso.imports.reader import read_document
from chiso.imports.sources import NeedsOcr

from .conftest import PHUNG_CHI_KIEN
from .scans import photo, scanned_pdf

# The header, the title, the basis and the first heading of seed 001: one page.
OPENING = [line for line in PHUNG_CHI_KIEN.read_text(encoding="utf-8").splitlines() if line.strip()][:24]


def test_ocr_is_installed_with_the_vietnamese_model():
    assert ocr.unavailable() == ()  # tesseract-ocr, tesseract-ocr-vie, poppler-utils (scripts/test.sh, .ci/run)


@pytest.mark.parametrize("make,name", [(scanned_pdf, "scan.pdf"), (photo, "photo.png")], ids=["pdf", "photo"])
def test_a_scan_is_recognised_in_the_background_then_previewed(
    make, name, client, world, district_coordinator, django_capture_on_commit_callbacks
):
    data = make(OPENING)
    with pytest.raises(NeedsOcr):
        read_document(data, name)  # the reader alone (the command line) asks for OCR first
    client.force_login(district_coordinator)
    upload = {"unit": world.phung_chi_kien.pk, "file": SimpleUploadedFile(name, data)}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("imports:import_upload"), upload)
    record = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    # while the job has not run: the page says the text is being recognised, page 0 of 1, and polls
    assert (record.status, record.pages_done, record.pages_total) == ("reading", 0, 1)
    page = client.get(record.get_absolute_url()).content.decode()
    assert "nhận dạng chữ" in page and 'max="1" value="0"' in page and 'hx-trigger="every 2s"' in page
    # the job (run here: the callback the upload registered after its commit)
    for callback in callbacks:
        callback()
    record.refresh_from_db()
    assert (record.status, record.pages_done, record.pages_total) == ("preview", 1, 1)
    plan = record.result["plan"]
    assert (plan["code"], plan["issued_on"], plan["year"]) == ("15/KH-UBND", "2025-01-21", 2025)
    assert "Phùng Chí Kiên" in plan["title"] and plan["issuer"] == "UBND phường Phùng Chí Kiên"
    assert [b["code"] for b in plan["basis"]][:1] == ["03/KH-UBND"]
    assert any("OCR" in w for w in record.result["warnings"])
    # the poll now reloads the page, which is the preview
    poll = client.get(record.get_absolute_url(), headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"
    assert "15/KH-UBND" in client.get(record.get_absolute_url()).content.decode()


def test_where_ocr_is_not_available_a_scan_is_refused_with_what_to_do(settings, world, district_coordinator):
    settings.CHISO_OCR = False
    data = scanned_pdf(OPENING)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.start_import(unit=world.phung_chi_kien, actor=district_coordinator, name="scan.pdf", data=data)
    message = " ".join(refused.value.messages)
    assert "bản chụp" in message and "OCR" in message and ".docx" in message
    assert not PlanImport.objects.exists()


def test_a_scan_longer_than_a_plan_is_refused(settings, world, district_coordinator):
    settings.CHISO_OCR_MAX_PAGES = 1
    data = scanned_pdf(OPENING * 3)
    with translation.override("vi"), pytest.raises(ValidationError, match="2 trang|3 trang"):
        services.start_import(unit=world.phung_chi_kien, actor=district_coordinator, name="scan.pdf", data=data)
    assert not PlanImport.objects.exists()


def test_a_failed_recognition_says_why_and_writes_nothing_else(
    monkeypatch, client, world, district_coordinator, django_capture_on_commit_callbacks
):
    def broken(data, *, on_page=None):
        raise pytesseract.TesseractError(1, "Error opening data file")

    monkeypatch.setattr(ocr, "recognise", broken)
    client.force_login(district_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:import_upload"),
            {"unit": world.phung_chi_kien.pk, "file": SimpleUploadedFile("scan.pdf", scanned_pdf(OPENING))},
        )
    record = PlanImport.objects.get()
    assert record.status == "refused" and record.plan is None and record.result == {}
    page = client.get(record.get_absolute_url())
    assert page.status_code == 200 and "OCR" in page.content.decode() and ".docx" in page.content.decode()
    assert 'hx-trigger="every 2s"' not in page.content.decode()
    # a confirmation posted anyway creates nothing
    assert client.post(record.get_absolute_url(), {"version": record.version}).status_code == 409


def test_a_recognition_whose_job_is_gone_says_so_instead_of_waiting(settings, client, world, district_coordinator):
    """The web process that ran the job in a thread restarted: no page for longer than a page may take."""
    record = PlanImport.objects.create(
        unit=world.phung_chi_kien, name="scan.pdf", size=1, status="reading", pages_done=2, pages_total=5,
        created_by=district_coordinator,
    )  # fmt: skip
    client.force_login(district_coordinator)
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page and "đã dừng" not in page
    settings.CHISO_OCR_PAGE_SECONDS = -61  # as if the last page had been done longer ago than a page may take
    page = client.get(record.get_absolute_url()).content.decode()
    assert "đã dừng sau 2/5 trang" in page and 'hx-trigger="every 2s"' not in page
