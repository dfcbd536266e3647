"""The portal, the feedback form (honeypot, rate limit, files), the status page and the officers' inbox."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.citizens import services
from chiso.citizens.models import Feedback
from chiso.citizens.querysets import find_units
from chiso.citizens.tests.conftest import EXE, JPEG, photo
from chiso.citizens.tests.factories import DialogueFactory, ReceptionSessionFactory, category, contact, submitted
from chiso.units.tests.factories import UnitFactory

D = dt.date


def form_data(**overrides):
    data = {
        "category": category().pk,
        "subject": "Đèn đường khu phố 3 bị hỏng",
        "text": "Đèn hỏng hai tuần nay, buổi tối đi lại nguy hiểm.",
        "contact_name": "Nguyễn Văn Bình",
        "contact_phone": "0912345678",
        "contact_email": "",
        "contact_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def submit_url(world):
    return reverse("citizens:feedback_submit", args=[world.bach_sam.code])


def test_submission_shows_the_code_of_the_stored_item(client, world):
    # when: a citizen sends feedback with a photo
    data = form_data(files=SimpleUploadedFile("den.jpg", JPEG, content_type="image/jpeg"))
    response = client.post(submit_url(world), data)
    # then: they are sent to the status page of the stored item, which shows the code
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert response["Location"] == reverse("citizens:public_feedback", args=[item.tracking_code]) + "?new=1"
    page = client.get(response["Location"])
    assert item.tracking_code in page.content.decode()
    assert item.attachments.count() == 1


def test_form_keeps_input_and_explains_errors(client, world):
    response = client.post(submit_url(world), form_data(contact_consent="", text=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nguyễn Văn Bình" in body  # what was typed is kept
    assert Feedback.objects.count() == 0


def test_file_checked_by_content_in_the_form(client, world):
    data = form_data(files=SimpleUploadedFile("anh.jpg", EXE, content_type="image/jpeg"))
    response = client.post(submit_url(world), data)
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_form_takes_a_photo_up_to_5_mb_and_refuses_a_larger_one(client, world):
    # a 4.9 MB photo (a temporary file on the server, over 2.5 MB) is stored with the item
    big = photo(int(4.9 * 1024 * 1024))
    response = client.post(submit_url(world), form_data(files=SimpleUploadedFile("anh.png", big)))
    assert response.status_code == 302
    assert Feedback.objects.get().attachments.get().size == len(big)
    # a 5.1 MB one is refused with the limit named, and what was typed is kept
    too_big = SimpleUploadedFile("lon.png", photo(int(5.1 * 1024 * 1024)))
    response = client.post(submit_url(world), form_data(files=too_big))
    assert response.status_code == 400
    body = response.content.decode()
    assert "lon.png" in body and "5 MB" in body and "Nguyễn Văn Bình" in body
    assert Feedback.objects.count() == 1


def test_honeypot_rejects_a_filled_field(client, world):
    # given: a bot fills every field, the hidden one included
    response = client.post(submit_url(world), form_data(website="http://spam.example"))
    # then: nothing is stored and no code is given
    assert response.status_code == 400
    assert Feedback.objects.count() == 0
    assert "PA-" not in response.content.decode()


def test_rate_limit_answers_429_after_the_burst_and_keeps_the_text(client, world, settings):
    # given: a limit of 3 stored items per window for an address, and refused attempts along the way
    settings.RATE_LIMIT_SUBMIT = 3
    for _ in range(4):
        assert client.post(submit_url(world), form_data(text="")).status_code == 400  # cost nothing
    for _ in range(3):
        assert client.post(submit_url(world), form_data()).status_code == 302
    # when: the fourth item arrives from the same address
    response = client.post(submit_url(world), form_data(text="Nội dung dài ông Bình vừa gõ xong."))
    # then: 429, the form with what was typed, a message to "ông/bà", and nothing more stored
    assert response.status_code == 429
    body = response.content.decode()
    assert "Nội dung dài ông Bình vừa gõ xong." in body and "Nguyễn Văn Bình" in body
    assert "ông/bà" in body
    assert response["Retry-After"]
    assert Feedback.objects.count() == 3
    # another address is not affected
    assert client.post(submit_url(world), form_data(), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_status_page_never_shows_contact_or_attachments(client, world, commune_officer, leader):
    item = submitted(
        world.bach_sam,
        subject="Rác thải ven kênh",
        text="Rác tồn đọng ven kênh.",
        files=[SimpleUploadedFile("a.jpg", JPEG)],
        **contact("Lê Thị Cúc", "0987654321", contact_email="cuc@example.vn"),
    )
    services.accept_feedback(item, actor=commune_officer)
    services.draft_answer(item, actor=commune_officer, answer="Đã thu gom ngày 5/3.")
    services.publish_answer(item, actor=leader)
    for url in (
        reverse("citizens:public_feedback", args=[item.tracking_code]),
        reverse("citizens:portal_unit", args=[world.bach_sam.code]),
        reverse("citizens:portal_answers", args=[world.bach_sam.code]),
        reverse("public-feedback-detail", args=[item.tracking_code]),
    ):
        body = client.get(url).content.decode()
        assert "Đã thu gom ngày 5/3." in body, url
        for secret in ("Lê Thị Cúc", "0987654321", "cuc@example.vn", "/citizens/attachments/"):
            assert secret not in body, (url, secret)
    # the portal lists answers without the tracking codes (the code is the holder's key)
    assert (
        item.tracking_code
        not in client.get(reverse("citizens:portal_unit", args=[world.bach_sam.code])).content.decode()
    )


def test_text_is_escaped(client, world, commune_officer):
    item = submitted(world.bach_sam, subject="<script>alert(1)</script>", text="<b>x</b>")
    body = client.get(reverse("citizens:public_feedback", args=[item.tracking_code])).content.decode()
    assert "<script>alert(1)</script>" not in body
    client.force_login(commune_officer)
    body = client.get(item.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_citizen_rates_and_confirms(client, world, commune_officer, leader):
    item = submitted(world.bach_sam, subject="Hỏi", text="…")
    services.accept_feedback(item, actor=commune_officer)
    services.draft_answer(item, actor=commune_officer, answer="Trả lời")
    services.publish_answer(item, actor=leader)
    rate = reverse("citizens:public_feedback_rate", args=[item.tracking_code])
    assert client.post(rate, {"rating": "9"}).status_code == 400
    assert client.post(rate, {"rating": "5", "comment": "Cảm ơn"}).status_code == 302
    confirm = reverse("citizens:public_feedback_confirm", args=[item.tracking_code])
    assert client.post(confirm, {"resolved": "no", "reason": ""}).status_code == 400
    assert client.post(confirm, {"resolved": "yes"}).status_code == 302
    item.refresh_from_db()
    assert item.rating == 5 and item.status == Feedback.Status.RESOLVED


def test_lookup_normalises_the_code(client, world):
    item = submitted(world.bach_sam, subject="Hỏi", text="…")
    typed = item.tracking_code.lower().replace("-", " ")
    response = client.get(reverse("citizens:feedback_lookup"), {"code": typed})
    assert response["Location"] == reverse("citizens:public_feedback", args=[item.tracking_code])
    assert client.get(reverse("citizens:public_feedback", args=["PA-XXXX-XXXX"])).status_code == 404


def test_portal_unit_shows_plan_progress_schedule_and_dialogues(client, world, django_assert_max_num_queries):
    from chiso.plans.models import Plan
    from chiso.plans.tests.factories import PlanFactory, TaskFactory

    plan = PlanFactory(unit=world.bach_sam, status=Plan.Status.ISSUED, code="15/KH-UBND", issued_on=D(2025, 1, 21))
    TaskFactory(plan=plan, title="Niêm yết công khai thủ tục", lead=[world.vp_bach_sam], due_on=D(2025, 3, 31))
    today = dt.date.today()
    ReceptionSessionFactory(unit=world.bach_sam, date=today + dt.timedelta(days=3), leader_name="Trần Văn Tâm")
    DialogueFactory(unit=world.bach_sam, date=today + dt.timedelta(days=10), title="Đối thoại về chỉnh trang đô thị")
    # the page's own reads (the plan's tasks with their agencies, dimensions and pilot localities), plus the
    # sections other apps add (inspections, disclosures, surveys: two each at most)
    with django_assert_max_num_queries(16 + 6):
        response = client.get(reverse("citizens:portal_unit", args=[world.bach_sam.code]))
    body = response.content.decode()
    for text in ("15/KH-UBND", "Niêm yết công khai thủ tục", "Văn phòng - Thống kê", "Trần Văn Tâm", "chỉnh trang"):
        assert text in body
    # the portal page carries no script: light on a slow phone connection
    assert "<script" not in body
    # and, cached for a minute, costs one query (the unit) on the next visit
    with django_assert_max_num_queries(1):
        client.get(reverse("citizens:portal_unit", args=[world.bach_sam.code]))


def test_portal_search(client, world):
    # one unit of that name (typed without accents), or its code: straight to its portal
    response = client.get(reverse("citizens:portal"), {"q": "bach sam"})
    assert response["Location"] == reverse("citizens:portal_unit", args=[world.bach_sam.code]) + "?era=legacy"
    response = client.get(reverse("citizens:portal"), {"q": world.bach_sam.code})
    assert response.status_code == 302
    # several: the list
    assert "Phường Bạch Sam" in client.get(reverse("citizens:portal"), {"q": "phuong"}).content.decode()


def test_portal_search_ranks_as_the_pickers_do(client, world):
    # given: a current commune whose name holds "hưng" and "yên" only as fragments (Hưng Nguyên), and the
    # abolished province Tỉnh Hưng Yên of the world (legacy: the current-first order alone put it last)
    nghe_an = UnitFactory(era="current", code="40", name="Tỉnh Nghệ An", level="province")
    UnitFactory(era="current", code="17800", name="Xã Hưng Nguyên", level="commune", parent=nghe_an)
    # when: a citizen searches "hưng yên"
    found = [u.name for u in find_units("hưng yên")]
    body = client.get(reverse("citizens:portal"), {"q": "hưng yên"}).content.decode()
    # then: the phrase comes before the fragments, in the list the portal shows too
    assert found == ["Tỉnh Hưng Yên", "Xã Hưng Nguyên"]
    assert body.index("Tỉnh Hưng Yên") < body.index("Xã Hưng Nguyên")
    # and: a code still leads straight to its unit's portal
    response = client.get(reverse("citizens:portal"), {"q": "17800"})
    assert response["Location"] == reverse("citizens:portal_unit", args=["17800"])


def test_inbox_lists_items_with_deadlines_and_runs_actions(client, world, commune_officer, leader):
    item = submitted(world.bach_sam, subject="Hồ sơ chậm", text="…", received_on=D(2025, 1, 2))
    client.force_login(commune_officer)
    inbox = client.get(reverse("citizens:feedback_list"), {"tab": "overdue"})
    assert item.tracking_code in inbox.content.decode()
    # accept, then an empty answer keeps the page with the error; a real one goes to the leader
    action = lambda name: reverse("citizens:feedback_action", args=[item.pk, name])  # noqa: E731
    assert client.post(action("accept")).status_code == 302
    assert client.post(action("answer"), {"answer": ""}).status_code == 400
    assert client.post(action("answer"), {"answer": "Đã giải quyết"}).status_code == 302
    assert client.post(action("approve"), {"approve-answer": "x"}).status_code == 403
    client.force_login(leader)
    assert client.post(action("approve"), {"approve-answer": "Đã giải quyết xong."}).status_code == 302
    item.refresh_from_db()
    assert item.status == Feedback.Status.ANSWERED and item.answer == "Đã giải quyết xong."


def test_attachment_served_to_handlers_only(client, world, commune_officer, other_province_officer):
    item = submitted(world.bach_sam, subject="Ảnh", text="…", files=[SimpleUploadedFile("a.jpg", JPEG)])
    url = item.attachments.get().get_absolute_url()
    assert client.get(url).status_code == 302
    client.force_login(other_province_officer)
    assert client.get(url).status_code == 404
    client.force_login(commune_officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == JPEG


def test_statistics_and_xlsx_export(client, world, district_coordinator, commune_officer, leader):
    from openpyxl import load_workbook

    # given: one item answered on time, one still open and overdue
    on_time = submitted(world.bach_sam, subject="A", text="…", received_on=D(2025, 3, 3))
    services.submit_feedback(
        unit=world.bach_sam, category=category("moi-truong"), subject="B", text="…", received_on=D(2025, 3, 4)
    )
    services.accept_feedback(on_time, actor=commune_officer)
    services.draft_answer(on_time, actor=commune_officer, answer="x")
    services.publish_answer(on_time, actor=leader, on=D(2025, 3, 10))
    client.force_login(district_coordinator)
    page = client.get(reverse("citizens:statistics"), {"year": 2025})
    report = page.context["report"]
    assert (report["total"].received, report["total"].answered, report["total"].on_time) == (2, 1, 1)
    assert report["total"].average_days == 7
    # written the Vietnamese way, as everywhere else in the interface
    assert "<td>7,0</td>" in page.content.decode() and "<td>7.0</td>" not in page.content.decode()
    # when: exported
    response = client.get(reverse("citizens:statistics"), {"year": 2025, "format": "xlsx"})
    # then: the workbook opens and carries the same figures
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1:4] == (2, 1, 1)
    assert {r[0] for r in rows[4:-1]} == {"D5 Thủ tục hành chính công", "D7 Quản trị môi trường"}
    # each sheet says what it is: the title with the year, the units
    assert "2025" in rows[0][0] and "Thị xã Mỹ Hào" in rows[1][0]
    assert len(book.worksheets) == 5


def test_statistics_xlsx_writes_names_as_text(client, world, district_coordinator):
    from chiso.core.tests.test_xlsx import assert_text_not_formula

    # given: an item routed to an agency whose name was typed as a formula
    world.ubnd_bach_sam.name = '=HYPERLINK("http://x","y")'
    world.ubnd_bach_sam.save()
    submitted(world.bach_sam, subject="A", text="…", received_on=D(2025, 3, 3))
    client.force_login(district_coordinator)
    # when: the statistics are exported
    response = client.get(reverse("citizens:statistics"), {"year": 2025, "format": "xlsx"})
    # then: the name is text and the counts stay numbers
    assert_text_not_formula(response.content, '=HYPERLINK("http://x","y")')
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(min_row=2))
    assert rows[-1][1].value == 1 and rows[-1][1].data_type == "n"


@pytest.mark.parametrize("persona", ["commune_officer", "inspector"])
def test_statistics_for_coordinators_and_leaders(persona, persona_client):
    assert persona_client(persona).get(reverse("citizens:statistics")).status_code == 403


def test_dialogue_list_names_communes_without_a_dialogue_this_year(client, world, district_coordinator):
    DialogueFactory(unit=world.bach_sam, date=dt.date.today())
    client.force_login(district_coordinator)
    response = client.get(reverse("citizens:dialogue_list"))
    assert [u.name for u in response.context["missing"]] == ["Phường Phùng Chí Kiên"]


def test_officer_schedules_a_session_in_their_unit_only(client, world, commune_officer):
    client.force_login(commune_officer)
    data = {
        "leader_name": "Nguyễn Văn An",
        "leader_title": "Chủ tịch UBND phường",
        "date": "05/12/2025",
        "start_time": "07:30",
        "end_time": "11:00",
        "place": "Trụ sở UBND phường",
        "status": "scheduled",
        "notes": "",
    }
    refused = client.post(reverse("citizens:receptionsession_add"), {**data, "unit": world.phung_chi_kien.pk})
    assert refused.status_code == 400
    assert client.post(reverse("citizens:receptionsession_add"), {**data, "unit": world.bach_sam.pk}).status_code == 302
    session = world.bach_sam.reception_sessions.get()
    # a case heard there becomes feedback
    response = client.post(
        reverse("citizens:receptionsession_case", args=[session.pk]),
        {"category": category().pk, "subject": "Cấp giấy chứng nhận chậm", "text": "…", "contact_name": ""},
    )
    assert response.status_code == 302
    assert Feedback.objects.get().reception_session == session


def test_dialogue_results_and_commitment_screens(client, world, district_coordinator):
    from chiso.plans.tests.factories import PlanFactory

    dialogue = DialogueFactory(unit=world.bach_sam, date=D(2025, 4, 15))
    plan = PlanFactory(unit=world.bach_sam, year=2025)
    client.force_login(district_coordinator)
    url = reverse("citizens:dialogue_results", args=[dialogue.pk])
    assert client.post(url, {"results": "Đã trả lời 5 ý kiến.", "published_on": "10/04/2025"}).status_code == 400
    assert client.post(url, {"results": "Đã trả lời 5 ý kiến.", "published_on": "20/04/2025"}).status_code == 302
    response = client.post(
        reverse("citizens:dialogue_commitment", args=[dialogue.pk]),
        {"text": "Nạo vét kênh tiêu", "plan": plan.pk, "agency": world.vp_bach_sam.pk, "due_on": "30/06/2025"},
    )
    assert response.status_code == 302
    page = client.get(dialogue.get_absolute_url()).content.decode()
    assert "Nạo vét kênh tiêu" in page and "Đã công khai kết quả đúng hạn" in page


def test_inbox_and_api_list_query_counts_do_not_grow_with_items(
    client, world, commune_officer, django_assert_max_num_queries
):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    for i in range(12):
        submitted(world.bach_sam, subject=f"Phản ánh {i}", text="…", files=[])
    client.force_login(commune_officer)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("citizens:feedback_list"), {"tab": "all"}).status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=commune_officer)[0].key}")
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/feedback/").json()["count"] == 12


def test_reception_history_is_for_its_officials_only(client, world, commune_officer, other_province_officer):
    from chiso.core.services import update_object

    # given: a public reception session whose internal notes name a citizen and her phone, changed by an officer
    session = ReceptionSessionFactory(unit=world.bach_sam)
    session.notes = "Bà Trần Thị Hoa, 0912 345 678, hỏi về đất"
    update_object(session, actor=commune_officer, loaded_version=session.version)
    history = reverse("citizens:receptionsession_history", args=[session.pk])
    # when: anyone opens the public detail page, the notes are not there, nor a link to the history
    page = client.get(session.get_absolute_url()).content.decode()
    assert "0912 345 678" not in page and history not in page
    # and the history itself sends an anonymous visitor to the login page, showing nothing
    response = client.get(history)
    assert response.status_code == 302 and "/login/" in response["Location"]
    # an official of another province does not find it
    client.force_login(other_province_officer)
    assert client.get(history).status_code == 404
    # the ward's officer sees who changed what
    client.force_login(commune_officer)
    page = client.get(history).content.decode()
    assert "0912 345 678" in page and commune_officer.full_name in page
    assert history in client.get(session.get_absolute_url()).content.decode()


def test_publishing_warns_on_phone_numbers_and_emails(client, world, commune_officer, leader):
    # given: an item whose title carries an e-mail address, answered with the citizen's phone number in it
    item = submitted(world.bach_sam, subject="Hỏi đất, gửi hoa@gmail.com", text="…")
    action = lambda name: reverse("citizens:feedback_action", args=[item.pk, name])  # noqa: E731
    client.force_login(commune_officer)
    client.post(action("accept"))
    answer = "Đã liên hệ bà Hoa (0912 345 678) và giải quyết xong."
    response = client.post(action("answer"), {"answer": answer}, follow=True)
    # then: the drafter is warned, and it still goes to the leader
    assert "0912 345 678" in str([str(m) for m in response.context["messages"]])
    # when: the leader opens it, the warning names both, before anything is published
    client.force_login(leader)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'id="personal-data-warning"' in page and "0912 345 678" in page and "hoa@gmail.com" in page
    # a publication without looking is stopped once, the text kept, nothing published
    response = client.post(action("approve"), {"approve-answer": answer})
    assert response.status_code == 400 and answer in response.content.decode()
    item.refresh_from_db()
    assert item.status == Feedback.Status.AWAITING_APPROVAL
    # the leader may publish as written after ticking the line (a warning, not a ban) …
    response = client.post(action("approve"), {"approve-answer": answer, "approve-publish_anyway": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Feedback.Status.ANSWERED


def test_a_clean_answer_is_published_without_a_warning(client, world, commune_officer, leader):
    item = submitted(world.bach_sam, subject="Đèn hỏng", text="…")
    services.accept_feedback(item, actor=commune_officer)
    services.draft_answer(item, actor=commune_officer, answer="Ngày 01.02.2025 đã thay 3 bóng đèn, hết 1.200.000 đồng.")
    client.force_login(leader)
    assert 'id="personal-data-warning"' not in client.get(item.get_absolute_url()).content.decode()
    response = client.post(
        reverse("citizens:feedback_action", args=[item.pk, "approve"]), {"approve-answer": "Đã thay bóng đèn."}
    )
    assert response.status_code == 302


def test_an_app_adds_a_section_to_the_portal(client, world, monkeypatch, settings, tmp_path):
    """chiso/citizens/extensions.py: an app above citizens shows its public records on a unit's page."""
    from chiso.citizens import extensions

    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "section.html").write_text(
        "<h2>Kết luận kiểm tra</h2><p>{{ section.text }} — {{ unit.name }}</p>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    monkeypatch.setattr(extensions, "_sections", [])
    extensions.add_portal_section("ext", "ext/section.html", lambda unit, today: {"text": "Đã khắc phục"}, order=5)
    extensions.add_portal_section("none", "ext/section.html", lambda unit, today: None, order=6)
    body = client.get(reverse("citizens:portal_unit", args=[world.bach_sam.code])).content.decode()
    assert '<section id="ext"><h2>Kết luận kiểm tra</h2><p>Đã khắc phục — Phường Bạch Sam</p></section>' in body
    assert 'id="none"' not in body


def test_the_public_home_has_one_search_box_the_portals(client, world):
    """A citizen on the home page finds their commune's portal; the staff directory's search is for staff."""
    body = client.get(reverse("core:home")).content.decode()
    assert body.count('type="search"') == 1
    assert reverse("citizens:portal") in body
    assert reverse("units:administrativeunit_list") + '"' not in body.split("<main", 1)[1]


def test_the_inbox_offers_statistics_only_to_whom_may_see_them(
    client, world, commune_officer, inspector, district_coordinator
):
    """No tab that answers 403: the statistics tab follows the policy's ``stats`` on feedback."""
    from chiso.core.permissions import policy

    for user in (commune_officer, inspector, district_coordinator):
        client.force_login(user)
        body = client.get(reverse("citizens:feedback_list")).content.decode()
        allowed = policy.can(user, "stats", Feedback)
        assert (reverse("citizens:statistics") in body) == allowed
        assert client.get(reverse("citizens:statistics")).status_code == (200 if allowed else 403)


def test_a_public_submission_costs_few_queries(client, world, django_assert_num_queries):
    """The public form's POST, as a citizen sends it (issue 16: ≥ 100 stored items/s): whether its form was already
    stored (the one-time key), the category, then the insert and its audit entry in a savepoint. The rate limit, the
    working-day calendar, the unit, who takes its feedback and the routing are read from the cache."""
    client.post(submit_url(world), form_data(submission_key="warm-" + "0" * 27))  # the calendar cached
    data = form_data(submission_key="k" * 32)
    with django_assert_num_queries(6):
        response = client.post(submit_url(world), data)
    assert response.status_code == 302
