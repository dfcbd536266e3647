"""The Content-Security-Policy in a real browser: nothing on the pages is refused, and what used inline handlers
(the role switcher) still works from static/js/chiso.js; the API docs (Swagger UI) render."""

import pytest

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def refusals(page):
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def test_pages_work_under_the_policy(page, live_server, transactional_db, world, commune_officer):
    page.set_default_timeout(15000)
    MembershipFactory(user=commune_officer, agency=world.vp_pck, role=Membership.Role.OFFICER)
    refused = refusals(page)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("commune_officer")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    # the role switcher sends its form on change (was an inline onchange handler)
    page.locator("#user-menu").click()
    switch = page.locator("#membership-switch")
    other = switch.locator("option:not([selected])").first.get_attribute("value")
    with page.expect_navigation():
        switch.select_option(other)
    page.locator("#user-menu").click()
    assert page.locator("#membership-switch").input_value() == other

    page.goto(f"{live_server.url}/units/?q=bach")
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Chỉ Số API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"  # Swagger UI speaks English, and says so
    assert refused == []
