"""Plan and task screens through the test client: the main path, bad input, cascade, coverage, my tasks."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.plans.models import Plan, Task
from chiso.plans.tests.factories import PlanFactory, TaskFactory

D = dt.date


def test_coordinator_drafts_a_plan_with_targets(client, world, papi, district_coordinator):
    client.force_login(district_coordinator)
    response = client.post(
        reverse("plans:plan_add"),
        {
            "unit": world.my_hao.pk,
            "issuer": "",
            "year": 2025,
            "title": "Kế hoạch nâng cao Chỉ số PAPI năm 2025",
            "child_deadline_days": 15,
            "basis": "Kế hoạch 02/KH-UBND ngày 02/01/2025 của UBND tỉnh Hưng Yên",
            "targets_text": "Chỉ số PAPI của thị xã vào nhóm 03 đứng đầu tỉnh\nĐạt điểm khá",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get()
    assert plan.status == Plan.Status.DRAFT
    assert plan.basis[0]["code"] == "02/KH-UBND" and plan.basis[0]["issued_on"] == "2025-01-02"
    assert {(t.kind, t.value) for t in plan.targets.all()} == {("top_n", "3"), ("score_band", "khá")}


def test_task_form_reads_the_timeframe_and_refuses_bad_input(client, world, papi, district_coordinator):
    plan = PlanFactory(unit=world.my_hao)
    client.force_login(district_coordinator)
    url = reverse("plans:task_add", args=[plan.pk])
    base = {
        "number": "1.1",
        "title": "Tuyên truyền",
        "weight": "1",
        "lead": [world.phong_noi_vu.pk],
        "dimensions": [papi[0].pk],
    }
    # an end before the start: refused, what was typed is kept
    response = client.post(url, {**base, "timeframe": "Từ 30/6/2025 đến 01/3/2025"})
    assert response.status_code == 400
    assert "Tuyên truyền" in response.content.decode()
    # a lead agency of another province: not a valid choice
    response = client.post(url, {**base, "timeframe": "Quý II/2025", "lead": [world.noi_vu_vinh_chau.pk]})
    assert response.status_code == 400
    # a good one
    response = client.post(url, {**base, "timeframe": "Quý II/2025", "coordinating": [world.mttq.pk]})
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.timeframe_kind, task.due_on) == ("quarter", D(2025, 6, 30))
    assert task.lead_agencies() == [world.phong_noi_vu] and task.coordinating_agencies() == [world.mttq]


def post_progress(client, task, reported_on, percent, justification, description, upload):
    """The progress form of `task` as an officer fills it in: a date, a percentage and why, what was done, a file."""
    typed = {"reported_on": reported_on, "status": "in_progress", "percent": percent, "justification": justification}
    return client.post(
        reverse("plans:task_progress", args=[task.pk]), {**typed, "description": description, "files": [upload]}
    )


def test_submit_issue_and_progress_through_the_screens(client, world, papi, district_coordinator):
    from chiso.accounts.tests.factories import MembershipFactory, UserFactory

    plan = PlanFactory(unit=world.my_hao)
    task = TaskFactory(plan=plan, lead=[world.thanh_tra], timeframe_text="Năm 2025")
    chair = UserFactory(username="chu_tich")
    ubnd = world.my_hao.agencies.create(name="UBND thị xã Mỹ Hào", kind="committee")
    MembershipFactory(user=chair, agency=ubnd, role="leader")
    client.force_login(district_coordinator)
    assert client.post(reverse("plans:plan_submit", args=[plan.pk])).status_code == 302
    client.force_login(chair)
    response = client.post(
        reverse("plans:plan_issue", args=[plan.pk]), {"code": "03/KH-UBND", "issued_on": "03/01/2025"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED and plan.issued_on == D(2025, 1, 3)
    # an officer of the lead agency records progress with a photo
    officer = UserFactory(username="thanh_tra_vien")
    MembershipFactory(user=officer, agency=world.thanh_tra, role="officer")
    client.force_login(officer)
    png = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    response = post_progress(client, task, "10/03/2025", "30", "Đã kiểm tra 3/10 xã", "Kiểm tra công vụ tại xã", png)
    assert response.status_code == 302, response.content.decode()[:3000]
    task.refresh_from_db()
    assert task.percent == 30 and task.updates.get().evidence.count() == 1
    # a fake PDF is refused and what was typed stays
    fake = SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all", content_type="application/pdf")
    response = post_progress(client, task, "11/03/2025", "40", "Thêm 1 xã", "Nội dung đã nhập", fake)
    assert response.status_code == 400
    assert "Nội dung đã nhập" in response.content.decode()
    # "my tasks" lists it
    assert task.title in client.get(reverse("plans:task_mine")).content.decode()


def test_cascade_shows_on_time_late_and_missing(client, world, papi, town_plan, district_coordinator):
    # the deadline: 15 working days after 03/01/2025 = 24/01/2025 (seed 001)
    PlanFactory(
        unit=world.bach_sam, parent=town_plan, status=Plan.Status.ISSUED, issued_on=D(2023, 1, 19), code="01/KH-UBND"
    )
    client.force_login(district_coordinator)
    response = client.get(reverse("plans:plan_cascade", args=[town_plan.pk]))
    html = response.content.decode()
    assert "24/01/2025" in html
    assert "Phường Phùng Chí Kiên" in html


def test_cascade_rows(world, papi, town_plan):
    from chiso.plans.rollup import cascade_rows

    PlanFactory(
        unit=world.bach_sam, parent=town_plan, status=Plan.Status.ISSUED, issued_on=D(2025, 1, 21), code="15/KH-UBND"
    )
    deadline, rows = cascade_rows(town_plan, today=D(2025, 2, 1))
    assert deadline == D(2025, 1, 24)
    states = {row["unit"].name: row["state"] for row in rows}
    assert states == {"Phường Bạch Sam": "on_time", "Phường Phùng Chí Kiên": "missing_overdue"}


def test_coverage_names_dimensions_without_tasks(client, world, papi, town_plan, district_coordinator):
    client.force_login(district_coordinator)
    html = client.get(reverse("plans:plan_coverage", args=[town_plan.pk])).content.decode()
    assert "Quản trị điện tử" in html.split("alert-warning")[1].split("</div>")[0]


def test_plan_page_query_count_is_bounded(client, world, papi, district_coordinator, django_assert_max_num_queries):
    plan = PlanFactory(unit=world.my_hao)
    for i in range(150):
        task = TaskFactory(plan=plan, number=str(i), lead=[world.phong_noi_vu], coordinating=[world.mttq])
        task.dimensions.set([papi[i % 8]])
    client.force_login(district_coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="task-') == 150


def test_filters_on_the_task_table(client, world, papi, town_plan, district_coordinator):
    client.force_login(district_coordinator)
    url = reverse("plans:plan_detail", args=[town_plan.pk])
    html = client.get(url, {"dimension": papi[1].pk}).content.decode()
    assert "Công khai danh sách hộ nghèo" in html and "Hội nghị triển khai" not in html
    html = client.get(url, {"timeframe_kind": "ongoing"}).content.decode()
    assert "Hội nghị triển khai" in html and "Công khai danh sách hộ nghèo" not in html


def test_copy_and_amend_through_the_screens(client, world, papi, town_plan, district_coordinator):
    client.force_login(district_coordinator)
    response = client.post(reverse("plans:plan_copy", args=[town_plan.pk]), {"year": "2026"})
    assert response.status_code == 302
    assert Plan.objects.filter(unit=world.my_hao, year=2026, status="draft").exists()
    response = client.post(reverse("plans:plan_amend", args=[town_plan.pk]), {"reason": ""})
    assert response.status_code == 400  # the reason is required, the form comes back
    response = client.post(reverse("plans:plan_amend", args=[town_plan.pk]), {"reason": "Bổ sung nhiệm vụ"})
    assert response.status_code == 302
    town_plan.refresh_from_db()
    assert town_plan.status == Plan.Status.DRAFT and town_plan.amendments.count() == 1


def test_deleting_an_agency_with_tasks_lists_them(client, world, papi, town_plan, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("units:agency_delete", args=[world.ubnd_bach_sam.pk]), follow=True)
    html = response.content.decode()
    assert "Công khai danh sách hộ nghèo" in html  # the task that stops the deletion is named
    assert world.ubnd_bach_sam.__class__.objects.filter(pk=world.ubnd_bach_sam.pk).exists()
