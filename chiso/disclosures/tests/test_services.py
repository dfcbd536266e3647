"""The services of disclosure: duties, postings, confirmation, taking down, a citizen's report; each refusal."""

import datetime as dt
import functools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chiso.citizens.models import Feedback
from chiso.core.models import AuditEntry, CalendarException
from chiso.core.services import ConflictError
from chiso.core.tests.test_filetypes import PDF
from chiso.disclosures import compliance, services
from chiso.disclosures.models import Duty, PlaceState, Posting, PostingPlace
from chiso.notifications.models import Notification

from .conftest import D, photo, places

pytestmark = pytest.mark.django_db


START = D(2025, 12, 5)


def record(duty, actor, start=START, **kwargs):
    return services.record_posting(
        duty,
        actor=actor,
        title="Danh sách hộ nghèo, hộ cận nghèo năm 2025",
        places=kwargs.pop("places", None) or places(start, **kwargs),
        today=D(2026, 2, 1),
    )


def test_recurring_duties_are_made_once(world, rules, poor_list):
    # given: the duties of 2025 made for the ward; when: made again (the job and the page both do)
    again = services.ensure_duties([world.bach_sam], 2025)
    # then: nothing new; the yearly list is due 5 working days after 01/12/2025, the quarters after each quarter
    assert again == 0
    assert poor_list.due_on == D(2025, 12, 8)
    assert poor_list.places == ["committee_office", "village_house"] and poor_list.min_days == 30
    quarters = Duty.objects.filter(unit=world.bach_sam, type=rules["thuc-hien-ngan-sach-quy"]).order_by("key")
    assert [d.key for d in quarters] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert quarters[0].trigger_on == D(2025, 4, 1) and quarters[0].due_on == D(2025, 4, 16)


def test_working_day_deadlines_skip_tet(world, rules, commune_officer):
    # given: an event on the Friday before Tết 2025 (28/1–2/2 off); when: a 5-working-day rule is recorded
    compensation = functools.partial(
        services.record_event, unit=world.bach_sam, rule=rules["boi-thuong-tai-dinh-cu"], actor=commune_officer
    )
    duty = compensation(event="Phương án bồi thường dự án đường ĐT.387", trigger_on=D(2025, 1, 24))
    # then: the deadline skips the weekend and the Tết holiday
    assert duty.due_on == D(2025, 2, 7)
    # and an extra day off the administrator adds moves it again
    CalendarException.objects.create(date=D(2025, 3, 3), kind=CalendarException.Kind.DAY_OFF)
    later = compensation(event="x", trigger_on=D(2025, 2, 28))
    assert later.due_on == D(2025, 3, 10)


def test_an_event_out_of_reach_or_of_a_recurring_rule_is_refused(world, rules, commune_officer, supervisor):
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            unit=world.phung_chi_kien,
            rule=rules["ket-luan-thanh-tra"],
            actor=commune_officer,
            event="x",
            trigger_on=D(2025, 3, 1),
        )
    assert "unit" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            unit=world.bach_sam, rule=rules["ho-ngheo"], actor=commune_officer, event="x", trigger_on=D(2025, 3, 1)
        )
    assert "type" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_event(
            unit=world.bach_sam, rule=rules["ket-luan-thanh-tra"], actor=supervisor, event="x", trigger_on=D(2025, 3, 1)
        )


def test_the_acceptance_path(world, poor_list, commune_officer, leader):
    # given: the list posted at the committee office and two residential groups, one group's for 10 of 30 days
    posting = record(poor_list, commune_officer, village_days=10)
    # when: the chair confirms it
    services.confirm_posting(posting, actor=leader, loaded_version=posting.version)
    # then: compliance shows 2 on time and 1 taken down early
    result = compliance.compute(world.bach_sam, D(2025, 1, 1), D(2025, 12, 31), today=D(2026, 2, 1))
    lines = [line for line in result.lines if line.duty == poor_list]
    assert sorted(line.state for line in lines) == ["on_time", "on_time", "taken_down_early"]
    early = next(line for line in lines if line.state == PlaceState.TAKEN_DOWN_EARLY)
    assert early.place.name == "Nhà văn hóa TDP Phúc Lai" and early.place.taken_down_reason
    assert AuditEntry.objects.filter(event="posting.confirmed").count() == 1


def test_a_late_posting_and_a_missing_place(world, poor_list, commune_officer):
    # given: posted after the deadline (08/12/2025) at the committee office only
    start = D(2025, 12, 10)
    posting = record(poor_list, commune_officer, places=[places(start)[0]])
    services.confirm_posting(posting, actor=commune_officer)
    # then: one late, and the villages missing
    states = sorted(
        line.state
        for line in compliance.compute(world.bach_sam, D(2025, 12, 1), D(2025, 12, 31), today=D(2026, 1, 5)).lines
    )
    assert states == ["late", "missing"]


def test_bad_input_is_refused_with_clear_messages_and_nothing_stored(poor_list, commune_officer):
    start = D(2025, 12, 5)
    bad = [
        {"kind": "committee_office", "posted_from": start, "posted_to": start - dt.timedelta(days=3)},
        {"kind": "village_house", "posted_from": start, "posted_to": start + dt.timedelta(days=9)},
        {"kind": "village_house", "posted_from": start, "photo": photo("anh.jpg", PDF), "taken_on": start},
    ]
    with pytest.raises(ValidationError) as caught:
        record(poor_list, commune_officer, places=bad)
    text = " ".join(caught.value.messages)
    assert "trước ngày bắt đầu" in text  # ends before it starts
    assert "gỡ xuống trước thời hạn" in text  # shorter than the minimum period, with no reason
    assert "Địa điểm 3" in text and "anh.jpg" in text  # evidence of the wrong type
    assert not Posting.objects.exists() and not PostingPlace.objects.exists()
    with pytest.raises(ValidationError, match="ít nhất một địa điểm"):
        services.record_posting(poor_list, actor=commune_officer, title="x", places=[])


def test_confirming_needs_a_dated_photo_per_board_and_a_draft(poor_list, commune_officer, supervisor):
    posting = record(poor_list, commune_officer)
    place = posting.places.get(name="Trụ sở UBND phường")
    place.photos.all().delete()
    with pytest.raises(ValidationError) as caught:
        services.confirm_posting(posting, actor=commune_officer)
    assert caught.value.code == "no_photo"
    with pytest.raises(PermissionDenied):
        services.confirm_posting(posting, actor=supervisor)
    services.add_photo(place, actor=commune_officer, upload=photo(), taken_on=D(2025, 12, 6), today=D(2026, 1, 1))
    services.confirm_posting(posting, actor=commune_officer)
    with pytest.raises(ValidationError) as caught:
        services.confirm_posting(posting, actor=commune_officer)
    assert caught.value.code == "not_draft"


def test_taking_down_early_needs_a_reason_and_a_fresh_version(poor_list, commune_officer):
    posting = record(poor_list, commune_officer)
    services.confirm_posting(posting, actor=commune_officer)
    place = posting.places.get(name="Nhà văn hóa TDP Đồng Xá")
    with pytest.raises(ValidationError) as caught:
        services.take_down_place(place, actor=commune_officer, posted_to=D(2025, 12, 14), loaded_version=place.version)
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.take_down_place(place, actor=commune_officer, posted_to=D(2025, 12, 1), loaded_version=place.version)
    assert caught.value.message_dict["posted_to"]
    services.take_down_place(
        place, actor=commune_officer, posted_to=D(2025, 12, 14), reason="Mưa bão", loaded_version=place.version
    )
    place.refresh_from_db()
    assert place.posted_to == D(2025, 12, 14) and place.state(poor_list) == "taken_down_early"
    assert AuditEntry.objects.filter(event="postingplace.taken_down_early").exists()
    with pytest.raises(ConflictError):
        services.take_down_place(place, actor=commune_officer, posted_to=D(2026, 1, 10), loaded_version=1)


def test_withdrawn_postings_no_longer_count(world, poor_list, commune_officer, leader):
    posting = record(poor_list, commune_officer)
    services.confirm_posting(posting, actor=commune_officer)
    with pytest.raises(PermissionDenied):
        services.withdraw_posting(posting, actor=commune_officer, reason="Ghi nhầm")
    with pytest.raises(ValidationError):
        services.withdraw_posting(posting, actor=leader, reason="")
    services.withdraw_posting(posting, actor=leader, reason="Ghi nhầm kỳ")
    states = {
        line.state
        for line in compliance.compute(world.bach_sam, D(2025, 1, 1), D(2025, 12, 31), today=D(2026, 1, 5)).lines
        if line.duty == poor_list
    }
    assert states == {"missing"}


def test_a_citizen_report_reaches_the_coordinator(
    world, poor_list, commune_officer, ward_coordinator, django_capture_on_commit_callbacks
):
    posting = record(poor_list, commune_officer)
    services.confirm_posting(posting, actor=commune_officer)
    place = posting.places.get(name="Nhà văn hóa TDP Đồng Xá")
    with django_capture_on_commit_callbacks(execute=True):
        item = services.report_not_posted(place, text="Tôi không thấy danh sách ở nhà văn hóa.")
    assert item.unit == world.bach_sam and item.category.dimension_code == "D2"
    assert "Nhà văn hóa TDP Đồng Xá" in item.subject
    assert Feedback.objects.visible_to(ward_coordinator).filter(pk=item.pk).exists()
    assert Notification.objects.filter(recipient=ward_coordinator, url=item.get_absolute_url()).exists()
