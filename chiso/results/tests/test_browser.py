"""Issue 21 in headless Chromium: a leader opens Bà Rịa - Vũng Tàu's profile and trend and reads the national
band, the median, the ranks and the published group; an administrator enters a year's published groups with a
preview and loads a PCI year from a spreadsheet, which then shows on the profile. axe-core checks every page."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from chiso.accounts.tests.factories import UserFactory
from chiso.indices.models import Score
from chiso.results.models import PublishedGroups
from chiso.results.tests.conftest import build_results
from chiso.units.models import AdministrativeUnit
from tests.browser.axe import assert_accessible
from tests.browser.test_foundation import shot
from tests.browser.test_plans import PASSWORD, login

pytestmark = pytest.mark.browser


def accessible(page):
    """axe-core finds nothing in what this app renders (``main``: the shared navigation is checked by its own
    tests)."""
    assert_accessible(page)  # the whole page, WCAG 2 A/AA (tests/browser/axe.py)


@pytest.fixture
def leader_world(transactional_db):
    build_results()
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    admin.set_password(PASSWORD)
    admin.save()
    return admin


def pci_file(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Chỉ số Năng lực cạnh tranh cấp tỉnh (PCI) 2023"])
    sheet.append(["STT", "Tỉnh, thành phố", "Điểm PCI"])
    provinces = AdministrativeUnit.objects.legacy().provinces().order_by("code")
    for n, unit in enumerate(provinces, 1):
        sheet.append([n, unit.name, round(58 + (int(unit.code) * 7 % 23) * 0.5, 2)])
    path = tmp_path / "pci-2023.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_profile_and_trend_against_the_nation_groups_and_pci(page, live_server, leader_world, tmp_path):
    base = live_server.url
    page.set_default_timeout(30000)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. The profile of Bà Rịa - Vũng Tàu, 2022: the published group, said so, and the total against the nation
    page.goto(f"{base}/results/provinces/77/?year=2022")
    card = page.locator("#profile-total")
    assert page.locator("[data-group-basis]").get_attribute("data-group-basis") == "published"
    assert "nhóm theo công bố của papi" in card.inner_text().lower()
    chart = card.locator("svg.trend-chart")
    expect(chart.locator("polygon.national-band")).to_have_count(2)  # 2011–2017 and 2018–2022 apart
    expect(chart.locator("polyline.national-median")).to_have_count(2)
    assert chart.locator("text.rank-label").count() >= 12  # a rank beside every point
    assert chart.locator("text.axis-value").count() >= 6  # labelled values on fitted axes
    assert "hạng" in chart.get_attribute("aria-label")  # the text alternative
    card.locator("details.chart-data summary").click()
    assert card.locator("details.chart-data tbody tr").count() >= 12  # the data behind the chart
    accessible(page)
    shot(page, "results-profile-national")

    # 2. Its trend: every dimension against the nation, sub-dimensions as small multiples
    page.get_by_role("link", name="Diễn biến từ năm 2011").click()
    page.wait_for_url("**/results/provinces/77/trend/")
    total = page.locator("#trend-total svg")
    assert total.locator("polygon.national-band").count() == 2 and total.locator("text.rank-label").count() >= 12
    expect(total.locator("polyline:not(.national-median)")).to_have_count(2)  # the province's line, never joined
    assert page.locator(".small-multiples svg").count() >= 28
    accessible(page)
    shot(page, "results-trend-national")

    # 3. An administrator enters the groups PAPI published for 2021, checks the preview, saves
    login(page, base, "quantri")
    page.goto(f"{base}/results/groups/?year=2021")
    assert "2022" in page.locator("#groups-overview").inner_text()
    page.get_by_label("Nhóm theo điểm tổng hợp do PAPI công bố").fill("15 / 15 / 15 / 15")
    page.get_by_label("Nguồn công bố").fill("Báo cáo PAPI 2021")
    page.get_by_role("button", name="Chỉ kiểm tra").click()
    expect(page.locator("#groups-preview [data-size]")).to_have_text(["15", "15", "15", "15"])
    accessible(page)
    shot(page, "results-groups")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/results/groups/")
    assert PublishedGroups.objects.filter(year=2021).exists()

    # 4. … and loads the PCI of 2023 from a spreadsheet: preview, load, then it is on the profile
    page.goto(f"{base}/results/import/")
    page.get_by_label("Chỉ số").select_option("PCI")
    page.get_by_label("Năm").fill("2023")
    page.get_by_label("Tệp kết quả (.xlsx hoặc .csv)").set_input_files(str(pci_file(tmp_path)))
    page.get_by_role("button", name="Chỉ kiểm tra").click()
    expect(page.locator("#import-preview tbody tr")).to_have_count(63)
    page.get_by_label("Tệp kết quả (.xlsx hoặc .csv)").set_input_files(str(pci_file(tmp_path)))
    page.get_by_role("button", name="Nạp").click()
    page.wait_for_url("**/results/import/")
    assert Score.objects.filter(index__code="PCI", year=2023).count() == 63
    page.goto(f"{base}/results/provinces/77/?year=2023")
    row = page.locator('#other-indices tr[data-index="PCI"]')
    assert "2023" in row.inner_text() and "/63" in row.inner_text()
    accessible(page)
    shot(page, "results-other-indices")
