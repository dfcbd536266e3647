"""The unit and agency pickers in headless Chromium (issue 14): "bach sam" finds Phường Bạch Sam, an official code
finds its unit, a wrong one finds nothing and says so; agencies grouped by unit; the same form without JavaScript.
Each page is checked with axe-core; screenshots go to docs/img/ for docs/daily-work.md."""

import pytest
from playwright.sync_api import expect

from chiso.units.models import Agency
from tests.browser.axe import assert_accessible
from tests.browser.test_foundation import shot
from tests.browser.test_plans import login

pytestmark = pytest.mark.browser


def check_accessibility(page):
    """No axe-core violation in what the page itself renders (``main``; the menu bar is the foundation's)."""
    assert_accessible(page)  # the whole page, WCAG 2 A/AA (tests/browser/axe.py)


def _options(page, select):
    return page.locator(f"{select} option").all_inner_texts()


def test_unit_and_agency_pickers(page, live_server, transactional_db, world, district_coordinator):
    page.set_default_timeout(15000)
    base = live_server.url
    # given: the town's coordinator adds an agency
    login(page, base, "district_coordinator")
    page.goto(f"{base}/units/agencies/add/")
    search = page.get_by_label("Tìm đơn vị theo tên hoặc mã")
    # then: without typing, the select offers the relevant few: the town and its wards, not the whole country
    assert "Phường Bạch Sam — Thị xã Mỹ Hào, Hưng Yên (trước 1/7/2025)" in _options(page, "#id_unit")
    assert not any("Vĩnh Châu" in o for o in _options(page, "#id_unit"))

    # when: they type the name without accents
    search.fill("bach sam")
    page.wait_for_selector(f'#id_unit option[value="{world.bach_sam.pk}"]:checked', state="attached")
    # then: Phường Bạch Sam is found and chosen, with its town and province
    assert page.locator("#id_unit option:checked").inner_text() == (
        "Phường Bạch Sam — Thị xã Mỹ Hào, Hưng Yên (trước 1/7/2025)"
    )
    shot(page, "picker-unit-name")
    check_accessibility(page)

    # when: they type an official code
    search.fill(world.phung_chi_kien.code)
    page.wait_for_selector(f'#id_unit option[value="{world.phung_chi_kien.pk}"]:checked', state="attached")

    # when: they type a code that is no unit's (the database id of Bạch Sam, say)
    search.fill("747")
    page.wait_for_selector("#id_unit option:has-text('“747”')", state="attached")
    # then: nothing is found, and the select says so
    assert _options(page, "#id_unit") == ["Không có đơn vị nào có mã hoặc tên “747” trong phạm vi của đồng chí."]
    shot(page, "picker-unit-not-found")

    # and: the agency picker groups agencies under their unit
    search.fill("bach sam")
    page.wait_for_selector(f'#id_unit option[value="{world.bach_sam.pk}"]:checked', state="attached")
    page.get_by_label("Tìm cơ quan, đơn vị theo tên").fill("van phong")
    page.wait_for_selector("#id_parent option:has-text('Tìm thấy 2 kết quả')", state="attached")
    groups = page.locator("#id_parent optgroup").evaluate_all("els => els.map(e => e.label)")
    assert groups == [
        "Phường Bạch Sam — Thị xã Mỹ Hào, Hưng Yên (trước 1/7/2025)",
        "Phường Phùng Chí Kiên — Thị xã Mỹ Hào, Hưng Yên (trước 1/7/2025)",
    ]
    page.locator("#id_parent").select_option(str(world.vp_bach_sam.pk))
    page.get_by_label("Tên", exact=True).fill("Bộ phận Một cửa")
    page.get_by_label("Loại", exact=True).select_option("office")
    page.get_by_role("button", name="Lưu").click()
    saved = Agency.objects.get(name="Bộ phận Một cửa")
    assert saved.unit == world.bach_sam and saved.parent == world.vp_bach_sam


def test_unit_picker_without_javascript(browser, live_server, transactional_db, world, district_coordinator):
    # given: a browser with JavaScript off (the search box is sent with the form)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server.url, "district_coordinator")
    page.goto(f"{live_server.url}/units/agencies/add/")
    page.get_by_label("Tên", exact=True).fill("Bộ phận Một cửa")
    page.get_by_label("Loại", exact=True).select_option("office")
    # when: a wrong code is typed and the form sent
    page.get_by_label("Tìm đơn vị theo tên hoặc mã").fill("747")
    page.get_by_role("button", name="Lưu").click()
    # then: a clear message, and what was typed is kept
    expect(page.get_by_text("Không có đơn vị nào có mã hoặc tên “747”")).to_be_visible()
    assert page.get_by_label("Tìm đơn vị theo tên hoặc mã").input_value() == "747"
    shot(page, "picker-no-javascript", javascript=False)
    # when: the ward's code is typed instead
    page.get_by_label("Tìm đơn vị theo tên hoặc mã").fill(world.bach_sam.code)
    page.get_by_role("button", name="Lưu").click()
    # then: the agency is created in the ward
    assert Agency.objects.get(name="Bộ phận Một cửa").unit == world.bach_sam
    context.close()
