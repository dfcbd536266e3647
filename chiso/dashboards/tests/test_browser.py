"""The acceptance path in headless Chromium: the province's leader opens the dashboard from the home panel,
drills from the province to the town to the ward and on to an overdue task, then opens the town's scorecard and
exports it (.xlsx opened back with openpyxl, the .docx annexes with python-docx). Every page passes axe-core and
shows no English; screenshots go to docs/img/."""

import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.dashboards.recount import recount_year
from tests.browser.axe import assert_accessible
from tests.browser.vietnamese import PAGE_TEXT, english_in
from tests.screenshots import SHOTS

from .factories import YEAR, build, scorecard

pytestmark = pytest.mark.browser
PASSWORD = "matkhau-thu-nghiem"


def shot(page, name):
    """Screenshot into docs/img, the page checked by axe-core (WCAG 2 A/AA) and for English left on it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dashboards-{name}.png"), full_page=True)
    assert_accessible(page, name)
    assert english_in(page.evaluate(PAGE_TEXT)) == []


@pytest.fixture
def counted(transactional_db, world):
    leader = UserFactory(username="province_leader", full_name="Trần Văn Hùng")
    MembershipFactory(user=leader, agency=world.ubnd_tinh, role=Membership.Role.LEADER)
    build(world)
    card = scorecard(world)
    recount_year(YEAR, today=timezone.localdate())
    recount_year(timezone.localdate().year, today=timezone.localdate())
    return {"world": world, "scorecard": card}


def test_leader_drills_down_to_an_overdue_task_and_exports_the_scorecard(page, live_server, counted):
    page.set_default_timeout(20000)
    url, world = live_server.url, counted["world"]
    page.goto(f"{url}/login/")
    page.get_by_label("Tên đăng nhập").fill("province_leader")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")

    # given: the home panel of the province's dashboard
    expect(page.get_by_role("heading", name="Bảng điều hành — Tỉnh Hưng Yên")).to_be_visible()
    # when: the leader opens the province's dashboard for 2025
    page.goto(f"{url}/dashboards/{world.hung_yen.pk}/?year={YEAR}")
    expect(page.get_by_role("heading", name="Bảng điều hành — Tỉnh Hưng Yên")).to_be_visible()
    expect(page.locator("#figures-tasks [data-figure='tasks.overdue']")).to_have_text("3")
    shot(page, "province")
    # then: drills to the town, then to the ward
    page.locator("#units-below").get_by_role("link", name="Thị xã Mỹ Hào").click()
    expect(page.get_by_role("heading", name="Bảng điều hành — Thị xã Mỹ Hào")).to_be_visible()
    page.locator("#units-below").get_by_role("link", name="Phường Bạch Sam").click()
    expect(page.get_by_role("heading", name="Bảng điều hành — Phường Bạch Sam")).to_be_visible()
    shot(page, "commune")
    # and to the overdue tasks, then one of them
    page.locator("#figures-tasks [data-figure='tasks.overdue']").click()
    expect(page.get_by_role("heading", name="Chưa hoàn thành, quá hạn")).to_be_visible()
    expect(page.locator("#records-count")).to_have_attribute("data-count", "3")
    shot(page, "records")
    page.locator("#records tbody a").first.click()
    page.wait_for_url("**/plans/tasks/**")

    # when: the town's scorecard, exported
    page.goto(f"{url}/dashboards/scorecards/{counted['scorecard'].pk}/?year={YEAR}")
    expect(page.get_by_role("heading", name="Chấm điểm thi đua thị xã")).to_be_visible()
    expect(page.locator("#results-units tbody tr")).to_have_count(2)
    shot(page, "scorecard")
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    names = [sheet.cell(row, 3).value for row in range(5, sheet.max_row + 1)]
    assert "Phường Phùng Chí Kiên" in names and "Phường Bạch Sam" in names
    assert str(sheet["A1"].value).startswith("KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2025")
    with page.expect_download() as download:
        page.locator("#export-docx").click()
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(Path(download.value.path()).read_bytes())).paragraphs)
    assert "Phụ lục I" in text and "DANH SÁCH ĐƠN VỊ CẦN NHẮC NHỞ NĂM 2025" in text
