"""A record's history has the whole edit: a task's PAPI tags and its lead and coordinating agencies, a plan's
targets, are in the one "updated" entry of the edit that changed them, by name, with who changed them (they are saved
after the record's own fields); an agency that comes to lead a task joins the reporters of the plan's schedules, and
their history says so."""

from django.urls import reverse
from django.utils import translation

from chiso.core.audit import history_for
from chiso.plans import services
from chiso.plans.models import Plan, Task
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting.models import Cadence, Schedule
from tests.history import rows, table_rows


def edit(task, actor, **links):
    """The task's edit through the service, as its page saves it (the form's unsaved task, the version it loaded)."""
    task = Task.objects.get(pk=task.pk)
    return services.update_task(task, actor=actor, loaded_version=task.version, **links)


def test_agencies_and_dimensions_changed_by_the_service_are_in_one_entry(world, papi, district_coordinator):
    # given: a draft task led by the Office of Home Affairs, on the first dimension
    plan = PlanFactory(unit=world.my_hao, year=2025)
    task = TaskFactory(plan=plan, lead=[world.phong_noi_vu], coordinating=[world.mttq])
    task.dimensions.set(papi[:1])
    # when: the coordinator hands the lead to the inspectorate and tags the task with the second dimension
    edit(task, district_coordinator, lead=[world.thanh_tra], coordinating=[world.mttq], dimensions=papi[1:2])
    # then: one "updated" entry, by the coordinator, naming the old and new lead and dimension
    [entry] = history_for(task)
    assert (entry.event, entry.actor) == ("task.updated", district_coordinator)
    assert entry.after["lead_agencies"] == [world.thanh_tra.pk]
    changed = rows(entry)
    assert changed["Đơn vị chủ trì"] == ([world.phong_noi_vu], [world.thanh_tra])
    assert changed["chỉ số nội dung PAPI"] == ([papi[0]], [papi[1]])
    assert "Đơn vị phối hợp" not in changed  # the coordinating agency did not change
    # when: the same edit is saved again, nothing changed
    edit(task, district_coordinator, lead=[world.thanh_tra], coordinating=[world.mttq], dimensions=papi[1:2])
    # then: no new entry
    assert history_for(task).count() == 1


def test_the_task_edit_page_records_agencies_and_dimensions_by_name(client, world, papi, district_coordinator):
    # given: a draft task led by the Office of Home Affairs, on the first dimension
    plan = PlanFactory(unit=world.my_hao, year=2025)
    task = TaskFactory(plan=plan, lead=[world.phong_noi_vu])
    task.dimensions.set(papi[:1])
    client.force_login(district_coordinator)
    url = reverse("plans:task_edit", args=[task.pk])

    def post(lead, coordinating, dimensions):
        task.refresh_from_db()
        form = {"number": task.number, "title": task.title, "weight": "1", "timeframe": "Năm 2025",
                "lead": [a.pk for a in lead], "coordinating": [a.pk for a in coordinating],
                "dimensions": [d.pk for d in dimensions], "loaded_version": task.version}  # fmt: skip
        response = client.post(url, form)
        assert response.status_code == 302, response.content.decode()[:3000]

    # when: the coordinator, on the task's page, gives the lead to the inspectorate, the Front coordinating, and
    # moves the task from the first dimension to the fifth
    post([world.thanh_tra], [world.mttq], [papi[4]])
    # then: the task's history page names the old and new agencies and dimensions, never by id, and who did it
    page = client.get(reverse("plans:task_history", args=[task.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Cập nhật" in page and str(district_coordinator) in page
    assert table_rows(page) == {
        "Chỉ số nội dung PAPI": ("D1. Tham gia của người dân ở cấp cơ sở", "D5. Thủ tục hành chính công"),
        "Đơn vị chủ trì": ("Phòng Nội vụ", "Thanh tra thị xã"),
        "Đơn vị phối hợp": ("—", "Ủy ban MTTQ Việt Nam thị xã"),
    }
    assert "lead_agencies" not in page and "coordinating_agencies" not in page
    [entry] = history_for(task)
    assert entry.actor == district_coordinator
    # when: the page is saved again as it is
    post([world.thanh_tra], [world.mttq], [papi[4]])
    # then: nothing is added to the history
    assert history_for(task).count() == 1  # the weight posted as "1" is the saved 1.00


def test_a_change_of_pilots_is_told_once(world, district_coordinator):
    # given: a draft with a pilot commune and a task carried out nowhere yet
    plan = PlanFactory(unit=world.my_hao, year=2025)
    plan.pilot_units.set([world.bach_sam])
    task = TaskFactory(plan=plan, lead=[world.phong_noi_vu])
    # when: the task's edit names the pilot commune and a new lead agency
    edit(task, district_coordinator, lead=[world.thanh_tra], pilot_units=[world.bach_sam])
    # then: the pilots in their own entry, the agency in the edit's entry, neither twice
    pilots, updated = list(history_for(task))
    assert pilots.event == "task.pilots_changed" and updated.event == "task.updated"
    assert list(rows(updated)) == ["Đơn vị chủ trì"]


def test_the_plan_edit_page_records_its_targets_in_the_same_entry(client, world, district_coordinator):
    # given: a draft plan with one target
    plan = PlanFactory(unit=world.my_hao, year=2025)
    services.set_plan_targets(plan, "Vào nhóm 50 xã, phường đứng đầu tỉnh")
    client.force_login(district_coordinator)

    def post(title, targets):
        plan.refresh_from_db()
        form = {"unit": world.my_hao.pk, "year": 2025, "title": title, "child_deadline_days": 15,
                "backdate_limit_days": 5, "targets_text": targets, "loaded_version": plan.version}  # fmt: skip
        response = client.post(reverse("plans:plan_edit", args=[plan.pk]), form)
        assert response.status_code == 302, response.content.decode()[:3000]

    # when: the coordinator changes the title and the target on the plan's page
    post("Kế hoạch PAPI năm 2025", "Vào nhóm 03 đứng đầu tỉnh")
    # then: one entry names the old and new target as typed, with the title
    [entry] = history_for(plan)
    assert entry.actor == district_coordinator
    assert rows(entry)["Mục tiêu"] == (["Vào nhóm 50 xã, phường đứng đầu tỉnh"], ["Vào nhóm 03 đứng đầu tỉnh"])
    page = client.get(reverse("plans:plan_history", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert table_rows(page)["Mục tiêu"] == ("Vào nhóm 50 xã, phường đứng đầu tỉnh", "Vào nhóm 03 đứng đầu tỉnh")
    # when: saved again as it is; then: no new entry
    post("Kế hoạch PAPI năm 2025", "Vào nhóm 03 đứng đầu tỉnh")
    assert history_for(plan).count() == 1
    assert list(Plan.objects.get(pk=plan.pk).targets.values_list("text", flat=True)) == ["Vào nhóm 03 đứng đầu tỉnh"]


def test_an_agency_that_comes_to_lead_a_task_joins_the_reporters_in_the_schedules_history(world, district_coordinator):
    # given: a draft plan with a task led by the Office of Home Affairs and a schedule it reports on
    plan = PlanFactory(unit=world.my_hao, year=2025)
    task = TaskFactory(plan=plan, lead=[world.phong_noi_vu])
    schedule = Schedule.objects.create(plan=plan, title="Báo cáo 6 tháng", cadence=Cadence.HALF_YEARLY,
                                       recipient=world.phong_noi_vu)  # fmt: skip
    schedule.reporters.set([world.phong_noi_vu])
    # when: the coordinator gives the lead of the task to the inspectorate
    edit(task, district_coordinator, lead=[world.thanh_tra])
    # then: the inspectorate reports too, and the schedule's history says why, by whose edit
    [entry] = history_for(schedule)
    assert (entry.event, entry.actor) == ("schedule.reporters_followed", district_coordinator)
    with translation.override("vi"):
        assert entry.text == "Bổ sung đơn vị báo cáo do được giao chủ trì nhiệm vụ của kế hoạch: Thanh tra thị xã"
        assert rows(entry) == {"cơ quan phải báo cáo": ([world.phong_noi_vu], [world.phong_noi_vu, world.thanh_tra])}
