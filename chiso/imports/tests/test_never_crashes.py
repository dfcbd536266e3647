"""The reader never crashes (issue 13): arbitrary text and bytes, under any name, through the upload path —
every outcome is the reader's JSON or a clear refusal, never an exception."""

import base64
import codecs

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chiso.imports import services, tasks
from chiso.imports.models import PlanImport

from . import documents

KEYS = {"plan", "sections", "tasks", "responsibilities", "reporting", "deadlines", "warnings", "measures", "preamble",
        "closing"}  # fmt: skip
NAMES = st.sampled_from(
    ["plan.txt", "plan.md", "plan.html", "plan.docx", "plan.xlsx", "plan.pdf", "plan.doc", "plan", "KẾ HOẠCH.TXT",
     "a.png", ""]
)  # fmt: skip
# What files begin with: the magic numbers the reader dispatches on, byte-order marks, a web page.
PREFIXES = st.sampled_from(
    [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xd0\xcf\x11\xe0", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"<html><body>",
     b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]
)  # fmt: skip
PLAN_WORDS = st.sampled_from(
    ["KẾ HOẠCH", "Số: 15/KH-UBND", "ngày 25", "tháng 01 năm 2024", "I. MỤC ĐÍCH", "a)", "- Giao", "báo cáo 6 tháng",
     "trước ngày 05/7/2025", "\t", "\n", "UBND xã, phường", "|", "Quý II/2024", "<td>", "</tr>", "Điều 1."]
)  # fmt: skip
TEXT = st.text(max_size=300) | st.lists(PLAN_WORDS | st.text(max_size=20), max_size=60).map(" ".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "cp1258", "latin-1"])


def outcome(data: bytes, name: str) -> dict:
    """The whole reading path of an upload (the Celery task, run in process as without a broker)."""
    answer = tasks.read_upload(base64.b64encode(data).decode("ascii"), name, "vi")
    assert set(answer) in ({"result"}, {"refused"}), answer
    if "refused" in answer:
        assert isinstance(answer["refused"], str) and answer["refused"].strip()
    else:
        assert set(answer["result"]) == KEYS
    return answer


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PREFIXES, st.binary(max_size=3000), NAMES)
@example(b"PK\x03\x04", b"\x14\x00" * 30, "plan.docx")
@example(b"%PDF-1.4\n", b"%%EOF", "plan.pdf")
def test_arbitrary_bytes_under_any_name_give_a_result_or_a_refusal(prefix, data, name):
    outcome(prefix + data, name)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, ENCODINGS, NAMES)
def test_arbitrary_text_in_any_encoding_gives_a_result_or_a_refusal(text, encoding, name):
    outcome(text.encode(encoding, "replace"), name)


def _damaged(blob: bytes, draw) -> bytes:
    """The file cut short, or some of its bytes changed: what an interrupted copy or a bad disk gives."""
    data = bytearray(blob)
    for _i in range(draw(st.integers(0, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(1, len(data)))])


DOCX, XLSX = documents.docx_plan(), documents.xlsx_tasks(20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from([("plan.docx", DOCX), ("tasks.xlsx", XLSX)]))
def test_damaged_word_and_excel_files_give_a_result_or_a_refusal(data, file):
    name, blob = file
    outcome(_damaged(blob, data.draw), name)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(PREFIXES, st.binary(max_size=500) | TEXT.map(str.encode), NAMES)
def test_an_upload_of_anything_is_a_plan_import_or_a_refusal_and_nothing_else(
    world, district_coordinator, prefix, data, name
):
    before = PlanImport.objects.count()
    try:
        record = services.start_import(
            unit=world.my_hao, actor=district_coordinator, name=name or "x", data=prefix + data
        )
    except ValidationError as refused:
        assert refused.messages[0].strip()
        assert PlanImport.objects.count() == before
    else:
        assert set(record.result) == KEYS


def test_the_refusals_read_in_vietnamese():
    assert outcome(b"  \n ", "plan.txt")["refused"] == "Tệp không có nội dung."
    assert "không mở được" in outcome(DOCX[:2000], "plan.docx")["refused"]
