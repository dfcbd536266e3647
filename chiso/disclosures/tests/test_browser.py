"""The acceptance path in headless Chromium: the ward must post its poor-household list; the officer records it at
the committee office and two residential groups with photos; one group's copy comes down after 10 of the 30 days;
compliance shows 2 on time and 1 taken down early; a citizen sees the postings on the portal and reports one
missing, which reaches the coordinator's inbox. Every page passes axe-core; screenshots go to docs/img/."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chiso.citizens.models import Feedback, FeedbackCategory
from chiso.core.tests.test_filetypes import JPEG
from chiso.disclosures import services
from chiso.disclosures.models import Duty
from chiso.disclosures.reference import load_disclosure_types
from tests.browser.axe import assert_accessible
from tests.browser.test_plans import login as log_in
from tests.screenshots import SHOTS

pytestmark = pytest.mark.browser


def shot(page, name):
    """Screenshot into docs/img and the whole page checked by axe-core against WCAG 2 A/AA (tests/browser/axe.py)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"disclosures-{name}.png"), full_page=True)
    assert_accessible(page, name)


@pytest.fixture
def ward(transactional_db, world, commune_officer, settings, tmp_path):
    settings.RATE_LIMIT_SUBMIT = 1000
    load_disclosure_types()
    FeedbackCategory.objects.get_or_create(
        code="cong-khai-minh-bach", defaults={"name": "Công khai, minh bạch", "dimension_code": "D2"}
    )
    from chiso.accounts.models import Membership
    from chiso.accounts.tests.factories import MembershipFactory, UserFactory

    coordinator = UserFactory(username="ward_coordinator", full_name="Nguyễn Thị Hương")
    MembershipFactory(user=coordinator, agency=world.vp_bach_sam, role=Membership.Role.COORDINATOR)
    # The year's list is due in five days (the review results were approved 20 days ago).
    today = timezone.localdate()
    services.ensure_duties([world.bach_sam], today.year)
    Duty.objects.filter(unit=world.bach_sam, type__code="ho-ngheo", key=str(today.year)).update(
        trigger_on=today - dt.timedelta(days=20), due_on=today + dt.timedelta(days=5)
    )
    photo = tmp_path / "bang-tin.jpg"
    photo.write_bytes(JPEG)
    return {"world": world, "today": today, "photo": photo}


def test_poor_household_list_posted_checked_and_reported(page, browser, live_server, ward):
    page.set_default_timeout(20000)
    url, today, world = live_server.url, ward["today"], ward["world"]
    start = today - dt.timedelta(days=12)
    d = lambda day: f"{day:%d/%m/%Y}"  # noqa: E731

    # given: the ward's officer sees what the ward must post this year
    log_in(page, url, "commune_officer")
    page.goto(f"{url}/disclosures/?period={today.year}")
    expect(page.get_by_role("heading", name="Công khai, niêm yết — Phường Bạch Sam")).to_be_visible()
    shot(page, "home")
    page.get_by_role("link", name="Danh sách hộ nghèo, hộ cận nghèo").click()
    expect(page.get_by_text("Nghị định số 07/2021/NĐ-CP")).to_be_visible()
    page.get_by_role("link", name="Ghi nhận việc niêm yết").click()

    # when: they record the committee office and two residential groups, each with a dated photo; one group's copy
    # came down after 10 of the 30 days
    rows = [
        ("committee_office", "Bảng tin trụ sở UBND phường", None, ""),
        ("village_house", "Nhà văn hóa TDP Đồng Xá", None, ""),
        ("village_house", "Nhà văn hóa TDP Phúc Lai", start + dt.timedelta(days=9), "Bảng tin bị hỏng do mưa bão"),
    ]
    for index, (kind, name, end, reason) in enumerate(rows):
        page.locator(f"#id_place-{index}-kind").select_option(kind)
        page.locator(f"#id_place-{index}-name").fill(name)
        page.locator(f"#id_place-{index}-posted_from").fill(d(start))
        if end:
            page.locator(f"#id_place-{index}-posted_to").fill(d(end))
            page.locator(f"#id_place-{index}-reason").fill(reason)
        page.locator(f"#id_place-{index}-photo").set_input_files(str(ward["photo"]))
        page.locator(f"#id_place-{index}-taken_on").fill(d(start))
    shot(page, "posting-form")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Xác nhận đã niêm yết").click()
    expect(page.locator("#posting-status")).to_have_text("Đã xác nhận")
    expect(page.get_by_text("Gỡ xuống trước thời hạn").first).to_be_visible()
    shot(page, "posting")

    # then: compliance shows 2 on time and 1 taken down early
    page.goto(f"{url}/disclosures/compliance/?unit={world.bach_sam.pk}&period={today.year}")
    assert page.locator("[data-count=on_time]").inner_text() == "2"
    assert page.locator("[data-count=taken_down_early]").inner_text() == "1"
    page.locator("[data-count=taken_down_early]").click()
    expect(page.locator("#lines").get_by_text("Nhà văn hóa TDP Phúc Lai")).to_be_visible()
    shot(page, "compliance")

    # and: a citizen sees the postings on the ward's portal page and says one is not on its board
    citizen = browser.new_page()
    citizen.set_default_timeout(20000)
    citizen.goto(f"{url}/p/{world.bach_sam.code}/")
    section = citizen.locator("section#disclosures")
    expect(section.get_by_text("Nhà văn hóa TDP Đồng Xá")).to_be_visible()
    expect(section.get_by_text("Nhà văn hóa TDP Phúc Lai")).to_have_count(0)  # down since day 10
    shot(citizen, "portal")
    section.locator("li", has_text="Nhà văn hóa TDP Đồng Xá").get_by_role(
        "link", name="Không thấy niêm yết tại đây?"
    ).click()
    citizen.get_by_label("Điều ông/bà thấy (không bắt buộc)").fill(
        "Sáng nay tôi xem bảng tin nhà văn hóa, không thấy danh sách."
    )
    shot(citizen, "not-posted")
    citizen.get_by_role("button", name="Gửi").click()
    item = Feedback.objects.get()
    assert item.tracking_code in citizen.content()

    # and: it reaches the coordinator's inbox
    coordinator = browser.new_page()
    coordinator.set_default_timeout(20000)
    log_in(coordinator, url, "ward_coordinator")
    coordinator.goto(f"{url}/citizens/inbox/")
    expect(coordinator.get_by_text("Không niêm yết đúng nơi quy định").first).to_be_visible()
    coordinator.screenshot(path=str(SHOTS / "disclosures-inbox.png"), full_page=True)
