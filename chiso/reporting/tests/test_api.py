"""Reporting API: the cycle through the API, errors with codes, 409 with both versions on a stale draft."""

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.reporting.models import Cadence, Period, Request, Schedule, Window


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def thanh_tra(town, world):
    return town.period.requests.get(agency=world.thanh_tra)


def test_schedules_are_created_by_coordinators(town, world, district_coordinator, district_officer):
    payload = {
        "plan": town.plan.pk,
        "title": "Báo cáo quý",
        "cadence": Cadence.QUARTERLY,
        "window": Window.DECREE_09,
        "metrics": [{"code": "feedback", "label": "Phản ánh được trả lời đúng hạn"}],
    }
    # an officer may not set schedules; a coordinator may, with the plan's standing body and reporters by default
    assert api_for(district_officer).post("/api/v1/reporting/schedules/", payload, format="json").status_code == 403
    response = api_for(district_coordinator).post("/api/v1/reporting/schedules/", payload, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["recipient_name"] == "Phòng Nội vụ" and len(created["reporters"]) == 3
    # the quarters of 2025 are long due: they opened at once
    assert Period.objects.filter(schedule_id=created["id"]).count() == 4
    listed = api_for(district_officer).get("/api/v1/reporting/schedules/", {"plan": town.plan.pk}).json()
    assert {s["title"] for s in listed["results"]} == {"Báo cáo 6 tháng và năm", "Báo cáo quý"}


def test_bad_schedules_answer_with_codes(town, world, district_coordinator, other_province_officer):
    client = api_for(district_coordinator)
    response = client.post("/api/v1/reporting/schedules/", {"plan": town.plan.pk, "cadence": "weekly"}, format="json")
    # input errors: "invalid" with a message per field; refusals of a service carry the service's code
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert set(response.json()) >= {"title", "cadence"}
    # a plan of another province is not even visible to its coordinator
    foreign = api_for(other_province_officer).post(
        "/api/v1/reporting/schedules/", {"plan": town.plan.pk, "title": "x"}, format="json"
    )
    assert foreign.status_code == 400 and "plan" in foreign.json()
    assert Schedule.objects.count() == 2


def test_lists_are_scoped(town, world, district_officer, commune_officer, other_province_officer, thanh_tra):
    assert APIClient().get("/api/v1/reporting/periods/").status_code == 401
    assert api_for(other_province_officer).get("/api/v1/reporting/periods/").json()["count"] == 0
    assert api_for(other_province_officer).get(f"/api/v1/reporting/periods/{town.period.pk}/").status_code == 404
    # what Thanh tra owes: the officer may report on it; the ward's office sees none of the town's requests
    owed = api_for(district_officer).get("/api/v1/reporting/requests/", {"scope": "report"}).json()
    assert [r["agency_name"] for r in owed["results"]] == ["Thanh tra thị xã"]
    assert owed["results"][0]["submission"] is None
    assert api_for(commune_officer).get("/api/v1/reporting/requests/", {"scope": "report"}).json()["count"] == 0


def test_the_cycle_through_the_api(town, world, district_officer, district_coordinator, thanh_tra):
    officer, coordinator = api_for(district_officer), api_for(district_coordinator)
    # the officer opens the report: pre-filled, one line per task
    started = officer.post(f"/api/v1/reporting/requests/{thanh_tra.pk}/start/")
    assert started.status_code == 201
    draft = started.json()
    assert draft["status"] == "draft" and [line["task_title"] for line in draft["lines"]] == ["Tiếp công dân"]
    url = f"/api/v1/reporting/submissions/{draft['id']}/"
    line = draft["lines"][0]["id"]

    # the figure the schedule asks for is missing: refused with its code
    refused = officer.post(url + "submit/")
    assert refused.status_code == 400 and refused.json()["code"] == "metrics"
    saved = officer.patch(
        url,
        {
            "version": draft["version"],
            "summary": "Hoàn thành cơ bản",
            "metrics": {"dialogues": 2},
            "lines": [{"id": line, "percent": 70, "result": "Tiếp 12 lượt"}],
        },
        format="json",
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["lines"][0]["percent"] == 70 and saved.json()["metrics"] == {"dialogues": 2}
    assert officer.post(url + "submit/").json()["status"] == "submitted"

    # the officer may not review; the coordinator returns it with a comment on the line
    assert officer.post(url + "accept/").status_code == 403
    returned = coordinator.post(
        url + "return/", {"comment": "Bổ sung", "line_comments": {str(line): "Ghi rõ số lượt"}}, format="json"
    )
    assert returned.status_code == 200 and returned.json()["lines"][0]["comment"] == "Ghi rõ số lượt"
    assert coordinator.post(url + "accept/").json()["code"] == "not_submitted"
    version = returned.json()["version"]
    officer.patch(url, {"version": version, "lines": [{"id": line, "result": "12 lượt, 3 đơn"}]}, format="json")
    officer.post(url + "submit/")
    accepted = coordinator.post(url + "accept/", {"comment": "Đạt"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    locked = officer.patch(url, {"version": accepted.json()["version"], "summary": "x"}, format="json")
    assert locked.status_code == 400 and locked.json()["code"] == "not_editable"

    # the rate: one on time of three; the coordinator consolidates
    rate = coordinator.get(f"/api/v1/reporting/periods/{town.period.pk}/rate/").json()
    assert rate["figures"]["expected"] == 3 and rate["figures"]["accepted"] == 1
    rows = {row["agency_name"]: row for row in rate["rows"]}
    assert rows["Thanh tra thị xã"]["timeliness"] in ("on_time", "late")
    assert rows["Thanh tra thị xã"]["submission"] == draft["id"]
    assert officer.post(f"/api/v1/reporting/periods/{town.period.pk}/consolidate/").status_code == 403
    built = coordinator.post(f"/api/v1/reporting/periods/{town.period.pk}/consolidate/")
    assert built.status_code == 200
    report = built.json()
    assert report["figures"]["accepted"] == 1 and report["figures"]["tasks"] == 1
    assert coordinator.get(f"/api/v1/reporting/periods/{town.period.pk}/").json()["consolidated"] == report["id"]
    got = officer.get(f"/api/v1/reporting/consolidated/{report['id']}/")
    assert got.status_code == 200 and got.json()["figures"] == report["figures"]

    # the exports
    docx = officer.get(f"/api/v1/reporting/consolidated/{report['id']}/docx/")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    assert "BÁO CÁO" in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    xlsx = coordinator.get(f"/api/v1/reporting/periods/{town.period.pk}/rate-xlsx/")
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).active["B5"].value == "Phòng Nội vụ"

    # a correction after acceptance is a new version; the accepted one is kept
    reopened = coordinator.post(url + "reopen/", {"reason": "Sai số liệu"})
    assert reopened.status_code == 201 and reopened.json()["number"] == 2
    assert Request.objects.get(pk=thanh_tra.pk).status == Request.Status.RETURNED


def test_stale_draft_gets_409_with_both_versions(town, district_officer, thanh_tra):
    officer = api_for(district_officer)
    draft = officer.post(f"/api/v1/reporting/requests/{thanh_tra.pk}/start/").json()
    url = f"/api/v1/reporting/submissions/{draft['id']}/"
    # given: two officers opened version n; the first saves
    first = officer.patch(url, {"version": draft["version"], "summary": "Bản A"}, format="json")
    assert first.status_code == 200
    # when: the second saves what they typed on version n
    second = officer.patch(url, {"version": draft["version"], "summary": "Bản B"}, format="json")
    # then: 409, the stored version and theirs side by side; nothing overwritten
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict" and body["loaded_version"] == draft["version"]
    assert body["current_version"] == first.json()["version"] and body["current"]["summary"] == "Bản A"
    assert body["yours"]["summary"] == "Bản B"
    assert officer.get(url).json()["summary"] == "Bản A"


def test_bad_draft_input(town, district_officer, thanh_tra):
    officer = api_for(district_officer)
    draft = officer.post(f"/api/v1/reporting/requests/{thanh_tra.pk}/start/").json()
    url = f"/api/v1/reporting/submissions/{draft['id']}/"
    no_version = officer.patch(url, {"summary": "x"}, format="json")
    assert no_version.status_code == 400 and no_version.json()["code"] == "invalid" and "version" in no_version.json()
    negative = officer.patch(url, {"version": draft["version"], "metrics": {"dialogues": -1}}, format="json")
    assert negative.status_code == 400 and "metrics" in negative.json()
    too_much = officer.patch(
        url, {"version": draft["version"], "lines": [{"id": draft["lines"][0]["id"], "percent": 140}]}, format="json"
    )
    assert too_much.status_code == 400 and "lines" in too_much.json()
    assert officer.get(url).json()["version"] == draft["version"]  # nothing saved


def test_late_submission_after_the_period_closed(town, world, district_coordinator, district_officer, thanh_tra):
    from chiso.reporting import services

    services.set_period_status(town.period, actor=district_coordinator, status=Period.Status.CLOSED)
    officer = api_for(district_officer)
    draft = officer.post(f"/api/v1/reporting/requests/{thanh_tra.pk}/start/").json()
    url = f"/api/v1/reporting/submissions/{draft['id']}/"
    officer.patch(url, {"version": draft["version"], "metrics": {"dialogues": 0}}, format="json")
    # accepted, marked late, never refused (today is long after 05/7/2025)
    assert officer.post(url + "submit/").status_code == 200
    row = api_for(district_coordinator).get(f"/api/v1/reporting/requests/{thanh_tra.pk}/").json()
    assert row["on_time"] is False and row["status"] == "submitted"


def test_lists_stay_flat(town, world, district_coordinator, thanh_tra, django_assert_max_num_queries):
    from chiso.reporting import services

    services.start_submission(thanh_tra, actor=district_coordinator)
    client = api_for(district_coordinator)
    for url in ("/api/v1/reporting/requests/", "/api/v1/reporting/periods/", "/api/v1/reporting/schedules/"):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/reporting/periods/{town.period.pk}/rate/").status_code == 200


def test_dates_in_the_rate(town, district_coordinator):
    rate = api_for(district_coordinator).get(f"/api/v1/reporting/periods/{town.period.pk}/rate/").json()
    assert {row["due_on"] for row in rate["rows"]} == {dt.date(2025, 7, 5).isoformat()}
    assert rate["figures"]["missing"] == 3


def test_approved_report_goes_up_to_the_province(
    town, world, district_officer, district_coordinator, province_coordinator, thanh_tra
):
    from chiso.reporting import services

    # given: Thanh tra's report accepted and the town's report built
    draft = services.start_submission(thanh_tra, actor=district_officer)
    draft = services.save_draft(
        draft, actor=district_officer, loaded_version=draft.version, data={"metrics": {"dialogues": 3}}
    )
    services.submit_submission(draft, actor=district_officer)
    services.accept_submission(draft, actor=district_coordinator)
    coordinator, chair = api_for(district_coordinator), api_for(town.chair)
    report = coordinator.post(f"/api/v1/reporting/periods/{town.period.pk}/consolidate/").json()
    url = f"/api/v1/reporting/consolidated/{report['id']}/"
    # the standing body edits the draft with the version it loaded; a stale version is a conflict
    edited = coordinator.patch(url, {"version": report["version"], "next_steps": "Đối thoại quý III"}, format="json")
    assert edited.status_code == 200 and edited.json()["next_steps"] == "Đối thoại quý III"
    stale = coordinator.patch(url, {"version": report["version"], "next_steps": "x"}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["next_steps"] == "Đối thoại quý III"
    assert chair.patch(url, {"version": edited.json()["version"], "summary": "y"}, format="json").status_code == 403
    assert coordinator.put(url, {}, format="json").status_code == 405
    # when: the coordinator sends it for approval; the leader returns it once, then approves it with its number
    assert coordinator.post(url + "send-for-approval/").json()["status"] == "awaiting"
    assert coordinator.post(url + "approve/", {"code": "1/BC", "report_date": "2025-07-12"}).status_code == 403
    assert chair.post(url + "return/", {"reason": "Bổ sung số liệu"}).json()["status"] == "draft"
    coordinator.post(url + "send-for-approval/")
    no_number = chair.post(url + "approve/", {})
    assert no_number.status_code == 400 and no_number.json()["code"] == "missing_number"
    approved = chair.post(url + "approve/", {"code": "125/BC-UBND", "report_date": "2025-07-12"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    # then: sent up, it is the town committee's report to the province, under review there
    sent = coordinator.post(url + "send-up/")
    assert sent.status_code == 201
    assert sent.json()["agency_name"] == "UBND thị xã Mỹ Hào" and sent.json()["status"] == "submitted"
    assert coordinator.get(url).json()["status"] == "sent"
    again = coordinator.post(url + "send-up/")
    assert again.status_code == 400 and again.json()["code"] == "not_approved"
    province = api_for(province_coordinator)
    upper = province.get(f"/api/v1/reporting/submissions/{sent.json()['id']}/")
    assert upper.status_code == 200 and upper.json()["consolidated_from"] == report["id"]
    assert province.post(f"/api/v1/reporting/submissions/{sent.json()['id']}/accept/").status_code == 200


def test_ad_hoc_request_and_closing_a_period(town, world, district_coordinator, district_officer):
    coordinator = api_for(district_coordinator)
    url = f"/api/v1/reporting/schedules/{town.schedule.pk}/ad-hoc/"
    dates = {"label": "Báo cáo đột xuất", "cutoff_start": "2025-01-01", "cutoff_end": "2025-08-31"}
    # a due date before the cut-off ends is refused, field by field
    refused = coordinator.post(url, {**dates, "due_on": "2025-08-20"})
    assert refused.status_code == 400 and "due_on" in refused.json()
    assert api_for(district_officer).post(url, {**dates, "due_on": "2025-09-10"}).status_code == 403
    opened = coordinator.post(url, {**dates, "due_on": "2025-09-10"})
    assert opened.status_code == 201 and opened.json()["is_ad_hoc"] is True
    owed = api_for(district_officer).get("/api/v1/reporting/requests/", {"period": opened.json()["id"]}).json()
    assert {r["due_on"] for r in owed["results"]} == {"2025-09-10"} and owed["count"] == 3
    # closing: reports still come in, marked late
    closed = coordinator.post(f"/api/v1/reporting/periods/{town.period.pk}/status/", {"status": "closed"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    reopened = api_for(district_officer).post(f"/api/v1/reporting/periods/{town.period.pk}/status/", {"status": "open"})
    assert reopened.status_code == 403
    assert Period.objects.get(pk=town.period.pk).status == "closed"


def test_the_province_drills_down(town, world, district_officer, district_coordinator, province_coordinator, thanh_tra):
    from chiso.reporting import services

    draft = services.start_submission(thanh_tra, actor=district_officer)
    services.consolidate_report(town.period, actor=district_coordinator)
    province = api_for(province_coordinator)
    # the town's report among the reports of the units under the province, without its task results …
    listed = province.get("/api/v1/reporting/consolidated/", {"below": world.hung_yen.pk}).json()
    assert [r["unit_name"] for r in listed["results"]] == ["Thị xã Mỹ Hào"] and "task_results" not in listed["results"][
        0
    ]
    # … and down to the town's agencies' reports, lines only on each report
    reports = province.get("/api/v1/reporting/submissions/", {"request__period": town.period.pk}).json()["results"]
    assert [r["id"] for r in reports] == [draft.pk] and "lines" not in reports[0]
    assert province.get(f"/api/v1/reporting/submissions/{draft.pk}/").json()["lines"]
    assert (
        api_for(district_officer).get("/api/v1/reporting/consolidated/", {"below": world.hung_yen.pk}).json()["count"]
        == 1
    )


def test_attach_a_file_to_the_draft(town, district_officer, supervisor, other_province_officer, thanh_tra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = api_for(district_officer)
    draft = officer.post(f"/api/v1/reporting/requests/{thanh_tra.pk}/start/").json()
    url = f"/api/v1/reporting/submissions/{draft['id']}/attachments/"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    # a file that is not what its name says is refused with its code
    fake = officer.post(url, {"file": SimpleUploadedFile("bien-ban.pdf", b"MZ not a pdf")}, format="multipart")
    assert fake.status_code == 400 and fake.json()["code"] == "type_mismatch"
    added = officer.post(url, {"file": SimpleUploadedFile("bien-ban.pdf", pdf)}, format="multipart")
    assert added.status_code == 201 and added.json()["name"] == "bien-ban.pdf"
    report = officer.get(f"/api/v1/reporting/submissions/{draft['id']}/").json()
    assert [a["name"] for a in report["attachments"]] == ["bien-ban.pdf"]
    # the Front reads the report but may not add to it; another province does not even see it
    for user, refused in ((supervisor, 403), (other_province_officer, 404)):
        upload = {"file": SimpleUploadedFile("b.pdf", pdf)}
        assert api_for(user).post(url, upload, format="multipart").status_code == refused
