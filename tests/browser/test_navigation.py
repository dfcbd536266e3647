"""The top menu of signed-in pages reflows (WCAG 2.1 1.4.10): no horizontal scrolling at 1280 px nor at 320 px
(what 400 % zoom of a 1280 px window shows), for a province coordinator and an administrator, whose menu and user
button are the widest; open and closed, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible, assert_accessible_as_served

pytestmark = pytest.mark.browser
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def _log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("matkhau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def _fits(page, what):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(FITS), f"{what}: the page is {width[0]} px wide in a {width[1]} px window"


@pytest.mark.parametrize("persona", ["province_coordinator", "admin_user"])
def test_the_menu_fits_the_window(page, live_server, transactional_db, world, persona, request):
    user = request.getfixturevalue(persona)
    page.set_default_timeout(15000)
    _log_in(page, live_server.url, user.username)
    for width, height in ((1280, 800), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/")
        menu = page.get_by_role("navigation", name="Danh mục chính")
        if width == 320:  # collapsed behind the menu button
            page.get_by_role("button", name="Mở danh mục").click()
        expect(menu.get_by_role("link", name="Kế hoạch")).to_be_visible()
        _fits(page, f"{persona}, {width} px")
        assert_accessible(page, f"menu, {persona}, {width} px")
        # and: a group of the menu and the user's panel open within the window
        menu.get_by_role("button", name="PAPI").click()
        expect(menu.get_by_role("link", name="Kết quả PAPI")).to_be_visible()
        _fits(page, f"{persona}, {width} px, PAPI open")
        page.locator("#user-menu").click()
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        _fits(page, f"{persona}, {width} px, user menu open")
        # nor off the left edge of the window, which scrolls nowhere
        box = page.locator("[aria-labelledby=user-menu]").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert_accessible(page, f"user menu, {persona}, {width} px")


def test_the_menu_without_javascript(browser, live_server, transactional_db, world, province_coordinator):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _log_in(page, live_server.url, "province_coordinator")
        # then: the collapsed menu is shown open, and a group opens when the keyboard reaches it
        menu = page.get_by_role("navigation", name="Danh mục chính")
        expect(menu.get_by_role("link", name="Kế hoạch")).to_be_visible()
        menu.get_by_role("button", name="PAPI").focus()
        page.keyboard.press("Tab")
        expect(menu.get_by_role("link", name="Bảng điều hành")).to_be_focused()
        expect(menu.get_by_role("link", name="Bảng điều hành")).to_be_visible()
        _fits(page, "without JavaScript, 320 px")
        assert_accessible_as_served(page, "menu without JavaScript")
    finally:
        context.close()
