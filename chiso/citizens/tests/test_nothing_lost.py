"""Nothing a citizen types is lost, nothing private is published; the officers' inbox speaks plainly."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from chiso.citizens import services
from chiso.citizens.models import Feedback
from chiso.citizens.tests.factories import (
    DialogueFactory,
    ReceptionSessionFactory,
    add_commitment,
    category,
    contact,
    submitted,
)
from chiso.citizens.tests.test_views import form_data, submit_url

D = dt.date
PRIVATE_SUBJECT = "Ông Nguyễn Văn Bình, số 12 ngõ 5 Bạch Sam, 0912345678"


def test_a_double_submission_stores_one_item_and_shows_the_same_code(client, world):
    # given: the form as shown, with its one-time key
    page = client.get(submit_url(world)).content.decode()
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    assert len(key) == 32
    # when: the same form is posted twice (a double click)
    first = client.post(submit_url(world), form_data(submission_key=key))
    second = client.post(submit_url(world), form_data(submission_key=key))
    # then: one item, and both answers lead to its code
    assert Feedback.objects.count() == 1
    assert first["Location"] == second["Location"]
    # the service does the same for the API and for two requests racing past the first check
    item = Feedback.objects.get()
    again = submitted(world.bach_sam, subject="x", text="y", submission_key=key)
    assert again.pk == item.pk and Feedback.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_posts_racing_with_one_key_store_one_item(world, commune_officer):
    """Two requests with the same form key in the same instant (PostgreSQL: real concurrent transactions; the
    test's in-memory SQLite locks the table instead, which the middleware answers with 503 and nothing stored)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (or SQLite on a file)")
    unit, cat = world.bach_sam, category()

    def send(_):
        try:
            return services.submit_feedback(
                unit=unit, category=cat, subject="a", text="b", submission_key="cung-mot-khoa"
            ).tracking_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = list(pool.map(send, range(2)))
    assert codes[0] == codes[1] and Feedback.objects.count() == 1


def test_a_wrong_code_offers_the_lookup_and_the_portal(client, world):
    response = client.get(reverse("citizens:public_feedback", args=["PA-XXXX-XXX9"]))
    assert response.status_code == 404
    body = response.content.decode()
    assert 'name="code"' in body and "PA-XXXX-XXX9" in body
    assert reverse("citizens:feedback_lookup") in body and reverse("citizens:portal") in body
    assert "/accounts/" not in body  # not the staff's 404
    # and the rating and confirmation forms of a wrong code alike
    assert client.post(reverse("citizens:public_feedback_rate", args=["PA-XXXX-XXX9"])).status_code == 404


def test_the_receipt_mail_carries_the_tracking_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = {"contact_email": "binh@example.vn", "contact_consent": True}
        item = submitted(world.bach_sam, subject="a", text="b", base_url="https://chiso.example.vn/", **email)
    assert f"https://chiso.example.vn/feedback/{item.tracking_code}/" in mail.outbox[0].body


def test_the_form_counts_characters_and_checks_photos_before_upload(client, world):
    body = client.get(submit_url(world)).content.decode()
    # no maxlength (a browser would cut a long paste silently): a counter and its script instead
    assert 'maxlength="5000"' not in body and 'data-limit="5000"' in body and 'id="text-counter"' in body
    assert 'data-max-bytes="5242880"' in body and "citizens/feedback.js" in body
    # the form says what will be public
    assert "published" in body or "công khai" in body
    # a text over the limit is refused with everything kept
    long_text = "Đường ngập. " * 600
    response = client.post(submit_url(world), form_data(text=long_text))
    assert response.status_code == 400 and long_text.strip() in response.content.decode()


def test_the_subject_and_contact_details_reach_the_public_only_as_approved(client, world, commune_officer, leader):
    # given: a subject that names the citizen, with contact details
    item = submitted(
        world.bach_sam,
        subject=PRIVATE_SUBJECT,
        text="Nội dung riêng",
        **contact("Nguyễn Văn Bình", "0987654321"),
    )
    public_urls = [
        reverse("citizens:public_feedback", args=[item.tracking_code]),
        reverse("citizens:portal_unit", args=[world.bach_sam.code]),
        reverse("citizens:portal_answers", args=[world.bach_sam.code]),
        reverse("public-feedback-detail", args=[item.tracking_code]),
    ]

    def public_pages():
        from django.core.cache import cache

        cache.clear()  # the portal page is cached for a minute
        return "".join(client.get(url).content.decode() for url in public_urls)

    # when: the officer drafts the answer with a public title of their own
    services.accept_feedback(item, actor=commune_officer)
    client.force_login(commune_officer)
    action = lambda name: reverse("citizens:feedback_action", args=[item.pk, name])  # noqa: E731
    client.post(action("answer"), {"answer": "Đã sửa đèn.", "public_subject": "Đèn đường ngõ 5 hỏng"})
    item.refresh_from_db()
    assert item.public_subject == "Đèn đường ngõ 5 hỏng"
    client.logout()
    for secret in (PRIVATE_SUBJECT, "Đèn đường ngõ 5 hỏng", "Nguyễn Văn Bình", "0987654321", "Nội dung riêng"):
        assert secret not in public_pages()
    # then: the leader sees the title, edits it, and publishes; only the approved title reaches the public
    client.force_login(leader)
    assert "Đèn đường ngõ 5 hỏng" in client.get(item.get_absolute_url()).content.decode()
    response = client.post(
        action("approve"), {"approve-answer": "Đã sửa đèn.", "approve-public_subject": "Đèn đường hỏng ở Bạch Sam"}
    )
    assert response.status_code == 302
    client.logout()
    body = public_pages()
    assert "Đèn đường hỏng ở Bạch Sam" in body
    for secret in (PRIVATE_SUBJECT, "Nguyễn Văn Bình", "0987654321", "Nội dung riêng"):
        assert secret not in body


def test_nothing_is_published_without_a_title(world, commune_officer, leader):
    item = submitted(world.bach_sam, subject="a", text="b")
    services.accept_feedback(item, actor=commune_officer)
    services.draft_answer(item, actor=commune_officer, answer="c", public_subject="Tiêu đề")
    with pytest.raises(ValidationError) as exc:
        services.publish_answer(item, actor=leader, public_subject="  ")
    assert exc.value.error_dict["public_subject"][0].code == "no_public_title"


# --- the officers' time ----------------------------------------------------------------------------------------------
def test_the_return_reason_shows_on_the_item_and_the_history_speaks_plainly(client, world, commune_officer, leader):
    item = submitted(world.bach_sam, subject="a", text="b")
    services.accept_feedback(item, actor=commune_officer)
    services.draft_answer(item, actor=commune_officer, answer="c")
    services.return_answer(item, actor=leader, reason="Bổ sung thời hạn khắc phục")
    client.force_login(commune_officer)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'id="return-reason"' in page and "Bổ sung thời hạn khắc phục" in page
    history = client.get(reverse("citizens:feedback_history", args=[item.pk])).content.decode()
    assert "Lãnh đạo trả lại: Bổ sung thời hạn khắc phục" in history
    # statuses by their labels, agencies by their names; no English codes, no row numbers
    assert "Đang xử lý" in history and "UBND phường Bạch Sam" in history
    for raw in ("awaiting_approval", "accepted", "received", f"→ {world.ubnd_bach_sam.pk}<"):
        assert raw not in history
    # once a new draft is sent, the reason is no longer shown
    services.draft_answer(item, actor=commune_officer, answer="c, trước 30/6")
    item.refresh_from_db()
    assert item.return_reason == ""


def test_the_inbox_search_looks_in_every_tab_and_the_deadline_says_which(client, world, commune_officer):
    triage = submitted(world.bach_sam, subject="Cống tắc", text="…")
    handled = submitted(world.bach_sam, subject="Cống vỡ", text="…")
    services.accept_feedback(handled, actor=commune_officer)
    client.force_login(commune_officer)
    body = client.get(reverse("citizens:feedback_list"), {"tab": "triage", "q": "Cống"}).content.decode()
    assert triage.tracking_code in body and handled.tracking_code in body and 'id="search-note"' in body
    body = client.get(reverse("citizens:feedback_list"), {"tab": "all"}).content.decode()
    assert "Hạn phân loại, thụ lý" in body and "Hạn trả lời" in body


def test_triage_suggests_similar_items_of_the_same_unit(client, world, commune_officer):
    older = submitted(
        world.bach_sam,
        subject="Đèn đường ngõ 5 bị hỏng",
        text="Đèn đường ngõ 5 hỏng hai tuần nay, tối đi lại nguy hiểm.",
        received_on=D(2025, 3, 3),
    )
    submitted(world.bach_sam, subject="Rác thải ven kênh", text="Rác tồn đọng ven kênh.")
    other_ward = submitted(world.phung_chi_kien, subject="Đèn đường ngõ 5 bị hỏng", text="Đèn đường hỏng.")
    new = submitted(
        world.bach_sam,
        subject="den duong ngo 5 hong",  # typed without accents
        text="Đèn đường ở ngõ 5 vẫn hỏng, tối rất nguy hiểm.",
        received_on=D(2025, 3, 20),
    )
    from chiso.citizens.querysets import similar_feedback

    assert [o.pk for o in similar_feedback(new)] == [older.pk]
    client.force_login(commune_officer)
    page = client.get(new.get_absolute_url()).content.decode()
    assert 'id="similar"' in page and older.tracking_code in page and other_ward.tracking_code not in page


def test_a_case_cannot_be_recorded_at_a_session_still_to_come(world, commune_officer):
    session = ReceptionSessionFactory(unit=world.bach_sam, date=dt.date.today() + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        services.record_reception_case(session, actor=commune_officer, category=category(), subject="a", text="b")
    assert exc.value.code == "future_session"
    session.refresh_from_db()
    assert session.status == "scheduled" and not Feedback.objects.exists()


def test_a_commitment_says_on_the_portal_what_was_promised(client, world, district_coordinator):
    from chiso.plans.models import Plan
    from chiso.plans.tests.factories import PlanFactory

    dialogue = DialogueFactory(unit=world.bach_sam, date=D(2025, 4, 15))
    plan = PlanFactory(unit=world.bach_sam, year=2025, status=Plan.Status.ISSUED, issued_on=D(2025, 1, 21))
    add_commitment(dialogue, district_coordinator, plan, world.ubnd_bach_sam, text="Nạo vét kênh tiêu trước mùa mưa")
    body = client.get(reverse("citizens:portal_unit", args=[world.bach_sam.code])).content.decode()
    assert "Nạo vét kênh tiêu trước mùa mưa" in body and "15/04/2025" in body
