"""Plans API, issue 14: the exports (.docx, .xlsx, .pdf), returning a plan to its drafters, and creating plans
and tasks through the same forms and services as the pages."""

import io

from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from chiso.plans import exporters
from chiso.plans.models import Plan, Task
from chiso.plans.tests.factories import PlanFactory, TaskFactory

from .test_api import api_for


def test_exports_through_the_api(world, papi, town_plan, district_coordinator, other_province_officer, monkeypatch):
    client = api_for(district_coordinator)
    # given: the town's plan; when: each export is asked for
    docx = client.get(f"/api/v1/plans/{town_plan.pk}/export.docx")
    xlsx = client.get(f"/api/v1/plans/{town_plan.pk}/export.xlsx")
    # then: real files, opened back, named after the plan
    assert docx.status_code == 200 and docx["Content-Type"] == exporters.DOCX
    assert "attachment;" in docx["Content-Disposition"] and ".docx" in docx["Content-Disposition"]
    assert "KẾ HOẠCH" in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert load_workbook(io.BytesIO(xlsx.content)).active["A4"].value == "STT"
    # and a PDF when LibreOffice is there, else a clear 503 in the caller's language
    monkeypatch.setattr(exporters, "docx_to_pdf", lambda content: b"%PDF-1.7 fake")
    pdf = client.get(f"/api/v1/plans/{town_plan.pk}/export.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"

    def unavailable(content):
        raise exporters.PdfUnavailable

    monkeypatch.setattr(exporters, "docx_to_pdf", unavailable)
    missing = client.get(f"/api/v1/plans/{town_plan.pk}/export.pdf", HTTP_ACCEPT_LANGUAGE="vi")
    assert missing.status_code == 503 and missing.json()["code"] == "pdf_unavailable"
    # and another province's official does not learn the plan exists
    assert api_for(other_province_officer).get(f"/api/v1/plans/{town_plan.pk}/export.docx").status_code == 404
    assert api_for(district_coordinator).get(f"/api/v1/plans/{town_plan.pk}/export.doc").status_code == 404


def test_the_leader_returns_a_plan_to_its_drafters(world, papi, leader, district_coordinator):
    # given: the ward's plan awaiting approval
    plan = PlanFactory(unit=world.bach_sam)
    TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    assert api_for(district_coordinator).post(f"/api/v1/plans/{plan.pk}/submit/").status_code == 200
    # when/then: a reason is required, the coordinator cannot return it, the leader can
    assert api_for(leader).post(f"/api/v1/plans/{plan.pk}/return/", {}).status_code == 400
    assert api_for(district_coordinator).post(f"/api/v1/plans/{plan.pk}/return/", {"reason": "x"}).status_code == 403
    response = api_for(leader).post(f"/api/v1/plans/{plan.pk}/return/", {"reason": "Bổ sung mục tiêu"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "draft"
    # and a draft cannot be returned again
    again = api_for(leader).post(f"/api/v1/plans/{plan.pk}/return/", {"reason": "x"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "not_submitted"


def test_create_a_plan_and_its_tasks(world, papi, district_coordinator, commune_officer):
    client = api_for(district_coordinator)
    # when: the town's coordinator creates a draft plan with two targets
    response = client.post(
        "/api/v1/plans/",
        {
            "unit": world.my_hao.pk,
            "year": 2025,
            "title": "Kế hoạch nâng cao Chỉ số PAPI thị xã Mỹ Hào năm 2025",
            "targets": ["Vào nhóm 03 huyện, thị xã, thành phố đứng đầu của tỉnh", "Đạt điểm khá"],
            "basis": ["Kế hoạch 03/KH-UBND ngày 03/01/2025 của UBND tỉnh Hưng Yên"],
        },
        format="json",
    )
    # then: a draft, its targets read as the page reads them
    assert response.status_code == 201, response.json()
    plan = Plan.objects.get(pk=response.json()["id"])
    assert plan.status == Plan.Status.DRAFT and plan.targets.count() == 2
    # when: a task is added with a lead agency and the Front as coordinator
    body = {
        "number": "1",
        "title": "Đối thoại với Nhân dân",
        "timeframe": "Quý II/2025",
        "lead": [world.thanh_tra.pk],
        "coordinating": [world.mttq.pk],
        "dimensions": [papi[2].pk],
    }
    created = client.post(f"/api/v1/plans/{plan.pk}/tasks/", body, format="json")
    assert created.status_code == 201, created.json()
    task = Task.objects.get(pk=created.json()["id"])
    assert task.timeframe_kind == "quarter" and task.due_on.isoformat() == "2025-06-30"
    assert created.json()["lead"] == [{"id": world.thanh_tra.pk, "name": "Thanh tra thị xã"}]
    # and bad input gets the page's messages, nothing saved
    bad = client.post(f"/api/v1/plans/{plan.pk}/tasks/", {"title": "X", "timeframe": "sắp tới"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) >= {"lead", "timeframe"}
    assert plan.tasks.count() == 1
    # and a ward officer may neither create plans nor add tasks
    assert api_for(commune_officer).post(
        "/api/v1/plans/", {"unit": world.bach_sam.pk, "year": 2025, "title": "KH"}, format="json"
    ).status_code in (400, 403)
    assert api_for(commune_officer).post(f"/api/v1/plans/{plan.pk}/tasks/", body, format="json").status_code in (
        403,
        404,
    )


def test_tasks_only_in_a_draft(world, papi, town_plan, district_coordinator):
    response = api_for(district_coordinator).post(
        f"/api/v1/plans/{town_plan.pk}/tasks/",
        {"title": "Thêm", "timeframe": "Thường xuyên", "lead": [world.thanh_tra.pk]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "not_editable"


def test_the_401_says_what_to_do_in_vietnamese_and_english(db):
    # given: no credentials, then a wrong token
    anonymous = APIClient().get("/api/v1/plans/")
    wrong = APIClient(HTTP_AUTHORIZATION="Token abc").get("/api/v1/plans/")
    # then: 401 with DRF's header, and a sentence in Vietnamese then English that says what to do next
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json()["code"] == "not_authenticated"
    assert anonymous.json()["detail"].startswith("Chưa xác thực: gửi kèm tiêu đề “Authorization: Token <khóa>”")
    assert "Authentication credentials were not provided." in anonymous.json()["detail"]
    assert wrong.status_code == 401 and wrong.json()["detail"].startswith("Khóa API (token) không hợp lệ")
