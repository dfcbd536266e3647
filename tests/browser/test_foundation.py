"""Main path of the foundation in headless Chromium: log in, switch language, browse and search the unit
tree, open an agency and its history. Screenshots go to docs/img/ for the user documentation."""

import pytest
from playwright.sync_api import expect

from chiso.units.models import AdministrativeUnit
from tests.browser.axe import assert_accessible, assert_accessible_as_served
from tests.screenshots import SHOTS

pytestmark = pytest.mark.browser


def shot(page, name, *, javascript=True):
    """A screenshot for the docs, and the page checked against WCAG 2 A/AA by axe-core (for a page opened with
    JavaScript off, ``javascript=False``: the same URL is checked in a page that may run axe)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if javascript:
        assert_accessible(page, name)
    else:
        assert_accessible_as_served(page, name)


@pytest.fixture
def browser_world(transactional_db, world, district_coordinator):
    # a successor in the current hierarchy, so the legacy ward's page shows where it went
    current = AdministrativeUnit.objects.create(
        era="current", code="33", name="Tỉnh Hưng Yên", level="province", valid_from="2025-07-01"
    )
    my_hao = AdministrativeUnit.objects.create(
        era="current", code="12103", name="Phường Mỹ Hào", level="commune", parent=current, valid_from="2025-07-01"
    )
    world.bach_sam.succession_to.create(successor=my_hao, is_primary=True)
    return world


def test_log_in_browse_and_search_units(page, live_server, browser_world):
    page.set_default_timeout(15000)
    # given: the login page, in Vietnamese by default
    page.goto(f"{live_server.url}/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tên đăng nhập").fill("district_coordinator")
    page.get_by_label("Mật khẩu").fill("matkhau-thu-nghiem")
    shot(page, "login")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_text("Đầu mối tổng hợp").first).to_be_visible()

    # when: they search the unit tree without diacritics
    page.goto(f"{live_server.url}/units/?q=bach+sam")
    page.get_by_role("link", name="Phường Bạch Sam").first.click()
    # then: the ward's page shows its parent chain and its successor since 1/7/2025
    expect(page.get_by_role("heading", name="Phường Bạch Sam")).to_be_visible()
    expect(page.get_by_text("Phường Mỹ Hào").first).to_be_visible()
    shot(page, "unit-detail")

    # and: an agency of the ward, edited, shows the change on its history tab
    page.get_by_role("link", name="Văn phòng - Thống kê").first.click()
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Số điện thoại").fill("0221 3943 123")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Lịch sử thay đổi").click()
    expect(page.get_by_text("0221 3943 123").first).to_be_visible()
    shot(page, "agency-history")

    # and: English is one click away
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Tiếng Việt")).to_be_visible()


def test_phone_width_menu(page, live_server, browser_world):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/units/")
    page.get_by_role("button", name="Mở danh mục").click()
    expect(page.get_by_role("link", name="Khung chỉ số PAPI")).to_be_visible()
    shot(page, "phone-menu")


def test_framework_page(page, live_server, transactional_db):
    from chiso.indices.loaders import load_framework

    load_framework()
    page.goto(f"{live_server.url}/papi/")
    expect(page.get_by_text("Quản trị điện tử").first).to_be_visible()
    expect(page.get_by_text("Thang điểm")).to_be_visible()
    shot(page, "framework")
