"""Citizens API: public submission, look-up and plan progress; the handlers' inbox, actions and statistics."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.citizens.models import Feedback
from chiso.citizens.tests.conftest import EXE, JPEG, photo

D = dt.date


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def payload(world, **overrides):
    data = {
        "unit": world.bach_sam.code,
        "category": "moi-truong",
        "subject": "Rác thải tồn đọng",
        "text": "Điểm tập kết rác đầu ngõ 5 không được thu gom.",
        "contact_phone": "0912000111",
        "contact_consent": "true",
    }
    data.update(overrides)
    return data


def test_submit_multipart_returns_code_of_stored_item(world):
    client = APIClient()
    data = payload(world, files=[SimpleUploadedFile("rac.jpg", JPEG, content_type="image/jpeg")])
    response = client.post("/api/v1/public/feedback/", data, format="multipart")
    assert response.status_code == 201, response.json()
    code = response.json()["tracking_code"]
    item = Feedback.objects.get(tracking_code=code)
    assert item.source == "api" and item.attachments.count() == 1
    # the status by code shows no contact details
    status = client.get(f"/api/v1/public/feedback/{code}/").json()
    # nor the citizen's own subject: only a title the leader approved with the answer (until then, the category)
    assert status["status"] == "received" and "Rác thải tồn đọng" not in str(status)
    assert "contact_phone" not in status and "0912000111" not in str(status)


def test_submit_photos_up_to_the_5_mb_limit(world):
    # Uploads over 2.5 MB reach the view as temporary files (FILE_UPLOAD_MAX_MEMORY_SIZE), not in memory.
    client = APIClient()
    # given: a 4.9 MB photo
    big = SimpleUploadedFile("anh.png", photo(int(4.9 * 1024 * 1024)), content_type="image/png")
    # when: it is sent with the feedback
    response = client.post("/api/v1/public/feedback/", payload(world, files=[big]), format="multipart")
    # then: the item is stored with it
    assert response.status_code == 201, response.content
    item = Feedback.objects.get(tracking_code=response.json()["tracking_code"])
    assert item.attachments.get().size == big.size > 5_000_000
    # and a 5.1 MB photo is refused with a clear message, nothing stored
    too_big = SimpleUploadedFile("lon.png", photo(int(5.1 * 1024 * 1024)), content_type="image/png")
    response = client.post("/api/v1/public/feedback/", payload(world, files=[too_big]), format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "too_large"
    assert "lon.png" in str(response.json()) and "5 MB" in str(response.json())
    assert Feedback.objects.count() == 1


def test_submit_errors_have_codes(world):
    client = APIClient()
    bad_file = payload(world, files=[SimpleUploadedFile("x.jpg", EXE)])
    response = client.post("/api/v1/public/feedback/", bad_file, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "bad_type"
    response = client.post("/api/v1/public/feedback/", payload(world, contact_consent="false"), format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "no_consent"
    response = client.post("/api/v1/public/feedback/", payload(world, website="x"), format="multipart")
    assert response.status_code == 400
    assert client.post("/api/v1/public/feedback/", payload(world, unit="00000"), format="multipart").status_code == 404
    assert Feedback.objects.count() == 0


def test_rate_limit_on_the_api(world, settings):
    settings.RATE_LIMIT_SUBMIT = 2
    client = APIClient()
    for _ in range(2):
        assert client.post("/api/v1/public/feedback/", payload(world), format="multipart").status_code == 201
    response = client.post("/api/v1/public/feedback/", payload(world), format="multipart")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited" and "Too many requests" in response.json()["detail"]
    assert Feedback.objects.count() == 2


def test_public_plan_progress(client, world):
    from chiso.plans.models import Plan
    from chiso.plans.tests.factories import PlanFactory, TaskFactory

    plan = PlanFactory(unit=world.bach_sam, status=Plan.Status.ISSUED, code="15/KH-UBND", issued_on=D(2025, 1, 21))
    TaskFactory(plan=plan, title="Công khai thủ tục", lead=[world.vp_bach_sam], due_on=D(2025, 3, 31))
    body = client.get(f"/api/v1/public/units/{world.bach_sam.code}/plan/").json()
    assert body["plan"]["code"] == "15/KH-UBND"
    assert body["plan"]["tasks"][0]["lead"] == ["Văn phòng - Thống kê"]
    assert body["plan"]["tasks"][0]["status"] in ("overdue", "not_started", "on_track")
    assert client.get(f"/api/v1/public/units/{world.phung_chi_kien.code}/plan/").json()["plan"] is None


def test_inbox_actions_through_the_api(world, commune_officer, leader, other_province_officer):
    response = APIClient().post("/api/v1/public/feedback/", payload(world), format="multipart")
    code = response.json()["tracking_code"]
    pk = Feedback.objects.get(tracking_code=code).pk
    officer = api_for(commune_officer)
    listed = officer.get("/api/v1/feedback/").json()
    assert listed["count"] == 1 and listed["results"][0]["contact_phone"] == "0912000111"
    assert api_for(other_province_officer).get("/api/v1/feedback/").json()["count"] == 0
    assert officer.post(f"/api/v1/feedback/{pk}/accept/").json()["status"] == "accepted"
    assert officer.post(f"/api/v1/feedback/{pk}/accept/").json()["code"] == "already_triaged"
    assert officer.post(f"/api/v1/feedback/{pk}/answer/", {"answer": "Đã thu gom."}).status_code == 200
    assert officer.post(f"/api/v1/feedback/{pk}/approve/", {}).status_code == 403
    published = api_for(leader).post(f"/api/v1/feedback/{pk}/approve/", {}).json()
    assert published["status"] == "answered"
    assert APIClient().get(f"/api/v1/public/feedback/{code}/").json()["answer"] == "Đã thu gom."


def test_api_warns_before_publishing_personal_data(world, commune_officer, leader):
    response = APIClient().post("/api/v1/public/feedback/", payload(world), format="multipart")
    pk = Feedback.objects.get(tracking_code=response.json()["tracking_code"]).pk
    officer, chair = api_for(commune_officer), api_for(leader)
    officer.post(f"/api/v1/feedback/{pk}/accept/")
    # the draft holds the citizen's number: the item says so to whoever reads it
    drafted = officer.post(f"/api/v1/feedback/{pk}/answer/", {"answer": "Đã gọi 0912 000 111, xong."}).json()
    assert drafted["personal_data"] == [{"kind": "phone", "value": "0912 000 111"}]
    # approving without saying so is refused once, with the reason; nothing is published
    refused = chair.post(f"/api/v1/feedback/{pk}/approve/", {})
    assert refused.status_code == 400 and refused.json()["code"] == "personal_data"
    assert Feedback.objects.get(pk=pk).status == Feedback.Status.AWAITING_APPROVAL
    # the leader may publish it as written by saying so (a warning, not a ban)
    published = chair.post(f"/api/v1/feedback/{pk}/approve/", {"publish_anyway": True})
    assert published.json()["status"] == "answered" and published.json()["answer"] == "Đã gọi 0912 000 111, xong."


def test_statistics_api(world, district_coordinator, commune_officer):
    APIClient().post("/api/v1/public/feedback/", payload(world), format="multipart")
    year = dt.date.today().year
    body = api_for(district_coordinator).get("/api/v1/feedback/statistics/", {"year": year}).json()
    assert body["total"]["received"] == 1 and body["category"][0]["received"] == 1
    assert api_for(commune_officer).get("/api/v1/feedback/statistics/").status_code == 403


def test_api_counts_stored_items_and_honours_the_idempotency_key(world, settings):
    settings.RATE_LIMIT_SUBMIT = 2
    client = APIClient()
    # refused submissions cost nothing
    for _ in range(3):
        assert client.post("/api/v1/public/feedback/", payload(world, text=""), format="multipart").status_code == 400
    # the same key twice: one item, the same code
    first = client.post("/api/v1/public/feedback/", payload(world), format="multipart", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/public/feedback/", payload(world), format="multipart", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.json()["tracking_code"] == again.json()["tracking_code"] and Feedback.objects.count() == 1


def test_api_sets_the_public_title_with_the_answer(world, commune_officer, leader):
    response = APIClient().post("/api/v1/public/feedback/", payload(world), format="multipart")
    code = response.json()["tracking_code"]
    pk = Feedback.objects.get(tracking_code=code).pk
    officer = api_for(commune_officer)
    officer.post(f"/api/v1/feedback/{pk}/accept/")
    body = {"answer": "Đã thu gom.", "public_subject": "Rác ven kênh T3"}
    assert officer.post(f"/api/v1/feedback/{pk}/answer/", body).json()["public_subject"] == "Rác ven kênh T3"
    assert APIClient().get(f"/api/v1/public/feedback/{code}/").json()["subject"] != "Rác ven kênh T3"
    api_for(leader).post(f"/api/v1/feedback/{pk}/approve/", {"public_subject": "Thu gom rác ven kênh T3"})
    assert APIClient().get(f"/api/v1/public/feedback/{code}/").json()["subject"] == "Thu gom rác ven kênh T3"
