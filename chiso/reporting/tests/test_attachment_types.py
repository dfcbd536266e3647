"""A report's attachments are typed by their content, on upload and on download."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.core.tests.test_filetypes import PDF, docx
from chiso.reporting import services
from chiso.reporting.models import Attachment


def test_attachment_is_typed_by_content_and_a_renamed_file_refused(client, town, world, district_officer):
    draft = services.start_submission(town.period.requests.get(agency=world.thanh_tra), actor=district_officer)
    # a Word document named .xlsx is refused, nothing attached
    with pytest.raises(ValidationError) as excinfo:
        services.attach_file(draft, actor=district_officer, upload=SimpleUploadedFile("so-lieu.xlsx", docx()))
    assert excinfo.value.code == "type_mismatch" and not Attachment.objects.exists()
    # a PDF named .PDF is kept as a PDF and served as one, even when the stored type says otherwise
    item = services.attach_file(draft, actor=district_officer, upload=SimpleUploadedFile("bao-cao.PDF", PDF))
    assert item.content_type == "application/pdf"
    Attachment.objects.filter(pk=item.pk).update(content_type="text/html")
    client.force_login(district_officer)
    response = client.get(reverse("reporting:attachment_download", args=[item.pk]))
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
