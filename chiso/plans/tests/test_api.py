"""Plans API: scoped lists, the task table, coverage, the cascade, transitions and progress with files."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_lists_are_scoped(world, papi, town_plan, commune_officer, other_province_officer):
    assert APIClient().get("/api/v1/plans/").status_code == 401
    # a ward officer sees the town's plan (it implements it); the other province sees nothing of it
    assert [p["code"] for p in api_for(commune_officer).get("/api/v1/plans/").json()["results"]] == ["03/KH-UBND"]
    assert api_for(other_province_officer).get("/api/v1/plans/").json()["count"] == 0
    assert api_for(other_province_officer).get(f"/api/v1/plans/{town_plan.pk}/").status_code == 404


def test_filters_by_unit_subtree_year_and_status(world, papi, town_plan, district_coordinator):
    PlanFactory(unit=world.bach_sam, year=2024)
    client = api_for(district_coordinator)
    assert client.get("/api/v1/plans/", {"unit": world.bach_sam.pk}).json()["count"] == 1
    assert client.get("/api/v1/plans/", {"unit": world.my_hao.pk}).json()["count"] == 2
    assert client.get("/api/v1/plans/", {"year": 2025, "status": "issued"}).json()["count"] == 1


def test_task_table_coverage_and_children(world, papi, town_plan, district_coordinator):
    client = api_for(district_coordinator)
    tasks = client.get(f"/api/v1/plans/{town_plan.pk}/tasks/").json()
    assert [t["number"] for t in tasks] == ["1", "2"]
    assert tasks[0]["lead"] == [{"id": world.ubnd_bach_sam.pk, "name": "UBND phường Bạch Sam"}]
    assert tasks[0]["timeframe"]["end"] == "2025-12-31" and tasks[1]["status"] == "ongoing"
    coverage = client.get(f"/api/v1/plans/{town_plan.pk}/coverage/").json()
    assert coverage["uncovered_dimensions"] == ["D3", "D4", "D5", "D6", "D7", "D8"]
    children = client.get(f"/api/v1/plans/{town_plan.pk}/children/").json()
    assert children["deadline"] == "2025-01-24"
    assert {u["unit_name"] for u in children["units"]} == {"Phường Bạch Sam", "Phường Phùng Chí Kiên"}


def test_issue_through_the_api(world, papi, leader, district_coordinator):
    plan = PlanFactory(unit=world.bach_sam)
    TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    assert api_for(district_coordinator).post(f"/api/v1/plans/{plan.pk}/submit/").status_code == 200
    refused = api_for(district_coordinator).post(
        f"/api/v1/plans/{plan.pk}/issue/", {"code": "15/KH-UBND", "issued_on": "2025-01-21"}
    )
    assert refused.status_code == 403
    response = api_for(leader).post(f"/api/v1/plans/{plan.pk}/issue/", {"code": "", "issued_on": "21/01/2025"})
    assert response.status_code == 400
    response = api_for(leader).post(
        f"/api/v1/plans/{plan.pk}/issue/", {"code": "15/KH-UBND", "issued_on": "2025-01-21"}
    )
    assert response.status_code == 200 and response.json()["status"] == "issued"
    again = api_for(leader).post(f"/api/v1/plans/{plan.pk}/issue/", {"code": "16/KH-UBND", "issued_on": "2025-01-22"})
    assert again.status_code == 400 and again.json()["code"] == "already_issued"


def test_progress_with_a_file(world, papi, town_plan, commune_officer, district_officer):
    task = town_plan.tasks.get(number="1")
    from chiso.accounts.tests.factories import MembershipFactory

    MembershipFactory(user=commune_officer, agency=world.ubnd_bach_sam, role="officer")
    client = api_for(commune_officer)
    response = client.post(
        f"/api/v1/tasks/{task.pk}/updates/",
        {
            "reported_on": "2025-03-10",
            "percent": 40,
            "justification": "4/10 tổ dân phố",
            "description": "Niêm yết danh sách",
            "files": [SimpleUploadedFile("bien-ban.pdf", PDF)],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["evidence"][0]["name"] == "bien-ban.pdf"
    bad = client.post(
        f"/api/v1/tasks/{task.pk}/updates/",
        {
            "reported_on": "2025-03-11",
            "percent": 50,
            "justification": "x",
            "description": "y",
            "files": [SimpleUploadedFile("anh.png", b"not a png")],
        },
        format="multipart",
    )
    assert bad.status_code == 400 and "anh.png" in str(bad.json())
    assert len(client.get(f"/api/v1/tasks/{task.pk}/updates/").json()) == 1
    # the town's inspectorate (not in the task's agencies, not a coordinator) may read but not report
    assert api_for(district_officer).get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert (
        api_for(district_officer)
        .post(
            f"/api/v1/tasks/{task.pk}/updates/",
            {"reported_on": "2025-03-12", "percent": 60, "justification": "x", "description": "y"},
        )
        .status_code
        == 404
    )


def test_list_query_counts(world, papi, district_coordinator, django_assert_max_num_queries):
    plan = PlanFactory(unit=world.my_hao, status=Plan.Status.ISSUED, issued_on=dt.date(2025, 1, 3))
    for i in range(150):
        task = TaskFactory(plan=plan, number=str(i), lead=[world.phong_noi_vu], coordinating=[world.mttq])
        task.dimensions.set([papi[i % 8]])
    client = api_for(district_coordinator)
    with django_assert_max_num_queries(12):
        assert len(client.get(f"/api/v1/plans/{plan.pk}/tasks/").json()) == 150
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/plans/").status_code == 200


def test_import_a_task_table_through_the_api(world, papi, district_coordinator, commune_officer):
    import io

    from openpyxl import Workbook

    plan = PlanFactory(unit=world.my_hao)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nội dung", "Hoạt động", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"])
    sheet.append(["1", "Tuyên truyền", "1.1. Hội nghị", "Phòng Nội vụ", "Thanh tra thị xã", "Quý II/2025"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    def upload(client, dry_run):
        buffer.seek(0)
        return client.post(
            f"/api/v1/plans/{plan.pk}/import-tasks/",
            {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue()), "dry_run": dry_run},
            format="multipart",
        )

    assert upload(api_for(commune_officer), False).status_code == 403
    checked = upload(api_for(district_coordinator), True)
    assert checked.status_code == 200 and checked.json()["ok"] and not plan.tasks.exists()
    imported = upload(api_for(district_coordinator), False)
    assert imported.status_code == 200 and imported.json()["created"] == 1
    assert plan.tasks.get().lead_agencies() == [world.phong_noi_vu]


def test_a_json_body_that_is_not_an_object_is_a_400(world, papi, town_plan, district_coordinator):
    """Found by the API fuzzing once it kept its token (29/11/2026): a JSON list gave a 500 on plan and task
    creation."""
    client = api_for(district_coordinator)
    for url in ("/api/v1/plans/", f"/api/v1/plans/{town_plan.pk}/tasks/"):
        response = client.post(url, [["unit", 1]], format="json")
        assert response.status_code == 400, url
    assert Plan.objects.count() == 1
