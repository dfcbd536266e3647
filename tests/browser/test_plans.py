"""Main path of plans in headless Chromium (issue 3): the town drafts and issues its plan, the ward makes its
own plan from the town's tasks, an officer records progress with evidence, the town sees the roll-up and the
ward's on-time status."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.indices.models import Dimension, Index
from chiso.plans.models import Plan, Task
from tests.browser.test_foundation import shot

pytestmark = pytest.mark.browser
PASSWORD = "matkhau-thu-nghiem"


def login(page, base, username, password=PASSWORD):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


@pytest.fixture
def plan_world(transactional_db, world, district_coordinator):
    index = Index.objects.create(code="PAPI", name_vi="PAPI")
    for i, name in enumerate(["Tham gia của người dân ở cấp cơ sở", "Công khai, minh bạch"], 1):
        Dimension.objects.create(index=index, code=f"D{i}", order=i, name_vi=name)
    ubnd_town = world.my_hao.agencies.create(name="UBND thị xã Mỹ Hào", kind="committee")
    MembershipFactory(user=UserFactory(username="town_chair"), agency=ubnd_town, role="leader")
    MembershipFactory(user=UserFactory(username="ward_coordinator"), agency=world.vp_bach_sam, role="coordinator")
    MembershipFactory(user=UserFactory(username="ward_chair"), agency=world.ubnd_bach_sam, role="leader")
    MembershipFactory(user=UserFactory(username="ward_officer"), agency=world.ubnd_bach_sam, role="officer")
    return world


def test_plan_cascade_progress_and_rollup(page, live_server, plan_world, tmp_path):
    base = live_server.url
    page.set_default_timeout(20000)
    w = plan_world
    today = dt.date.today()

    # 1. The town's coordinator drafts the plan and its task for the wards
    login(page, base, "district_coordinator")
    page.goto(f"{base}/plans/add/")
    page.get_by_label("Tiêu đề").fill("Kế hoạch nâng cao Chỉ số PAPI thị xã Mỹ Hào")
    page.get_by_label("Năm", exact=True).fill(str(today.year))
    page.get_by_label("Tìm đơn vị theo tên hoặc mã").fill(w.my_hao.code)  # the unit picker: its official code
    page.wait_for_selector(f'#id_unit option[value="{w.my_hao.pk}"]:checked', state="attached")
    page.get_by_label("Mục tiêu").fill("Chỉ số PAPI của thị xã vào nhóm 03 đứng đầu tỉnh")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Thêm nhiệm vụ").click()
    page.get_by_label("Số thứ tự").fill("1")
    page.get_by_label("Nội dung", exact=True).fill("Công khai danh sách hộ nghèo tại nhà văn hóa tổ dân phố")
    lead = page.locator("[data-multipicker]").first  # the lead agencies' picker, grouped by unit
    lead.get_by_placeholder("Lọc: tên cơ quan hoặc đơn vị").fill("ubnd bach sam")
    lead.get_by_label("UBND phường Bạch Sam").check()
    page.get_by_label("Thời gian thực hiện").fill(f"Năm {today.year}")
    page.get_by_label("Công khai, minh bạch").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    shot(page, "plan-draft")
    page.get_by_role("button", name="Trình phê duyệt").click()
    plan = Plan.objects.get(unit=w.my_hao)
    assert plan.status == Plan.Status.SUBMITTED

    # 2. The town's chair issues it
    login(page, base, "town_chair")
    page.goto(f"{base}/plans/{plan.pk}/issue/")
    page.get_by_label("Số, ký hiệu").fill("03/KH-UBND")
    page.get_by_label("Ngày ban hành").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ban hành").click()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED

    # 3. The ward's coordinator makes the ward's plan from the town's tasks; the ward's chair issues it
    login(page, base, "ward_coordinator")
    page.goto(f"{base}/plans/{plan.pk}/cascade/")
    page.get_by_role("button", name="Lập kế hoạch của đơn vị từ kế hoạch này").click()
    ward_plan = Plan.objects.get(unit=w.bach_sam)
    assert ward_plan.tasks.get().implements.plan == plan
    page.get_by_role("button", name="Trình phê duyệt").click()
    login(page, base, "ward_chair")
    page.goto(f"{base}/plans/{ward_plan.pk}/issue/")
    page.get_by_label("Số, ký hiệu").fill("15/KH-UBND")
    page.get_by_label("Ngày ban hành").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ban hành").click()

    # 4. A ward officer records progress with a PDF minute as evidence
    evidence = tmp_path / "bien-ban-niem-yet.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    login(page, base, "ward_officer")
    page.goto(f"{base}/plans/tasks/mine/")
    expect(page.get_by_role("link", name="Công khai danh sách hộ nghèo").first).to_be_visible()
    ward_task = Task.objects.get(plan=ward_plan)
    page.goto(f"{base}/plans/tasks/{ward_task.pk}/")
    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.get_by_label("Tiến độ (%)").fill("50")
    page.get_by_label("Lý do của tỷ lệ này (một dòng)").fill("Đã niêm yết tại 5/10 tổ dân phố")
    page.get_by_label("Kết quả thực hiện").fill("Niêm yết danh sách hộ nghèo năm nay tại nhà văn hóa")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("bien-ban-niem-yet.pdf")).to_be_visible()
    shot(page, "task-progress")
    task = Task.objects.get(plan=ward_plan)
    assert task.percent == 50 and task.updates.get().evidence.count() == 1

    # 5. The town's coordinator sees the ward on time, and the roll-up
    login(page, base, "district_coordinator")
    page.goto(f"{base}/plans/{plan.pk}/cascade/")
    expect(page.get_by_text("Ban hành đúng hạn").first).to_be_visible()
    shot(page, "plan-cascade")
    page.goto(f"{base}/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Tiến độ theo chỉ số nội dung")).to_be_visible()
    shot(page, "plan-detail")
