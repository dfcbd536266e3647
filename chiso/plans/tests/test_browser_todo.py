"""What is due, in headless Chromium (issue 14): the ward's coordinator sees the duty to issue the ward plan within
15 working days of the town's, with its countdown; sends the draft for approval; the chair gets the notice and the
line on the home page, issues the plan late; the town's cascade lists both plans of the ward and the days late.
Each page is checked with axe-core; screenshots go to docs/img/ for docs/daily-work.md."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.core import workdays
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.units.tests.test_browser import check_accessibility, login
from tests.browser.test_foundation import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def town_world(transactional_db, world, district_coordinator):
    """The town issued its plan today; the ward has a draft implementing it, and an earlier plan of its own."""
    today = dt.date.today()
    MembershipFactory(user=UserFactory(username="ward_coordinator"), agency=world.vp_bach_sam, role="coordinator")
    MembershipFactory(user=UserFactory(username="ward_chair"), agency=world.ubnd_bach_sam, role="leader")
    town = PlanFactory(
        unit=world.my_hao,
        year=today.year,
        code="03/KH-UBND",
        status=Plan.Status.ISSUED,
        issued_on=today,
        title=f"Kế hoạch nâng cao Chỉ số PAPI thị xã Mỹ Hào năm {today.year}",
    )
    draft = PlanFactory(
        unit=world.bach_sam,
        year=today.year,
        parent=town,
        title=f"Kế hoạch nâng cao Chỉ số PAPI phường Bạch Sam năm {today.year}",
    )
    TaskFactory(plan=draft, lead=[world.vp_bach_sam], title="Niêm yết công khai danh sách hộ nghèo")
    return town, draft


def test_duty_countdown_approval_notice_and_cascade(page, live_server, world, town_world):
    page.set_default_timeout(20000)
    base = live_server.url
    town, draft = town_world
    today = dt.date.today()
    deadline = workdays.add_working_days(today, 15)

    # 1. The ward's coordinator sees the duty on the home page: 15 working days, with the date
    login(page, base, "ward_coordinator")
    duty = page.locator('[data-kind="plan.issue"]')
    assert "Ban hành kế hoạch của Phường Bạch Sam thực hiện Kế hoạch 03/KH-UBND" in duty.inner_text()
    assert deadline.strftime("%d/%m/%Y") in duty.inner_text()
    assert "còn 15 ngày làm việc" in duty.inner_text()
    shot(page, "todo-coordinator")
    check_accessibility(page)

    # 2. They open the draft from the to-do and send it for approval
    duty.get_by_role("link").click()
    page.get_by_role("button", name="Trình phê duyệt").click()
    page.get_by_text("Chờ phê duyệt").first.wait_for()

    # 3. The chair is told: a notice, and a line on the home page
    login(page, base, "ward_chair")
    assert page.locator("#unread-count").inner_text() == "1"
    approve = page.locator('[data-kind="plan.approve"]')
    assert "Kế hoạch chờ đồng chí phê duyệt" in approve.inner_text()
    assert "còn 15 ngày làm việc" in approve.inner_text()
    shot(page, "todo-leader")
    check_accessibility(page)
    page.goto(f"{base}/notifications/")
    expect(page.get_by_text(f"Kế hoạch chờ đồng chí phê duyệt: {draft.title}").first).to_be_visible()
    shot(page, "notice-leader")
    check_accessibility(page)

    # 4. The town's plan turns out to have been issued 20 working days ago; the ward issues its plan today (late)
    Plan.objects.filter(pk=town.pk).update(issued_on=_working_days_before(today, 20))
    PlanFactory(
        unit=world.bach_sam,
        year=today.year,
        parent=town,
        status=Plan.Status.ISSUED,
        code="12/KH-UBND",
        issued_on=_working_days_before(today, 18),
        title="Kế hoạch tuyên truyền về Chỉ số PAPI",
    )
    page.goto(f"{base}/plans/{draft.pk}/issue/")
    page.get_by_label("Số, ký hiệu").fill("15/KH-UBND")
    page.get_by_label("Ngày ban hành").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ban hành").click()
    page.get_by_text("Đã ban hành").first.wait_for()

    # 5. The town's coordinator is told it came late, and sees both plans of the ward in the cascade
    late = workdays.working_days_between(workdays.add_working_days(_working_days_before(today, 20), 15), today)
    login(page, base, "district_coordinator")
    page.goto(f"{base}/notifications/")
    expect(page.get_by_text(f"Phường Bạch Sam ban hành kế hoạch chậm {late} ngày làm việc").first).to_be_visible()
    page.goto(f"{base}/plans/{town.pk}/cascade/")
    rows = page.locator(f'tr[data-unit="{world.bach_sam.pk}"]')
    expect(rows).to_have_count(2)
    assert "12/KH-UBND" in rows.nth(0).inner_text() and "Ban hành đúng hạn" in rows.nth(0).inner_text()
    assert (
        "15/KH-UBND" in rows.nth(1).inner_text() and f"Ban hành chậm ({late} ngày làm việc)" in rows.nth(1).inner_text()
    )
    other = page.locator(f'tr[data-unit="{world.phung_chi_kien.pk}"]').inner_text()
    assert f"Chưa có kế hoạch, quá hạn ({late} ngày làm việc)" in other
    shot(page, "cascade-days-late")
    check_accessibility(page)


def _working_days_before(day, n):
    while n:
        day -= dt.timedelta(days=1)
        if workdays.is_working_day(day):
            n -= 1
    return day


def test_task_agencies_multi_picker(page, live_server, transactional_db, world, district_coordinator):
    page.set_default_timeout(20000)
    base = live_server.url
    # given: the town's draft plan; both wards have their committee
    world.phung_chi_kien.agencies.create(name="UBND phường Phùng Chí Kiên", kind="committee")
    plan = PlanFactory(unit=world.my_hao, year=dt.date.today().year, title="Kế hoạch PAPI thị xã Mỹ Hào")
    login(page, base, "district_coordinator")
    page.goto(f"{base}/plans/{plan.pk}/tasks/add/")
    page.get_by_label("Số thứ tự").fill("1")
    page.get_by_label("Nội dung", exact=True).fill("Công khai thủ tục hành chính tại bộ phận một cửa")
    page.get_by_label("Thời gian thực hiện").fill(f"Năm {dt.date.today().year}")
    lead, coordinating = page.locator("[data-multipicker]").nth(0), page.locator("[data-multipicker]").nth(1)
    # when: the lead is "UBND các xã, phường", one entry for both wards' committees
    lead.get_by_label("UBND các xã, phường (2)").check()
    # and: the coordinating agency is found by typing, each ward's post under its ward's name
    coordinating.get_by_placeholder("Lọc: tên cơ quan hoặc đơn vị").fill("mttq")
    assert coordinating.get_by_label("Văn phòng - Thống kê").first.is_hidden()
    coordinating.get_by_label("Ủy ban MTTQ Việt Nam thị xã").check()
    coordinating.get_by_placeholder("Lọc: tên cơ quan hoặc đơn vị").fill("van phong")
    expect(
        coordinating.get_by_role("group", name="Phường Bạch Sam — Thị xã Mỹ Hào, Hưng Yên (trước 1/7/2025)")
    ).to_be_visible()
    shot(page, "task-agency-picker")
    check_accessibility(page)
    page.get_by_role("button", name="Lưu", exact=True).click()
    # then: the task is led by both committees, and the task table names them once
    task = plan.tasks.get()
    assert task.agency_links.filter(role="lead").count() == 2
    page.goto(f"{base}/plans/{plan.pk}/")
    expect(page.get_by_text("UBND các xã, phường (2)").first).to_be_visible()
