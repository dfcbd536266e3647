"""What is due, on each person's home (issue 14): the ward's duty to issue its plan within 15 working days of the
town's, plans awaiting approval, tasks due; the notices of a plan's life; the cascade with every plan and days late."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.core import home
from chiso.notifications.models import Notification
from chiso.plans import services
from chiso.plans.models import Plan
from chiso.plans.rollup import cascade_rows, task_table
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.units.tests.factories import AgencyFactory

D = dt.date


@pytest.fixture
def ward_coordinator(world):
    """Văn phòng - Thống kê of Bạch Sam as the ward's standing body."""
    user = UserFactory(username="ward_coordinator", email="vp@bachsam.example")
    MembershipFactory(user=user, agency=world.vp_bach_sam, role=Membership.Role.COORDINATOR)
    return user


def _lines(user, today, kind):
    return [row for row in home.todos(user, today=today) if row["todo"].kind == kind]


def test_ward_coordinator_sees_the_duty_with_15_working_days(world, town_plan, ward_coordinator):
    # given: the town issued 03/KH-UBND on Friday 03/01/2025
    # when: the ward's coordinator opens the home page that day
    [row] = _lines(ward_coordinator, D(2025, 1, 3), "plan.issue")
    # then: issue the ward plan by 24/01/2025, 15 working days away
    assert row["todo"].due_on == D(2025, 1, 24)
    assert row["days"] == 15 and row["state"] == "later"
    assert "Phường Bạch Sam" in row["todo"].text and "03/KH-UBND" in row["todo"].text
    # and: after the deadline it is overdue, counted in working days (Tết 25/01–02/02/2025 does not count)
    [late] = _lines(ward_coordinator, D(2025, 2, 4), "plan.issue")
    assert late["state"] == "overdue" and late["days"] == 2


def test_duty_disappears_once_the_ward_plan_is_issued(world, town_plan, ward_coordinator):
    PlanFactory(unit=world.bach_sam, year=2025, parent=town_plan, status=Plan.Status.ISSUED, issued_on=D(2025, 1, 21))
    assert _lines(ward_coordinator, D(2025, 1, 10), "plan.issue") == []


def test_duty_counts_over_tet(world, town_plan, ward_coordinator):
    # given: the town issues a plan just before Tết 2025 (holidays 25/01–02/02)
    town_plan.issued_on = D(2025, 1, 24)
    town_plan.save()
    [row] = _lines(ward_coordinator, D(2025, 1, 24), "plan.issue")
    # then: the nine days of Tết are not working days
    assert row["todo"].due_on == D(2025, 2, 21)
    assert row["days"] == 15


def test_leader_sees_the_plan_awaiting_approval_and_gets_a_notice(
    world, town_plan, ward_coordinator, leader, django_capture_on_commit_callbacks, mailoutbox
):
    # given: the ward's draft with a task
    plan = PlanFactory(unit=world.bach_sam, year=2025, parent=town_plan, title="Kế hoạch PAPI phường Bạch Sam")
    TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    # when: the coordinator sends it for approval
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_plan(plan, actor=ward_coordinator)
    # then: the chair has a notice (in the app and by e-mail) and a line on the home page
    notice = Notification.objects.get(recipient=leader)
    assert notice.subject == "Kế hoạch chờ đồng chí phê duyệt: Kế hoạch PAPI phường Bạch Sam"
    [row] = _lines(leader, D(2025, 1, 10), "plan.approve")
    assert row["todo"].due_on == D(2025, 1, 24)
    # and: returned, the coordinator hears why
    with django_capture_on_commit_callbacks(execute=True):
        services.return_plan(plan, actor=leader, reason="Bổ sung mục tiêu")
    returned = Notification.objects.get(recipient=ward_coordinator)
    assert "trả lại" in returned.subject and returned.body == "Bổ sung mục tiêu"


def test_issue_notices_the_town_and_says_how_late(
    world, town_plan, ward_coordinator, leader, district_coordinator, django_capture_on_commit_callbacks
):
    plan = PlanFactory(unit=world.bach_sam, year=2025, parent=town_plan)
    TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    # when: issued on 04/02/2025, two working days after the deadline of 24/01 (Tết in between)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_plan(plan, actor=leader, code="15/KH-UBND", issued_on=D(2025, 2, 4))
    # then: the ward's coordinator and the town's hear of it; the town also hears it is late
    assert Notification.objects.filter(recipient=ward_coordinator, key__startswith="plans:issued:").exists()
    town = set(Notification.objects.filter(recipient=district_coordinator).values_list("subject", flat=True))
    assert "Phường Bạch Sam đã ban hành kế hoạch 15/KH-UBND ngày 04/02/2025" in town
    assert "Phường Bạch Sam ban hành kế hoạch chậm 2 ngày làm việc (hạn 24/01/2025)" in town


@pytest.fixture
def two_ward_plans(world, town_plan):
    """Bạch Sam issued two plans under the town's: one on time (21/01/2025), one late (04/02/2025, after Tết)."""
    for code, issued_on in (("15/KH-UBND", D(2025, 1, 21)), ("16/KH-UBND", D(2025, 2, 4))):
        PlanFactory(
            unit=world.bach_sam, year=2025, parent=town_plan, status=Plan.Status.ISSUED, issued_on=issued_on, code=code
        )


def test_cascade_lists_every_plan_of_a_unit_with_days_late(world, town_plan, two_ward_plans):
    # given: Bạch Sam's two plans; Phùng Chí Kiên none
    deadline, rows = cascade_rows(town_plan, today=D(2025, 2, 6))
    by_unit = {row["unit"].name: row for row in rows}
    bach_sam = by_unit["Phường Bạch Sam"]
    assert [(e["plan"].code, e["state"], e["days_late"]) for e in bach_sam["plans"]] == [
        ("15/KH-UBND", "on_time", 0),
        ("16/KH-UBND", "late", 2),
    ]
    assert by_unit["Phường Phùng Chí Kiên"]["state"] == "missing_overdue"
    assert by_unit["Phường Phùng Chí Kiên"]["days_late"] == 4


def test_officer_sees_tasks_due_and_overdue(world, town_plan, commune_officer):
    plan = PlanFactory(unit=world.bach_sam, year=2025, status=Plan.Status.ISSUED, issued_on=D(2025, 1, 21))
    TaskFactory(
        plan=plan,
        lead=[world.vp_bach_sam],
        title="Niêm yết danh sách hộ nghèo",
        due_on=D(2025, 2, 10),
        timeframe_kind="by_date",
    )
    [row] = _lines(commune_officer, D(2025, 2, 12), "task.due")
    assert "Niêm yết danh sách hộ nghèo" in row["todo"].text
    assert row["state"] == "overdue"


def test_home_page_shows_the_to_do_in_bounded_queries(
    client, world, town_plan, ward_coordinator, django_assert_max_num_queries, settings
):
    for i in range(5):
        PlanFactory(
            unit=world.my_hao,
            year=2025,
            code=f"{10 + i}/KH-UBND",
            status=Plan.Status.ISSUED,
            issued_on=D(2025, 1, 6 + i),
        )
    client.force_login(ward_coordinator)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert "Việc cần làm" in html
    assert html.count('data-kind="plan.issue"') >= 1


def test_task_table_names_all_the_wards_committees_once(world, papi):
    # given: a town plan whose task is led by the committees of both its wards (“UBND các xã, phường”)
    plan = PlanFactory(unit=world.my_hao, year=2025)
    ubnd_pck = AgencyFactory(name="UBND phường Phùng Chí Kiên", unit=world.phung_chi_kien, kind="committee")
    TaskFactory(plan=plan, lead=[world.ubnd_bach_sam, ubnd_pck], coordinating=[world.mttq])
    # then: the task table shows one entry, not two committees
    [row] = task_table(plan)["rows"]
    assert row["lead"] == ["UBND các xã, phường (2)"]
    assert row["coordinating"] == ["Ủy ban MTTQ Việt Nam thị xã"]


def test_api_children_give_every_plan_and_the_days_late(world, town_plan, two_ward_plans, district_coordinator):
    client = APIClient()
    client.force_authenticate(district_coordinator)
    body = client.get(f"/api/v1/plans/{town_plan.pk}/children/").json()
    bach_sam = next(u for u in body["units"] if u["unit"] == world.bach_sam.pk)
    assert [(p["code"], p["state"], p["days_late"]) for p in bach_sam["plans"]] == [
        ("15/KH-UBND", "on_time", 0),
        ("16/KH-UBND", "late", 2),
    ]


def test_home_queries_do_not_grow_with_the_lines(client, world, commune_officer):
    # given: an officer whose post leads tasks due soon, first three, then twelve
    plan = PlanFactory(unit=world.bach_sam, year=2025, status=Plan.Status.ISSUED, issued_on=D(2025, 1, 21))

    def queries_for_home():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("core:home")).status_code == 200
        return len(captured)

    client.force_login(commune_officer)
    today = timezone.localdate()
    for _ in range(3):
        TaskFactory(plan=plan, lead=[world.vp_bach_sam], due_on=today, timeframe_kind="by_date")
    queries_for_home()  # the first visit fills the per-person caches (roles, unread badge); compare warm visits
    few = queries_for_home()
    for _ in range(9):
        TaskFactory(plan=plan, lead=[world.vp_bach_sam], due_on=today, timeframe_kind="by_date")
    # then: the same number of queries for twelve lines as for three
    assert queries_for_home() == few
    assert few <= 15, few  # session, user, memberships, the panels, one or two per source of lines


def test_issuing_the_town_plan_tells_the_wards_their_duty(
    world, papi, ward_coordinator, district_coordinator, django_capture_on_commit_callbacks
):
    # given: the town's draft, to be issued by its chair on 03/01/2025
    chair = UserFactory(username="town_chair")
    ubnd_town = AgencyFactory(name="UBND thị xã Mỹ Hào", unit=world.my_hao, kind="committee")
    MembershipFactory(user=chair, agency=ubnd_town, role=Membership.Role.LEADER)
    plan = PlanFactory(unit=world.my_hao, year=2025)
    TaskFactory(plan=plan, lead=[world.phong_noi_vu])
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_plan(plan, actor=chair, code="03/KH-UBND", issued_on=D(2025, 1, 3))
    # then: the ward's standing body is told to issue its plan by 24/01/2025
    notice = Notification.objects.get(recipient=ward_coordinator, key__startswith="plans:duty:")
    assert notice.subject == (
        "Thị xã Mỹ Hào đã ban hành Kế hoạch 03/KH-UBND: đồng chí ban hành kế hoạch của đơn vị trước ngày 24/01/2025 "
        "(15 ngày làm việc)"
    )


def test_ward_coordinator_follows_up_the_ward_plans_tasks(world, town_plan, ward_coordinator, leader):
    # given: the ward's issued plan; the committee leads a task due in three working days, its office one due later
    plan = PlanFactory(unit=world.bach_sam, year=2025, status=Plan.Status.ISSUED, issued_on=D(2025, 1, 21))
    kw = {"plan": plan, "timeframe_kind": "by_date"}
    TaskFactory(**kw, title="Đối thoại với Nhân dân", lead=[world.ubnd_bach_sam], due_on=D(2025, 3, 5))
    TaskFactory(**kw, title="Niêm yết hộ nghèo", lead=[world.vp_bach_sam], due_on=D(2025, 3, 6))
    TaskFactory(**kw, title="Đã xong", lead=[world.ubnd_bach_sam], due_on=D(2025, 3, 4), completed_on=D(2025, 3, 1))
    # when: the ward's office (its standing body) opens its home on Friday 28/02/2025
    [follow] = _lines(ward_coordinator, D(2025, 2, 28), "task.follow")
    # then: the committee's open task, with its lead and the working days left; its own task as a task of its own
    assert "Đối thoại với Nhân dân" in follow["todo"].text and "UBND phường Bạch Sam" in follow["todo"].text
    assert follow["days"] == 3 and follow["state"] == "soon"
    [own] = _lines(ward_coordinator, D(2025, 2, 28), "task.due")
    assert "Niêm yết hộ nghèo" in own["todo"].text
    # and: the chair (an officer of no coordinating body) has no follow-up lines, only the committee's task
    assert _lines(leader, D(2025, 2, 28), "task.follow") == []
    assert ["Đối thoại với Nhân dân" in row["todo"].text for row in _lines(leader, D(2025, 2, 28), "task.due")] == [
        True
    ]


def test_an_upper_task_the_ward_plan_carries_out_is_listed_once(world, town_plan, leader, district_coordinator):
    # given: the town's task for the wards, issued, and Bạch Sam's plan made from it (its task implements the town's)
    upper = town_plan.tasks.get(number="1")
    upper.due_on, upper.timeframe_kind = D(2025, 3, 5), "by_date"
    upper.save()
    ward_plan = services.create_plan_from_parent(town_plan, actor=district_coordinator, unit=world.bach_sam)
    Plan.objects.filter(pk=ward_plan.pk).update(status=Plan.Status.ISSUED, issued_on=D(2025, 1, 21))
    # when: the ward's chair opens the home page
    rows = _lines(leader, D(2025, 2, 28), "task.due")
    # then: one line, the ward's own task
    assert [row["todo"].url for row in rows] == [ward_plan.tasks.get().get_absolute_url()]
