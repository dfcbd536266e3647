"""Overdue remedies notify and escalate (``chiso tick --date``); the inspection page and the remedies list read a
fixed number of queries; the report section and the portal section are filled from the records; the .docx open."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.citizens.extensions import portal_sections
from chiso.inspections import services
from chiso.inspections.models import Remedy
from chiso.inspections.rollup import report_section
from chiso.notifications.models import Notification

from .factories import finding_and_remedy, town_inspection
from .test_services import photo


@pytest.fixture
def remedy(world, inspector):
    inspection = town_inspection(world, actor=inspector)
    return finding_and_remedy(
        inspection, actor=inspector, agency=world.vp_bach_sam, severity="serious", answer=inspection.answers.first()
    )[1]


def test_overdue_remedy_notifies_then_escalates(remedy, world, commune_officer, inspector):
    # given: the town's chair (the level above Bạch Sam) and the remedy due on 20/3/2025
    chair = UserFactory(username="town_chair")
    MembershipFactory(
        user=chair, agency=world.my_hao.agencies.create(name="UBND thị xã", kind="committee"), role="leader"
    )
    assert remedy.due_on == dt.date(2025, 3, 20)
    # when: the tick runs the day after the due date
    call_command("tick", "--date", "2025-03-21", stdout=io.StringIO())
    # then: the agency is told, the chair not yet
    assert Notification.objects.filter(recipient=commune_officer, key__startswith="inspections:overdue").exists()
    assert not Notification.objects.filter(recipient=chair).exists()
    # when: five working days later
    call_command("tick", "--date", "2025-03-28", stdout=io.StringIO())
    call_command("tick", "--date", "2025-03-28", stdout=io.StringIO())
    # then: escalated once to the level above, and the remedy says so
    assert Notification.objects.filter(recipient=chair, key__startswith="inspections:escalated").count() == 1
    assert Remedy.objects.get(pk=remedy.pk).escalated_on == dt.date(2025, 3, 28)


def test_inspection_page_and_remedy_list_query_counts(remedy, client, inspector, commune_officer):
    client.force_login(inspector)
    url = remedy.finding.inspection.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    # more findings and remedies do not add queries
    finding = services.record_finding(
        remedy.finding.inspection,
        actor=inspector,
        text="Thiếu sổ theo dõi",
        severity="minor",
        found_on=dt.date(2025, 3, 5),
    )
    services.assign_remedy(
        finding, actor=inspector, text="Lập sổ", agency=remedy.agency, deadline_days=5, assigned_on=dt.date(2025, 3, 6)
    )
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    assert len(two) == len(one) <= 40
    client.force_login(commune_officer)
    with CaptureQueriesContext(connection) as listed:
        response = client.get(reverse("inspections:remedy_list") + "?state=all")
    assert response.status_code == 200 and "Niêm yết phí" in response.content.decode()
    assert len(listed) <= 12


def test_report_section_and_portal_and_documents(remedy, world, inspector, commune_officer, admin_user, client):
    services.report_remedy(remedy, actor=commune_officer, text="Đã niêm yết", files=[photo()])
    services.verify_remedy(Remedy.objects.get(pk=remedy.pk), actor=inspector, accepted=True)
    inspection = services.submit_conclusion(
        remedy.finding.inspection,
        actor=inspector,
        conclusion="Cơ bản tốt.",
        signer_name="Nguyễn Văn Dũng",
        signer_title="Chủ tịch",
    )
    inspection = services.approve_conclusion(
        inspection, actor=admin_user, number="3/KL-UBND", concluded_on=dt.date(2025, 3, 12)
    )
    services.publish_conclusion(inspection, actor=inspector)

    class Period:
        cutoff_start, cutoff_end = dt.date(2025, 1, 1), dt.date(2025, 6, 30)

    section = report_section(world.my_hao, Period)
    assert section["rows"][0][0] == inspection.title
    sections = portal_sections(world.bach_sam, dt.date(2025, 7, 1))
    assert "inspections" in [s["key"] for s in sections]  # beside the other apps' sections
    client.force_login(inspector)
    response = client.get(reverse("inspections:conclusion_docx", args=[inspection.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "KẾT LUẬN KIỂM TRA" in text and "Cơ bản tốt." in text
    decision = client.get(reverse("inspections:decision_docx", args=[inspection.pk]))
    assert "QUYẾT ĐỊNH" in "\n".join(p.text for p in Document(io.BytesIO(decision.content)).paragraphs)


def test_a_page_refusal_keeps_what_was_typed(remedy, client, inspector):
    client.force_login(inspector)
    response = client.post(
        reverse("inspections:remedy_add", args=[remedy.finding_id]),
        {"text": "Bổ sung sổ theo dõi", "agency": remedy.agency_id, "due_on": "01/01/2025"},
    )
    assert response.status_code == 400
    assert "Bổ sung sổ theo dõi" in response.content.decode()


def test_wrong_evidence_type_on_the_page(remedy, client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("inspections:remedy_report", args=[remedy.pk]),
        {"text": "Đã làm", "files": [SimpleUploadedFile("anh.png", b"MZ\x90\x00")]},
    )
    assert response.status_code == 400
    assert Remedy.objects.get(pk=remedy.pk).status == Remedy.Status.OPEN
