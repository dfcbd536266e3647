"""Main path of the results (issue 7) in headless Chromium: open the map, pick a dimension and a year, click a
province, read its profile and its trend; the town's coordinator reads the gap analysis of the Vĩnh Châu plan
and drafts a task for a weak sub-dimension no task addresses."""

import pytest
from playwright.sync_api import expect

from chiso.demo.results import load_demo_plan
from chiso.demo.world import PASSWORD, VINH_CHAU_COMMUNES, load_demo
from chiso.plans.models import Task
from chiso.results.tests.conftest import build_results
from chiso.units.models import AdministrativeUnit
from chiso.units.tests.factories import UnitFactory
from tests.browser.test_foundation import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def results_world(transactional_db):
    build_results()
    soc_trang = AdministrativeUnit.objects.get(era="legacy", code="94")
    hung_yen = AdministrativeUnit.objects.get(era="legacy", code="33")
    my_hao = UnitFactory(code="328", name="Thị xã Mỹ Hào", level="district", parent=hung_yen)
    UnitFactory(code="12124", name="Phường Bạch Sam", level="commune", parent=my_hao)
    UnitFactory(code="12130", name="Phường Phùng Chí Kiên", level="commune", parent=my_hao)
    vinh_chau = UnitFactory(code="950", name="Thị xã Vĩnh Châu", level="district", parent=soc_trang)
    for i, code in enumerate(VINH_CHAU_COMMUNES):
        UnitFactory(code=code, name=f"Xã Thử {i}" if i else "Phường 1", level="commune", parent=vinh_chau)
    load_demo()
    return load_demo_plan()


def test_map_profile_trend_and_gaps(page, live_server, results_world):
    base = live_server.url
    page.set_default_timeout(20000)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. Anyone opens the map and picks a dimension and a year
    page.goto(f"{base}/results/")
    page.locator("#pick-code").select_option("D3")
    page.locator("#pick-year").select_option("2022")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**/results/?code=D3&year=2022")
    expect(page.locator("svg.province-map a[data-province]")).to_have_count(65)  # with Hoàng Sa and Trường Sa
    shot(page, "results-map")
    page.get_by_role("link", name="Bản đồ ô vuông").click()
    page.wait_for_url("**/results/?year=2022&code=D3&view=tiles")
    expect(page.locator("svg.tile-map a[data-province]")).to_have_count(63)
    shot(page, "results-map-tiles")
    page.get_by_role("link", name="Bản đồ ranh giới").click()
    page.wait_for_url("**/results/?year=2022&code=D3")

    # 2. … clicks Sóc Trăng and sees its profile for that year
    page.locator('a[data-province="94"]').click()
    page.wait_for_url("**/results/provinces/94/?year=2022")
    assert "Tỉnh Sóc Trăng: kết quả PAPI năm 2022" in page.locator("h1").inner_text()
    expect(page.locator('#profile-table tr[data-code="D3"]')).to_have_count(1)
    expect(page.locator("#profile-table tr.table-light")).to_have_count(8)
    shot(page, "results-profile")

    # 3. … and its trend since 2011
    page.get_by_role("link", name="Diễn biến từ năm 2011").click()
    page.wait_for_url("**/results/provinces/94/trend/")
    expect(page.locator("#trend-total svg polyline:not(.national-median)")).to_have_count(2)  # never joined
    shot(page, "results-trend")

    # 4. The town's coordinator reads the gaps of the Vĩnh Châu plan and drafts a task for one without any
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill("vinhchau.coordinator")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/plans/{results_world.pk}/")
    page.get_by_role("link", name="Kết quả và điểm yếu").click()
    expect(page.locator("#gap-table tbody tr").nth(4)).to_be_attached()  # at least five
    assert "Chưa có nhiệm vụ nào" in page.locator('#gap-table tr[data-code="D6.3"]').inner_text()
    shot(page, "results-gaps")
    before = Task.objects.filter(plan=results_world).count()
    page.locator('#gap-table tr[data-code="D6.3"]').get_by_role("button", name="Lập dự thảo nhiệm vụ").click()
    page.wait_for_url("**/plans/tasks/*/edit/")
    assert Task.objects.filter(plan=results_world).count() == before + 1
