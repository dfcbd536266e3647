"""The loop of issue 17 through the services: plan → decide → finding → remedy (10 working days) → reported →
not accepted → reported again → verified → conclusion approved → published; and each refusal of "Bad input"."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.core import workdays
from chiso.inspections import services
from chiso.inspections.models import Inspection, Remedy, RemedyReport

from .factories import finding_and_remedy, town_inspection

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def photo(name="quay-mot-cua.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def inspection(world, inspector):
    return town_inspection(world, actor=inspector)


def _finding_and_remedy(inspection, inspector, world):
    return finding_and_remedy(
        inspection,
        actor=inspector,
        agency=world.vp_bach_sam,
        severity="moderate",
        answer=inspection.answers.first(),
        finding="Chưa niêm yết phí, lệ phí",
        remedy="Niêm yết đầy đủ phí, lệ phí",
        evidence_expected="Ảnh chụp bảng niêm yết",
    )


def test_the_whole_loop(inspection, inspector, commune_officer, world, leader):
    # given: a decided inspection with its checklist copied from the theme
    assert inspection.status == Inspection.Status.UNDERWAY
    assert inspection.answers.count() == 6
    # when: a finding against a checklist item and a remedy of 10 working days
    finding, remedy = _finding_and_remedy(inspection, inspector, world)
    # then: the due date counts working days only
    assert remedy.due_on == workdays.add_working_days(dt.date(2025, 3, 6), 10) == dt.date(2025, 3, 20)
    # when: the commune reports it done with a photo, the inspector rejects, the commune reports again, verified
    services.report_remedy(remedy, actor=commune_officer, text="Đã niêm yết", files=[photo()])
    remedy = services.verify_remedy(
        Remedy.objects.get(pk=remedy.pk),
        actor=inspector,
        accepted=False,
        reason="Ảnh mờ, chưa thấy mức phí",
        deadline_days=5,
    )
    assert remedy.status == Remedy.Status.REOPENED and remedy.reopen_count == 1
    services.report_remedy(remedy, actor=commune_officer, text="Đã niêm yết lại, ảnh rõ", files=[photo("anh-2.png")])
    remedy = services.verify_remedy(Remedy.objects.get(pk=remedy.pk), actor=inspector, accepted=True)
    # then: verified, the reports keep their verdicts
    assert remedy.status == Remedy.Status.VERIFIED
    assert list(remedy.reports.values_list("verdict", flat=True)) == [
        RemedyReport.Verdict.REJECTED,
        RemedyReport.Verdict.ACCEPTED,
    ]


def test_conclusion_approved_and_published(inspection, inspector, world):
    from chiso.accounts.tests.factories import MembershipFactory, UserFactory

    town_chair = UserFactory(username="town_chair")
    committee = world.my_hao.agencies.create(name="UBND thị xã Mỹ Hào", kind="committee")
    MembershipFactory(user=town_chair, agency=committee, role="leader")
    services.submit_conclusion(inspection, actor=inspector, conclusion="Cơ bản thực hiện tốt.")
    with pytest.raises(PermissionDenied):
        services.approve_conclusion(inspection, actor=inspector, number="1/KL", concluded_on=dt.date(2025, 3, 10))
    done = services.approve_conclusion(
        inspection, actor=town_chair, number="1/KL-UBND", concluded_on=dt.date(2025, 3, 10)
    )
    assert done.status == Inspection.Status.CONCLUDED
    assert services.publish_conclusion(done, actor=inspector).is_public


def test_bad_input_is_refused_with_a_message(inspection, inspector, commune_officer, world):
    finding, remedy = _finding_and_remedy(inspection, inspector, world)
    # a remedy deadline before the finding
    with pytest.raises(ValidationError) as refused:
        services.assign_remedy(finding, actor=inspector, text="x", agency=world.vp_bach_sam, due_on=dt.date(2025, 3, 1))
    assert refused.value.code if hasattr(refused.value, "code") else True
    assert "due_on" in refused.value.message_dict
    # evidence of the wrong type: an executable renamed .png
    with pytest.raises(ValidationError):
        services.report_remedy(
            remedy, actor=commune_officer, text="x", files=[SimpleUploadedFile("anh.png", b"MZ\x90\x00binary")]
        )
    assert Remedy.objects.get(pk=remedy.pk).status == Remedy.Status.OPEN
    # no evidence when evidence is expected
    with pytest.raises(ValidationError):
        services.report_remedy(remedy, actor=commune_officer, text="x", files=[])
    # verifying one's own remedy: an official of the responsible agency
    services.report_remedy(remedy, actor=commune_officer, text="Đã làm", files=[photo()])
    with pytest.raises(PermissionDenied):
        services.verify_remedy(Remedy.objects.get(pk=remedy.pk), actor=commune_officer, accepted=True)
    # a rejection without a reason
    with pytest.raises(ValidationError):
        services.verify_remedy(Remedy.objects.get(pk=remedy.pk), actor=inspector, accepted=False, deadline_days=5)


def test_closing_with_unresolved_remedies_needs_a_note(inspection, inspector, world, admin_user):
    _finding_and_remedy(inspection, inspector, world)
    services.submit_conclusion(inspection, actor=inspector, conclusion="Kết luận")
    inspection = services.approve_conclusion(
        inspection, actor=admin_user, number="2/KL", concluded_on=dt.date(2025, 3, 9)
    )
    with pytest.raises(ValidationError) as refused:
        services.close_inspection(inspection, actor=inspector)
    assert "note" in refused.value.message_dict
    closed = services.close_inspection(inspection, actor=inspector, note="Kiến nghị còn lại theo dõi tiếp")
    assert closed.status == Inspection.Status.CLOSED


def test_supervisor_records_visits_not_inspections(world, supervisor):
    with pytest.raises(PermissionDenied):
        town_inspection(world, actor=supervisor, decided=False)


def test_reinspection_flags_recurring_findings(inspection, inspector, world):
    finding, _remedy = _finding_and_remedy(inspection, inspector, world)
    again = services.plan_inspection(
        Inspection(
            unit=world.my_hao,
            kind=Inspection.Kind.SURPRISE,
            theme=inspection.theme,
            inspected_unit=world.bach_sam,
            previous=inspection,
            year=2025,
        ),
        actor=inspector,
    )
    assert again.kind == Inspection.Kind.REINSPECTION
    again = services.decide_inspection(
        again,
        actor=inspector,
        decision_number="30/QĐ",
        decision_date=dt.date(2025, 6, 2),
        start_on=dt.date(2025, 6, 3),
        end_on=dt.date(2025, 6, 3),
        team=[{"name": "Bùi Văn Nam", "role": "head"}],
    )
    repeat = services.record_finding(
        again,
        actor=inspector,
        text="Vẫn chưa niêm yết",
        severity="serious",
        found_on=dt.date(2025, 6, 3),
        recurs=finding,
    )
    assert repeat.is_recurring


def test_the_team_changed_by_a_new_decision_is_in_the_history_by_name(client, inspection, inspector):
    # given: the inspection decided with its head of team; when: decided again, a secretary joins the team
    team = [
        {"name": "Bùi Văn Nam", "position": "Thanh tra viên", "role": "head"},
        {"name": "Lê Thị Hoa", "role": "secretary"},
    ]
    dates = {"decision_date": dt.date(2025, 3, 2), "start_on": dt.date(2025, 3, 5), "end_on": dt.date(2025, 3, 6)}
    services.decide_inspection(inspection, actor=inspector, decision_number="12/QĐ-UBND", team=team, **dates)
    # then: the decision's entry names the team before and after, the roles in the reader's language
    client.force_login(inspector)
    url = reverse("inspections:inspection_history", args=[inspection.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đoàn kiểm tra" in page
    assert "Bùi Văn Nam, Thanh tra viên (Trưởng đoàn), Lê Thị Hoa (Thư ký)" in page
    assert "secretary" not in page
