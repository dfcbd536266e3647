"""The disclosure pages: what must be posted, recording a posting (bad input keeps what was typed), the posting's
buttons, compliance with the list behind each number, the public list and a citizen's report."""

import datetime as dt

import pytest
from django.urls import reverse

from chiso.citizens.models import Feedback
from chiso.core.tests.test_filetypes import PDF
from chiso.disclosures import services
from chiso.disclosures.models import Duty, Posting

from .conftest import D, photo, places

pytestmark = pytest.mark.django_db


def _place_post(index, **values):
    return {f"place-{index}-{key}": value for key, value in values.items()}


def test_home_lists_what_the_ward_must_post(client, world, rules, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("disclosures:home"), {"period": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Danh sách hộ nghèo, hộ cận nghèo" in body and "Phường Bạch Sam" in body
    # the page made the year's recurring duties for the ward (the job makes them too)
    assert Duty.objects.filter(unit=world.bach_sam, key="2025").exists()
    # no way up to the town's page, which a ward officer may not open (it would answer 404)
    assert f"?unit={world.my_hao.pk}&" not in body
    assert client.get(reverse("disclosures:home"), {"unit": world.my_hao.pk}).status_code == 404


def test_recording_an_event_and_a_posting_through_the_pages(client, world, rules, commune_officer):
    client.force_login(commune_officer)
    # when: the officer records an inspection conclusion
    response = client.post(
        reverse("disclosures:event_add", args=[world.bach_sam.pk]),
        {
            "type": rules["ket-luan-thanh-tra"].pk,
            "event": "Kết luận thanh tra số 12/KL-TTr",
            "trigger_on": "05/03/2025",
        },
    )
    duty = Duty.objects.get(label="Kết luận thanh tra số 12/KL-TTr")
    assert response.status_code == 302 and duty.due_on == D(2025, 3, 20)
    # and a posting at the committee office with a photo and the document
    data = {
        "title": "Kết luận thanh tra số 12/KL-TTr",
        "reference": "12/KL-TTr ngày 05/3/2025",
        "documents": [photo("ket-luan.pdf", PDF)],
        **_place_post(
            0, kind="committee_office", name="Bảng tin UBND", posted_from="06/03/2025", taken_on="06/03/2025"
        ),
        "place-0-photo": photo(),
    }
    response = client.post(reverse("disclosures:posting_add", args=[duty.pk]), data)
    posting = Posting.objects.get()
    assert response.status_code == 302 and response["Location"] == posting.get_absolute_url()
    assert posting.documents.count() == 1 and posting.places.get().photos.count() == 1
    # then: confirmed from its page
    response = client.post(
        reverse("disclosures:posting_action", args=[posting.pk]),
        {"action": "confirm", "loaded_version": posting.version},
    )
    posting.refresh_from_db()
    assert response.status_code == 302 and posting.status == Posting.Status.CONFIRMED


def test_bad_input_keeps_what_was_typed(client, world, poor_list, commune_officer):
    client.force_login(commune_officer)
    data = {
        "title": "Danh sách hộ nghèo 2025",
        **_place_post(0, kind="committee_office", name="Trụ sở UBND", posted_from="10/12/2025", posted_to="01/12/2025"),
        **_place_post(
            1, kind="village_house", name="Nhà văn hóa TDP Đồng Xá", posted_from="10/12/2025", taken_on="10/12/2025"
        ),
        "place-1-photo": photo("anh.jpg", PDF),
    }
    response = client.post(reverse("disclosures:posting_add", args=[poor_list.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "trước ngày bắt đầu" in body
    assert "anh.jpg" in body
    assert 'value="Nhà văn hóa TDP Đồng Xá"' in body and 'value="Danh sách hộ nghèo 2025"' in body
    assert not Posting.objects.exists()


def test_take_down_early_from_the_page_and_a_stale_form(client, poor_list, commune_officer):
    posting = services.record_posting(
        poor_list, actor=commune_officer, title="DS", places=places(D(2025, 12, 5)), today=D(2026, 1, 1)
    )
    services.confirm_posting(posting, actor=commune_officer)
    place = posting.places.get(name="Nhà văn hóa TDP Đồng Xá")
    client.force_login(commune_officer)
    url = reverse("disclosures:place_action", args=[place.pk])
    # no reason for an early take-down: refused, reason asked for, the date typed kept
    response = client.post(url, {"action": "take_down", "posted_to": "14/12/2025", "loaded_version": place.version})
    assert response.status_code == 400 and "14/12/2025" in response.content.decode()
    response = client.post(
        url, {"action": "take_down", "posted_to": "14/12/2025", "reason": "Mưa bão", "loaded_version": place.version}
    )
    assert response.status_code == 302
    # a second form loaded before that change is a conflict, not an overwrite
    response = client.post(
        url, {"action": "take_down", "posted_to": "20/12/2025", "reason": "x", "loaded_version": place.version}
    )
    place.refresh_from_db()
    assert response.status_code == 409 and place.posted_to == D(2025, 12, 14)


def test_compliance_page_shows_the_list_behind_each_number(client, world, posted, district_coordinator):
    client.force_login(district_coordinator)
    response = client.get(reverse("disclosures:compliance"), {"unit": world.my_hao.pk, "period": "2025"})
    assert response.status_code == 200
    counts = response.context["result"].counts
    assert counts["taken_down_early"] == 1 and counts["on_time"] >= 2
    assert [u.name for u, _part in response.context["by_unit"]] == ["Phường Bạch Sam"]
    response = client.get(
        reverse("disclosures:compliance"), {"unit": world.my_hao.pk, "period": "2025", "state": "taken_down_early"}
    )
    assert [line.place.name for line in response.context["lines"]] == ["Nhà văn hóa TDP Phúc Lai"]
    # a bad period is a message, not a 500
    response = client.get(reverse("disclosures:compliance"), {"unit": world.my_hao.pk, "period": "2025-Q9"})
    assert response.status_code == 200


def test_compliance_of_a_unit_out_of_reach_is_not_found(client, world, other_province_officer):
    client.force_login(other_province_officer)
    response = client.get(reverse("disclosures:compliance"), {"unit": world.bach_sam.pk})
    assert response.status_code == 404


def test_public_list_and_a_citizen_report(client, world, rules, commune_officer, ward_coordinator):
    today = dt.date.today()
    duty = services.record_event(
        unit=world.bach_sam,
        rule=rules["du-toan-ngan-sach-xa"],
        actor=commune_officer,
        event="Nghị quyết HĐND",
        trigger_on=today,
    )
    posting = services.record_posting(
        duty,
        actor=commune_officer,
        title="Dự toán ngân sách phường năm 2026",
        places=[
            {
                "kind": "committee_office",
                "name": "Bảng tin UBND",
                "posted_from": today,
                "photo": photo(),
                "taken_on": today,
            },
            {"kind": "web_portal", "url": "https://bachsam.example.vn/du-toan", "posted_from": today},
        ],
        documents=[photo("du-toan.pdf", PDF)],
    )
    # a draft is not public
    assert (
        "Dự toán ngân sách phường"
        not in client.get(reverse("disclosures:public_list", args=[world.bach_sam.code])).content.decode()
    )
    services.confirm_posting(posting, actor=commune_officer)
    response = client.get(reverse("disclosures:public_list", args=[world.bach_sam.code]))
    body = response.content.decode()
    assert "Dự toán ngân sách phường năm 2026" in body and "du-toan.pdf" in body
    document = posting.documents.get()
    assert client.get(reverse("disclosures:public_document", args=[document.pk])).status_code == 200
    # the portal page of the ward shows the section
    assert (
        "Dự toán ngân sách phường năm 2026"
        in client.get(reverse("citizens:portal_unit", args=[world.bach_sam.code])).content.decode()
    )
    # a citizen says it is not on the board
    place = posting.places.get(kind="committee_office")
    response = client.post(
        reverse("disclosures:public_not_posted", args=[place.pk]), {"text": "Không thấy trên bảng tin"}
    )
    item = Feedback.objects.get()
    assert response.status_code == 302 and item.tracking_code in response["Location"]
    client.force_login(ward_coordinator)
    inbox = client.get(reverse("citizens:feedback_list"))
    assert item.tracking_code in inbox.content.decode()


def test_documents_of_postings_not_on_the_portal_are_not_public(client, poor_list, commune_officer):
    posting = services.record_posting(
        poor_list, actor=commune_officer, title="DS", places=places(dt.date.today()), documents=[photo("ds.pdf", PDF)]
    )
    services.confirm_posting(posting, actor=commune_officer)
    assert client.get(reverse("disclosures:public_document", args=[posting.documents.get().pk])).status_code == 404


def test_rule_without_places_is_refused_on_the_form(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("disclosures:disclosuretype_add"),
        {
            "code": "moi",
            "name": "Quy chế mới",
            "legal_basis": "Luật",
            "level": "commune",
            "min_days": 30,
            "deadline_days": 2,
            "deadline_unit": "days",
            "recurrence": "per_event",
            "anchor_month": 1,
            "position": 0,
        },
    )
    assert response.status_code == 400 and "Quy chế mới" in response.content.decode()
