"""Bounds of an upload (issue 11): what a .docx/.xlsx unpacks to, lines, run-on paragraphs and the time budget.
Each refusal comes with a message and stores nothing."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from chiso.imports import services, tasks
from chiso.imports.models import PlanImport
from chiso.imports.reader import read_document
from chiso.imports.sources import ImportRefused, read_lines

from . import documents
from .conftest import VINH_CHAU


def zip_bomb(name="word/document.xml", size=30 * 1024 * 1024, template=None):
    """A real .docx (or .xlsx) whose ``name`` part unpacks to ``size`` bytes of spaces (a few kB packed)."""
    source = zipfile.ZipFile(io.BytesIO(template or documents.docx_plan()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        archive.writestr(name + ".pad.xml", b" " * size)
    return out.getvalue()


def unpunctuated(lines=3000):
    return "\n".join(f"dòng thứ {i} của một văn bản không có dấu chấm câu nào" for i in range(lines)).encode()


def sheet_with(ref_xml: str) -> bytes:
    """A workbook whose first sheet carries ``ref_xml`` (a merged range, a far cell) added to its XML."""
    workbook = Workbook()
    workbook.active.append(["STT", "Hoạt động", "Đơn vị chủ trì", "Thời gian thực hiện"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return documents.zip_replace(
        buffer.getvalue(), "xl/worksheets/sheet1.xml", lambda xml: xml.replace("</worksheet>", ref_xml + "</worksheet>")
    )


MERGE_BOMB = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'


def refusal(data, name):
    with translation.override("en"), pytest.raises(ImportRefused) as caught:
        read_document(data, name)
    return str(caught.value)


def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked():
    assert "unpacks to 31 MB, more than the 25 MB allowed" in refusal(zip_bomb(), "plan.docx")


def test_a_workbook_with_a_merged_range_over_the_whole_sheet_is_refused():
    # openpyxl would create 17 billion cells; the merged area is counted from the sheet's XML first
    assert "more than 20,000 lines" in refusal(sheet_with(MERGE_BOMB), "plan.xlsx")


def test_a_workbook_addressing_a_far_row_or_column_is_refused():
    far_row = "<row r='1048576'><c r='A1048576'><v>1</v></c></row>"
    far_column = "<row r='2'><c r='XFD2'><v>1</v></c></row>"
    for extra, message in ((far_row, "more than 20,000 lines"), (far_column, "more than 200 columns")):
        data = documents.zip_replace(
            sheet_with(""),
            "xl/worksheets/sheet1.xml",
            lambda xml, extra=extra: xml.replace("</sheetData>", extra + "</sheetData>"),
        )
        assert message in refusal(data, "plan.xlsx")


def test_a_text_of_too_many_lines_is_refused(settings):
    settings.CHISO_IMPORT_MAX_LINES = 1000
    assert "more than 1,000 lines" in refusal("Dòng.\n".encode() * 1001, "plan.txt")
    assert read_lines(b"Dong.\n" * 999, "plan.txt")


def test_a_word_cell_spanning_a_billion_columns_is_read_once():
    data = documents.zip_replace(
        documents.docx_plan(),
        "word/document.xml",
        lambda xml: xml.replace("<w:tc>", '<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>', 1),
    )
    assert read_document(data, "plan.docx")["plan"]["title"]


def test_an_unpunctuated_text_is_refused_and_nothing_is_stored(world, district_coordinator):
    # given: the 3,000 hard-wrapped lines without a full stop (31 s and 0.9 GB before)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.start_import(unit=world.my_hao, actor=district_coordinator, name="x.txt", data=unpunctuated())
    # then: a message that says why, and no import record
    assert "without a full stop" in " ".join(caught.value.messages)
    assert not PlanImport.objects.exists()


def test_the_refusals_read_in_vietnamese(world, district_coordinator):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.start_import(unit=world.my_hao, actor=district_coordinator, name="x.docx", data=zip_bomb())
    assert "giải nén" in " ".join(caught.value.messages)


def test_an_import_over_its_time_budget_stops_and_stores_nothing(world, district_coordinator, settings):
    # given: a budget already spent when the reading starts (the deadline is checked in the parsers' loops)
    settings.CHISO_IMPORT_SECONDS = 1e-9
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.start_import(
            unit=world.my_hao, actor=district_coordinator, name=VINH_CHAU.name, data=VINH_CHAU.read_bytes()
        )
    assert "took longer than" in " ".join(caught.value.messages)
    assert not PlanImport.objects.exists()


def test_the_reading_task_has_celery_time_limits_and_answers_a_refusal():
    from django.conf import settings

    assert tasks.read_upload.soft_time_limit == settings.CHISO_IMPORT_SECONDS
    assert tasks.read_upload.time_limit > tasks.read_upload.soft_time_limit
    import base64

    answer = tasks.read_upload.apply(args=(base64.b64encode(b"%PDF-1.4").decode(), "x.pdf", "en")).get()
    assert "damaged" in answer["refused"]


def test_task_tables_and_results_refuse_the_merge_bomb(world, admin_user):
    from chiso.plans.importers import import_task_table
    from chiso.plans.tests.factories import PlanFactory
    from chiso.results.services import import_results

    draft = PlanFactory(unit=world.my_hao)
    with translation.override("en"):
        report = import_task_table(draft, SimpleUploadedFile("t.xlsx", sheet_with(MERGE_BOMB)), actor=admin_user)
        assert "more than 20,000 lines" in " ".join(report.errors)
        result = import_results(SimpleUploadedFile("r.xlsx", sheet_with(MERGE_BOMB)), year=2031, actor=admin_user)
        assert "more than 20,000 lines" in " ".join(result.errors)
        bomb = zip_bomb("xl/worksheets/sheet1.xml", template=sheet_with(""))
        report = import_task_table(draft, SimpleUploadedFile("t.xlsx", bomb), actor=admin_user)
        assert "unpacks to" in " ".join(report.errors)
    assert not draft.tasks.exists()


def test_with_a_broker_but_no_worker_the_upload_is_read_here_not_left_waiting(settings):
    # given: a Redis broker and result store configured (as for the cache) but no Celery worker started
    from chiso.celery import app
    from chiso.notifications.testing import _forget_connections, redis_url

    url = redis_url()
    saved = {k: app.conf.get(k) for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _forget_connections(app)
    settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_RESULT_BACKEND = False, url
    try:
        # when: a coordinator uploads a plan
        assert not services.workers_listening(timeout=0.5)
        result = services.read_upload(VINH_CHAU.read_bytes(), VINH_CHAU.name)
    finally:
        app.conf.update(saved)
        _forget_connections(app)
    # then: it is read in this process (it used to wait the budget and 20 s, then say the plan took too long)
    assert result["tasks"]
