"""Evidence is typed by its content: the type a client sends is never stored or served back."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.core.tests.test_filetypes import PDF, WAV, docx
from chiso.plans.models import Evidence
from chiso.plans.tests.factories import record_percent

D = dt.date


def record(task, actor, *uploads):
    return record_percent(task, actor, 10, description="Niêm yết", files=list(uploads))


def test_evidence_is_stored_and_served_with_the_type_of_its_content(
    client, world, papi, town_plan, district_coordinator
):
    # given: a real PDF that the client calls text/html
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="text/html")
    # when: it is recorded as evidence and downloaded
    evidence = record(town_plan.tasks.get(number="1"), district_coordinator, upload).evidence.get()
    client.force_login(district_coordinator)
    response = client.get(reverse("plans:evidence_download", args=[evidence.pk]))
    # then: it is a PDF in the database and on the wire, and the browser is told not to guess
    assert evidence.content_type == "application/pdf"
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    # and a row stored before the fix with the client's type is served by its content too
    Evidence.objects.filter(pk=evidence.pk).update(content_type="text/html")
    response = client.get(reverse("plans:evidence_download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    "name, content", [("bang-tong-hop.xlsx", docx()), ("anh.webp", WAV), ("bao-cao.docx", b"PK\x03\x04 not a zip")]
)
def test_evidence_whose_content_is_not_its_extension_is_refused(
    world, papi, town_plan, district_coordinator, name, content
):
    # A zip that is not the Office file its name says, or a RIFF that is not WebP, passed the first-bytes check.
    with pytest.raises(ValidationError) as excinfo:
        record(town_plan.tasks.get(number="1"), district_coordinator, SimpleUploadedFile(name, content))
    assert excinfo.value.code == "type_mismatch"
    assert not Evidence.objects.exists()
