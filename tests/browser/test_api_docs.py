"""The API reference (/api/v1/docs/, Swagger UI) passes axe-core (WCAG 2 A/AA) as it opens, with an operation
expanded, after "Try it out" has run it with the official's session, and with the authorization dialog open:
contrast from static/css/swagger.css, no deep links inside the operation buttons (SWAGGER_UI_SETTINGS), names
from static/js/swagger-a11y.js."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.test_plans import login

pytestmark = pytest.mark.browser


def settled(page):
    """Swagger UI's buttons fade between states (transition .3s): axe-core reads colours once they are final."""
    page.wait_for_function("() => document.getAnimations().length === 0")


def test_api_reference_is_accessible(page, live_server, transactional_db, world, district_coordinator):
    page.set_default_timeout(15000)
    login(page, live_server.url, "district_coordinator")

    # given: the reference, its operations rendered
    page.goto(f"{live_server.url}/api/v1/docs/")
    operation = page.locator("#operations-agencies-agencies_list")
    expect(operation.locator(".opblock-summary-control")).to_be_visible()
    expect(page.locator(".opblock-summary-control a[href]")).to_have_count(0)  # the path is no link inside it
    assert_accessible(page, "api-docs")

    # when: one operation is expanded
    operation.locator(".opblock-summary-control").click()
    expect(operation.get_by_role("button", name="Try it out")).to_be_visible()
    expect(operation.locator("tr[data-param-name='is_active'] select")).to_have_accessible_name("is_active")
    settled(page)
    assert_accessible(page, "api-docs, an operation expanded")

    # when: the official tries it out, with the session the page was opened with
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table .response .response-col_status")).to_have_text("200")
    expect(operation.locator(".live-responses-table .highlight-code pre")).to_contain_text('"count"')
    settled(page)
    assert_accessible(page, "api-docs, an operation tried out")

    # when: the authorization dialog is open
    page.locator(".scheme-container .btn.authorize").click()
    dialog = page.locator(".modal-ux")
    expect(dialog.locator(".close-modal")).to_have_accessible_name("Close")
    settled(page)
    assert_accessible(page, "api-docs, authorization dialog")
