"""One upload check (``chiso.lib.uploads``): every path that takes a file reads its size limit from
``settings.CHISO_UPLOAD_LIMITS`` and refuses a larger file with a message, in Vietnamese, naming the limit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chiso.citizens.services import sniff_upload
from chiso.imports.sources import ImportRefused, read_lines
from chiso.indices.services import read_indicator_rows
from chiso.lib import uploads
from chiso.plans.importers import read_task_table
from chiso.plans.services import check_evidence_file
from chiso.results.services import read_results

MB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _refusal(call):
    """The message a path gives for a file over its limit, however it reports it (exception or report)."""
    try:
        outcome = call()
    except (ValidationError, ImportRefused) as exc:
        return " ".join(getattr(exc, "messages", [str(exc)]))
    errors = outcome[1] if isinstance(outcome, tuple) else outcome.errors
    return " ".join(str(e) for e in errors)


PATHS = {
    "evidence": lambda f: check_evidence_file(f),
    "feedback": lambda f: sniff_upload(f),
    "plan_import": lambda f: read_lines(f.read(), f.name),
    "task_table": lambda f: read_task_table(None, f),
    "results": lambda f: read_results(f, year=2030),
    "indicators": lambda f: read_indicator_rows(f),
}


@pytest.mark.parametrize("kind", sorted(PATHS))
def test_every_path_takes_its_limit_from_the_settings(kind, settings):
    assert set(PATHS) == set(settings.CHISO_UPLOAD_LIMITS)
    settings.CHISO_UPLOAD_LIMITS = {**settings.CHISO_UPLOAD_LIMITS, kind: MB // 2}
    upload = SimpleUploadedFile("tep-lon.pdf", PDF + b"\0" * (MB // 2))
    with translation.override("vi"):
        message = _refusal(lambda: PATHS[kind](upload))
    assert "0.5 MB" in message and "tep-lon.pdf" in message and "vượt quá" in message, message


def test_a_file_within_the_limit_goes_on_to_the_format_check(settings):
    assert uploads.check_upload(SimpleUploadedFile("anh", PNG), "feedback", accept=uploads.PHOTOS_OR_PDF) == ".png"
    assert uploads.check_upload(SimpleUploadedFile("x.pdf", PDF), "evidence", accept=uploads.DOCUMENTS) == ".pdf"
    with pytest.raises(ValidationError) as exc:
        uploads.check_upload(
            SimpleUploadedFile("x.pdf", PNG), "evidence", accept=uploads.DOCUMENTS, name_must_match=True
        )
    assert exc.value.code == "type_mismatch"
    with pytest.raises(ValidationError) as exc:
        uploads.check_upload(SimpleUploadedFile("x.exe", b"MZ\x90\x00"), "feedback", accept=uploads.PHOTOS_OR_PDF)
    assert exc.value.code == "bad_type"
    assert uploads.check_upload(SimpleUploadedFile("x.csv", b"a,b"), "results") is None  # the parser decides


def test_the_limits_are_declared_in_one_settings_block(settings):
    assert {kind: uploads.megabytes(limit) for kind, limit in settings.CHISO_UPLOAD_LIMITS.items()} == {
        "evidence": "20",
        "feedback": "5",
        "plan_import": "10",
        "task_table": "10",
        "results": "5",
        "indicators": "5",
    }
