"""Feedback from submission to confirmed resolution; reception cases and dialogue commitments."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.citizens import services
from chiso.citizens.models import Feedback, RoutingRule
from chiso.citizens.tests.conftest import EXE, JPEG, PNG
from chiso.citizens.tests.factories import (
    DialogueFactory,
    FeedbackFactory,
    ReceptionSessionFactory,
    add_commitment,
    category,
)
from chiso.core.audit import history_for

D = dt.date


def submit(world, **overrides):
    values = {
        "unit": world.bach_sam,
        "category": category(),
        "subject": "Chậm trả kết quả hồ sơ đất đai",
        "text": "Hồ sơ nộp từ tháng trước, đã quá hẹn nhưng chưa có kết quả.",
        "received_on": D(2025, 3, 3),
    }
    values.update(overrides)
    return services.submit_feedback(**values)


def test_stores_item_with_code_and_working_day_deadlines(world):
    # when: a citizen submits on the Friday before Tết 2025
    item = submit(world, received_on=D(2025, 1, 24))
    # then: the item is stored with a readable code; Tết holidays do not count towards the deadlines
    stored = Feedback.objects.get(tracking_code=item.tracking_code)
    assert stored.tracking_code.startswith("PA-") and len(stored.tracking_code) == 12
    assert stored.acknowledge_due_on == D(2025, 2, 5)
    assert stored.answer_due_on == D(2025, 2, 14)
    assert stored.status == Feedback.Status.RECEIVED
    # and with no routing rule it goes to the ward's People's Committee
    assert stored.agency == world.ubnd_bach_sam
    assert history_for(stored).count() == 1


def test_most_specific_routing_rule_wins(world, commune_officer):
    # given: a town-wide default and a ward rule for administrative procedures
    RoutingRule.objects.create(unit=world.my_hao, agency=world.phong_noi_vu)
    RoutingRule.objects.create(unit=world.bach_sam, category=category(), agency=world.vp_bach_sam)
    # then: procedures in Bạch Sam go to its office; the environment goes to the town's office
    assert submit(world).agency == world.vp_bach_sam
    assert submit(world, category=category("moi-truong")).agency == world.phong_noi_vu
    assert submit(world, unit=world.phung_chi_kien).agency == world.phong_noi_vu


def test_a_deeper_rule_wins_over_a_category_above_and_a_category_over_the_default_of_its_unit(world, commune_officer):
    # given: the town sends procedures to its office; the ward sends everything to its office, the environment to
    # its committee (routing reads the rules and the agencies at once: the rank decides, not the order of the rows)
    RoutingRule.objects.create(unit=world.my_hao, category=category(), agency=world.phong_noi_vu)
    RoutingRule.objects.create(unit=world.bach_sam, agency=world.vp_bach_sam)
    RoutingRule.objects.create(unit=world.bach_sam, category=category("moi-truong"), agency=world.ubnd_bach_sam)
    # then: the ward's default beats the town's category rule; the ward's category rule beats its default
    assert submit(world).agency == world.vp_bach_sam
    assert submit(world, category=category("moi-truong")).agency == world.ubnd_bach_sam
    # and a ward with no rule of its own follows the town's
    assert submit(world, unit=world.phung_chi_kien).agency == world.phong_noi_vu


def test_contact_details_need_the_consent_line(world):
    with pytest.raises(ValidationError) as exc:
        submit(world, contact_phone="0912345678")
    assert "contact_consent" in exc.value.message_dict
    item = submit(world, contact_phone="0912345678", contact_consent=True)
    assert item.contact_phone == "0912345678"


def test_receipt_is_mailed_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = submit(world, contact_email="binh@example.vn", contact_consent=True)
    assert len(mail.outbox) == 1
    assert item.tracking_code in mail.outbox[0].body


def test_uploads_are_checked_by_content_not_name(world):
    # given: a photo called .txt, and a program called .jpg
    photo = SimpleUploadedFile("anh-hien-truong.txt", JPEG)
    program = SimpleUploadedFile("anh.jpg", EXE)
    # then: the photo is accepted as a JPEG; the program is refused and nothing is stored
    item = submit(world, files=[photo, SimpleUploadedFile("b.png", PNG)])
    assert [(a.content_type, a.name) for a in item.attachments.all()] == [
        ("image/jpeg", "anh-hien-truong.jpg"),
        ("image/png", "b.png"),
    ]
    count = Feedback.objects.count()
    with pytest.raises(ValidationError) as exc:
        submit(world, files=[program])
    assert exc.value.code == "bad_type"
    assert Feedback.objects.count() == count


def test_file_count_and_size_are_limited(world, settings):
    with pytest.raises(ValidationError) as exc:
        submit(world, files=[SimpleUploadedFile(f"{i}.png", PNG) for i in range(services.MAX_FILES + 1)])
    assert exc.value.code == "too_many_files"
    big = SimpleUploadedFile("big.jpg", JPEG + b"\0" * settings.CHISO_UPLOAD_LIMITS["feedback"])
    with pytest.raises(ValidationError) as exc:
        submit(world, files=[big])
    assert exc.value.code == "too_large"


def test_accept_draft_approve_publish(world, commune_officer, leader):
    item = submit(world)
    # when: the ward's officer accepts and drafts; the chair publishes
    services.accept_feedback(item, actor=commune_officer, on=D(2025, 3, 4))
    services.draft_answer(item, actor=commune_officer, answer="Hồ sơ đã được giải quyết ngày 10/3.")
    item.refresh_from_db()
    assert item.status == Feedback.Status.AWAITING_APPROVAL and not item.is_public
    services.publish_answer(item, actor=leader, on=D(2025, 3, 12))
    # then: published, on time, with a follow-up date four weeks later
    item.refresh_from_db()
    assert item.status == Feedback.Status.ANSWERED and item.is_public
    assert item.answered_on_time is True
    assert item.follow_up_on == D(2025, 4, 9)
    assert item.approved_by == leader and item.answer_author == commune_officer


def test_only_a_leader_publishes_and_officers_cannot_skip_triage(world, commune_officer, leader):
    item = submit(world)
    with pytest.raises(ValidationError):
        services.draft_answer(item, actor=commune_officer, answer="…")
    services.accept_feedback(item, actor=commune_officer)
    services.draft_answer(item, actor=commune_officer, answer="Đã xử lý.")
    with pytest.raises(PermissionDenied):
        services.publish_answer(item, actor=commune_officer)
    services.return_answer(item, actor=leader, reason="Nêu rõ ngày trả kết quả.")
    item.refresh_from_db()
    assert item.status == Feedback.Status.ACCEPTED


def test_reject_needs_a_reason(world, commune_officer):
    item = submit(world)
    with pytest.raises(ValidationError):
        services.reject_feedback(item, actor=commune_officer, reason="other", note="")
    services.reject_feedback(item, actor=commune_officer, reason="out_of_scope")
    item.refresh_from_db()
    assert item.status == Feedback.Status.REJECTED and item.get_reject_reason_display()


def test_merged_duplicate_gets_the_answer(world, commune_officer, leader):
    first, second = submit(world), submit(world)
    services.merge_feedback(second, actor=commune_officer, into_code=first.tracking_code.lower().replace("-", ""))
    services.accept_feedback(first, actor=commune_officer)
    services.draft_answer(first, actor=commune_officer, answer="Đã sửa đèn.")
    services.publish_answer(first, actor=leader)
    second.refresh_from_db()
    assert second.status == Feedback.Status.MERGED and second.duplicate_of == first
    assert second.answer == "Đã sửa đèn."


def test_transfer_hands_the_item_to_another_agency(world, commune_officer, district_officer):
    item = submit(world, unit=world.bach_sam)
    # the ward's own office, then up to the town's inspectorate: the item's unit and the units above it
    services.transfer_feedback(item, actor=district_officer, agency=world.vp_bach_sam)
    services.accept_feedback(item, actor=commune_officer)
    services.transfer_feedback(item, actor=district_officer, agency=world.thanh_tra)
    item.refresh_from_db()
    assert item.agency == world.thanh_tra and item.status == Feedback.Status.ACCEPTED


@pytest.mark.parametrize("where", ["noi_vu_vinh_chau", "vp_pck"])
def test_transfer_refuses_an_agency_outside_the_items_unit_and_those_above(world, district_officer, where):
    # given: an item about Bạch Sam, handled by the town's officer
    item = submit(world, unit=world.bach_sam)
    # when: it is sent to another province's agency, or sideways to another ward's office
    with pytest.raises(ValidationError) as refused:
        services.transfer_feedback(item, actor=district_officer, agency=getattr(world, where))
    # then: refused on the agency field, and the item stays where it was
    assert refused.value.error_dict["agency"][0].code == "not_usable"
    item.refresh_from_db()
    assert item.agency == world.ubnd_bach_sam


def test_other_province_sees_nothing(world, other_province_officer):
    item = submit(world)
    assert not Feedback.objects.visible_to(other_province_officer).exists()
    with pytest.raises(PermissionDenied):
        services.accept_feedback(item, actor=other_province_officer)


MARCH_12 = D(2025, 3, 12)


def _answered(world, officer, leader, on=MARCH_12):
    item = submit(world)
    services.accept_feedback(item, actor=officer)
    services.draft_answer(item, actor=officer, answer="Đã giải quyết.")
    return services.publish_answer(item, actor=leader, on=on)


def test_rating_only_after_the_answer(world, commune_officer, leader):
    item = submit(world)
    with pytest.raises(ValidationError):
        services.rate_answer(item, rating=5)
    item = _answered(world, commune_officer, leader)
    with pytest.raises(ValidationError):
        services.rate_answer(item, rating=7)
    services.rate_answer(item, rating=4, comment="Trả lời rõ ràng")
    item.refresh_from_db()
    assert item.rating == 4


def test_citizen_confirms_or_reopens(world, commune_officer, leader):
    resolved = _answered(world, commune_officer, leader)
    services.confirm_resolution(resolved, resolved=True, on=D(2025, 4, 10))
    resolved.refresh_from_db()
    assert resolved.status == Feedback.Status.RESOLVED
    # "No" needs a reason and reopens the item with a fresh answer deadline
    reopened = _answered(world, commune_officer, leader)
    with pytest.raises(ValidationError):
        services.confirm_resolution(reopened, resolved=False)
    services.confirm_resolution(reopened, resolved=False, reason="Đèn lại hỏng sau hai ngày.", on=D(2025, 4, 10))
    reopened.refresh_from_db()
    assert reopened.status == Feedback.Status.ACCEPTED and reopened.reopen_count == 1
    assert reopened.answer_due_on == D(2025, 4, 24)  # 10 working days after 10/4
    assert reopened.resolution == Feedback.Resolution.NOT_RESOLVED


def test_handler_reopens_and_unconfirmed_items_close(world, commune_officer, leader):
    item = _answered(world, commune_officer, leader, on=D(2025, 1, 6))
    assert services.close_unconfirmed(on=D(2025, 3, 31)) == 1
    item.refresh_from_db()
    assert item.status == Feedback.Status.CLOSED
    services.reopen_feedback(item, actor=commune_officer, reason="Người dân phản ánh lại tại buổi tiếp dân.")
    item.refresh_from_db()
    assert item.status == Feedback.Status.ACCEPTED


def test_reception_case_becomes_feedback(world, commune_officer):
    session = ReceptionSessionFactory(unit=world.bach_sam)
    item = services.record_reception_case(
        session, actor=commune_officer, category=category(), subject="Tranh chấp ranh giới đất", text="…"
    )
    session.refresh_from_db()
    assert item.source == Feedback.Source.RECEPTION and item.reception_session == session
    assert session.citizens_received == 1 and session.status == "held"


def test_dialogue_deadlines_results_and_commitments(world, district_coordinator, commune_officer):
    from chiso.plans.tests.factories import PlanFactory

    dialogue = DialogueFactory(unit=world.bach_sam, date=D(2025, 4, 15), notice_published_on=D(2025, 4, 10))
    assert dialogue.notice_state() == "late"
    assert dialogue.results_state(today=D(2025, 4, 20)) == ""
    services.record_dialogue_results(
        dialogue, actor=commune_officer, results="Đã trả lời 5 ý kiến.", published_on=D(2025, 4, 28)
    )
    dialogue.refresh_from_db()
    assert dialogue.results_state() == "late"
    question = services.record_dialogue_question(
        dialogue, actor=commune_officer, category=category("moi-truong"), subject="Rác thải ven sông", text="…"
    )
    assert question.dialogue == dialogue and question.source == "dialogue"
    # a commitment becomes a task of the ward's plan, led by the agency named
    plan = PlanFactory(unit=world.bach_sam, year=2025)
    commitment = add_commitment(dialogue, district_coordinator, plan, world.vp_bach_sam, due_on=D(2025, 6, 30))
    assert commitment.task.plan == plan and commitment.task.due_on == D(2025, 6, 30)
    assert commitment.task.lead_agencies() == [world.vp_bach_sam]
    with pytest.raises(PermissionDenied):
        add_commitment(dialogue, commune_officer, plan, world.vp_bach_sam, text="x")


def test_overdue_and_due_soon(world):
    FeedbackFactory(unit=world.bach_sam, acknowledge_due_on=D(2025, 3, 6))
    accepted = FeedbackFactory(unit=world.bach_sam, status="accepted", answer_due_on=D(2025, 3, 17))
    assert Feedback.objects.overdue(on=D(2025, 3, 7)).count() == 1
    assert list(Feedback.objects.due_soon(on=D(2025, 3, 15))) == [accepted]
    assert accepted.deadline_state(today=D(2025, 3, 18)) == "overdue"
