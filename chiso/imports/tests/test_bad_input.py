"""Bad input: parsers never raise; unreadable files get a clear refusal; nothing partial is ever written."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.imports import parsing, services
from chiso.imports.models import PlanImport
from chiso.imports.reader import read_document, read_plan_lines
from chiso.imports.sources import ImportRefused
from chiso.lib import uploads
from chiso.plans.models import Plan

from . import documents
from .conftest import VINH_CHAU

vietnamese = st.text(alphabet=st.sampled_from(list("0123456789/.-, ngàytháng năm Quý IIV Thường xuyên trước\t\n()")))


@given(st.text() | vietnamese)
def test_date_number_code_and_timeframe_parsers_never_raise(text):
    parsing.parse_date(text)
    parsing.parse_code(text)
    parsing.parse_number(text)
    parsing.parse_issuer(text)
    parsing.find_basis(text)
    parsing.dimensions_in(text)
    assert parsing.timeframe(text)["kind"] in {
        "ongoing", "year", "quarter", "month", "by_date", "range", "per_plan", "unspecified",
    }  # fmt: skip


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.text(max_size=80) | vietnamese, max_size=40))
def test_the_reader_never_raises_on_arbitrary_lines(lines):
    result = read_plan_lines(lines)
    assert set(result) == {
        "plan", "sections", "tasks", "responsibilities", "reporting", "deadlines", "warnings", "measures", "preamble",
        "closing",
    }  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_result_or_a_clear_refusal(data):
    try:
        read_document(data, "x.txt")
    except ImportRefused as exc:
        assert str(exc)


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "empty.txt", "empty"),
        (b"   \n\n", "blank.txt", "empty"),
        (bytes(range(256)) * 20, "binary.txt", "not text"),
        (b"x" * (uploads.limit("plan_import") + 1), "huge.txt", "10 MB"),
        (documents.docx_plan()[:3000], "truncated.docx", "damaged"),
        (documents.xlsx_tasks(5)[:2000], "truncated.xlsx", "damaged"),
        (b"PK\x03\x04garbage", "fake.docx", "damaged"),
        (b"%PDF-1.4 ...", "plan.pdf", "damaged"),
        (b"{\\rtf1 not a pdf", "plan.pdf", "damaged"),
        (b"\xd0\xcf\x11\xe0" + bytes(600), "plan.doc", "Old Word"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(data, name, message):
    with translation.override("en"), pytest.raises(ImportRefused, match=message):
        read_document(data, name)


def test_a_refused_upload_writes_nothing(world, district_coordinator):
    with pytest.raises(ValidationError):
        services.start_import(unit=world.my_hao, actor=district_coordinator, name="x.docx", data=b"PK\x03\x04broken")
    assert not PlanImport.objects.exists()


def test_a_failing_confirmation_leaves_no_partial_plan(vinh_chau, world, vinh_chau_coordinator):
    record = services.start_import(
        unit=world.vinh_chau, actor=vinh_chau_coordinator, name=VINH_CHAU.name, data=VINH_CHAU.read_bytes()
    )
    # a task row that breaks a constraint halfway through the table
    record.result["tasks"][10]["timeframe"] = {"text": "x", "kind": "range", "start": "2023-12-31", "end": "2023-01-01"}
    record.save()
    choice = {"Ban Biên tập Cổng thông tin điện tử thị xã": str(vinh_chau["Ban Biên tập Cổng TTĐT thị xã"].pk)}
    with pytest.raises(ValidationError):
        services.confirm_import(record, actor=vinh_chau_coordinator, choices=choice, loaded_version=record.version)
    assert not Plan.objects.exists()
    record.refresh_from_db()
    assert record.status == PlanImport.Status.PREVIEW
    assert vinh_chau["Ban Biên tập Cổng TTĐT thị xã"].aliases == []


def test_shuffled_lines_of_a_seed_do_not_raise():
    lines = VINH_CHAU.read_text(encoding="utf-8").split("\n")
    random.Random(5).shuffle(lines)
    read_plan_lines(lines)
