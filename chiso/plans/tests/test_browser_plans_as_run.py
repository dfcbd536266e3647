"""Plans as units run them, in headless Chromium (issue 14): the town's coordinator ticks a pilot residential group
with the filter box (no id box), sees it on the plan and filters the task table by it; imports the indicator
assignment table from a real .xlsx (a wrong row first: the report in Vietnamese with English); sees the indicators
without an agency on the coverage view and a back-dated progress entry with both dates; a province's coordinator
opens the indicator list import. Every page is checked with axe-core; screenshots go to docs/img/ for
docs/daily-work.md."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from chiso.indices.models import Indicator, SubDimension
from chiso.plans import responsibilities, services
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.units.models import AdministrativeUnit
from chiso.units.tests.factories import UnitFactory
from chiso.units.tests.test_browser import login
from tests.browser.test_foundation import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def run_world(transactional_db, world, papi, district_coordinator, province_coordinator):
    village = AdministrativeUnit.Level.VILLAGE
    UnitFactory(code="12100-01", name="Tổ dân phố Bạch Sam 1", level=village, parent=world.bach_sam)
    UnitFactory(code="12100-02", name="Tổ dân phố Bạch Sam 2", level=village, parent=world.bach_sam)
    UnitFactory(code="12103-01", name="Tổ dân phố Phùng Chí Kiên 1", level=village, parent=world.phung_chi_kien)
    sub = SubDimension.objects.create(dimension=papi[1], code="D2.2", name_vi="Danh sách hộ nghèo", since=2011)
    Indicator.objects.create(dimension=papi[1], subdimension=sub, code="D2.2.1", name_vi="Biết danh sách hộ nghèo")
    Indicator.objects.create(dimension=papi[3], code="D4.1", name_vi="Không phải chi thêm khi làm thủ tục")
    Indicator.objects.create(dimension=papi[4], code="D5.1", name_vi="Thủ tục chứng thực được giải quyết đúng hẹn")
    year = timezone.localdate().year
    plan = PlanFactory(unit=world.my_hao, year=year, title=f"Kế hoạch nâng cao Chỉ số PAPI thị xã Mỹ Hào năm {year}")
    TaskFactory(plan=plan, number="1", title="Họp dân công khai danh sách hộ nghèo", lead=[world.ubnd_bach_sam])
    TaskFactory(plan=plan, number="2", title="Hội nghị triển khai toàn thị xã", lead=[world.phong_noi_vu])
    return plan


def _xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(responsibilities.HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_pilots_assignment_table_and_back_dated_progress(
    page, live_server, world, run_world, district_coordinator, tmp_path
):
    page.set_default_timeout(20000)
    base, plan = live_server.url, run_world

    # 1. Pilots: the filter box narrows the residential groups; a tick, no id box
    login(page, base, "district_coordinator")
    page.goto(base + reverse("plans:plan_edit", args=[plan.pk]))
    page.get_by_placeholder("Lọc theo tên địa bàn").fill("bach sam 1")
    expect(page.get_by_label("Tổ dân phố Phùng Chí Kiên 1")).to_be_hidden()
    page.get_by_label("Tổ dân phố Bạch Sam 1").check()
    page.get_by_role("button", name="Lưu").click()
    pilots = page.locator("#plan-pilots")
    assert "Tổ dân phố Bạch Sam 1 (Phường Bạch Sam)" in pilots.inner_text()

    # 2. A task names it; the task table is filtered by it
    task = plan.tasks.get(number="1")
    page.goto(base + reverse("plans:task_edit", args=[task.pk]))
    page.get_by_label("Tổ dân phố Bạch Sam 1 (Phường Bạch Sam)").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.locator("#plan-pilots a").first.click()
    table = page.locator("#task-table").inner_text()
    assert "Họp dân công khai danh sách hộ nghèo" in table and "Hội nghị triển khai toàn thị xã" not in table
    shot(page, "plan-pilots")

    # 3. The assignment table from Excel: a wrong row is reported in Vietnamese with English, nothing saved
    page.goto(base + reverse("plans:plan_responsibilities", args=[plan.pk]))
    bad = _xlsx(tmp_path / "sai.xlsx", [["D2.2", "", "Phòng Nội vụ", "Ủy ban MTTQ Việt Nam thị xã", ""],
                                        ["D9.9", "", "Phòng Không Có", "", ""]])  # fmt: skip
    page.get_by_label("Bảng phân công (.xlsx)").set_input_files(bad)
    page.get_by_role("button", name="Chỉ kiểm tra").click()
    report = page.locator("#import-report").inner_text()
    assert "D9.9" in report and "is not a PAPI indicator" in report and "Phòng Không Có" in report
    shot(page, "responsibilities-report")
    good = _xlsx(tmp_path / "dung.xlsx", [["D2.2", "", "Phòng Nội vụ", "Ủy ban MTTQ Việt Nam thị xã", "Theo Kế hoạch"],
                                          ["D4.1", "", "Thanh tra thị xã", "Phòng Nội vụ", ""]])  # fmt: skip
    page.get_by_label("Bảng phân công (.xlsx)").set_input_files(good)
    page.get_by_role("button", name="Nhập dữ liệu", exact=True).click()
    expect(page.locator("#responsibility-table")).to_contain_text("Thanh tra thị xã")
    expect(page.locator("#missing-agency")).to_contain_text("1 chỉ tiêu chưa có cơ quan chủ trì")
    shot(page, "responsibilities")

    # 4. The coverage view names the indicator without an agency
    page.get_by_role("link", name="Xem trong mục mức độ bao phủ").click()
    expect(page.locator("#without-agency")).to_contain_text("D5.1")
    shot(page, "coverage-without-agency")

    # 5. A back-dated progress entry shows both dates and where lateness counts from
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED, code="03/KH-UBND", issued_on=dt.date.today())
    today = timezone.localdate()
    services.record_progress(
        task,
        actor=district_coordinator,
        reported_on=today - dt.timedelta(days=21),
        description="Đã tổ chức họp dân tại Tổ dân phố Bạch Sam 1, có biên bản",
        status="completed",
    )
    page.goto(base + reverse("plans:task_detail", args=[task.pk]))
    entry = page.locator(".backdated").inner_text()
    assert (today - dt.timedelta(days=21)).strftime("%d/%m/%Y") in entry and today.strftime("%d/%m/%Y") in entry
    shot(page, "progress-backdated")

    # 6. A province's coordinator loads a year's indicator list
    login(page, base, "province_coordinator")
    page.goto(base + reverse("indices:indicator_import"))
    assert page.get_by_label("Năm của báo cáo PAPI").input_value() == str(today.year - 1)
    shot(page, "indicator-import")
