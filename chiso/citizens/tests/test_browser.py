"""Issue 15 in headless Chromium, as a citizen on a phone and as the ward's officers: the current ward's portal takes
feedback into an answerable inbox; a legacy ward's portal sends it to its successor; a 429 keeps the text; a double
submission stores one item; a wrong code offers the look-up; the subject is published only as the leader approved
it. Every page passes axe-core; screenshots go to docs/img/ (docs/citizens.md)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.citizens import services
from chiso.citizens.models import Feedback
from chiso.citizens.tests.conftest import PNG
from chiso.citizens.tests.factories import contact, ensure_default_categories, submitted
from chiso.units.models import AdministrativeUnit, Agency, UnitSuccession
from chiso.units.tests.factories import AgencyFactory, UnitFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_plans import login as log_in
from tests.screenshots import SHOTS

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    """Screenshot into docs/img and an axe-core check of what this app renders (``main``)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"citizens-{name}.png"), full_page=True)
    assert_accessible(page)  # the whole page, WCAG 2 A/AA (tests/browser/axe.py)


@pytest.fixture
def wards(transactional_db, world, commune_officer, leader, settings):
    """Bạch Sam as before (its officer and chair); Phùng Chí Kiên merged into phường Đường Hào on 1/7/2025, whose
    committee office has an officer."""
    settings.RATE_LIMIT_SUBMIT = 1000
    ensure_default_categories()
    province = UnitFactory(era="current", code="33", name="Tỉnh Hưng Yên", level=AdministrativeUnit.Level.PROVINCE)
    duong_hao = UnitFactory(
        era="current", code="12133", name="Phường Đường Hào", level=AdministrativeUnit.Level.COMMUNE, parent=province
    )
    office = AgencyFactory(name="UBND phường Đường Hào", unit=duong_hao, kind=Agency.Kind.COMMITTEE)
    officer = UserFactory(username="can_bo_duong_hao", full_name="Đinh Thị Yến")
    MembershipFactory(user=officer, agency=office, role=Membership.Role.OFFICER)
    UnitSuccession.objects.create(predecessor=world.phung_chi_kien, successor=duong_hao)
    world.duong_hao = duong_hao
    return world


def fill_form(page, subject, text):
    page.get_by_label("Lĩnh vực phản ánh").select_option(label="Thủ tục hành chính")
    page.get_by_label("Tiêu đề").fill(subject)
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(text)


def test_legacy_ward_sends_to_its_successor_and_lands_in_an_answerable_inbox(page, live_server, wards):
    base = live_server.url
    page.set_default_timeout(20000)
    page.set_viewport_size(PHONE)
    # 1. From the public home page, one box: the ward's name typed without accents leads to its portal
    page.goto(f"{base}/")
    page.get_by_label("Tìm xã, phường, tỉnh (tên có hoặc không dấu, hoặc mã đơn vị)").fill("duong hao")
    page.get_by_role("button", name="Mở trang").click()
    page.wait_for_url(f"{base}/p/12133/")
    shot(page, "current-ward")
    # 2. The old ward's poster still points to /p/<code>/: the page says where the ward went
    page.goto(f"{base}/p/{wards.phung_chi_kien.code}/")
    notice = page.locator("#merged-notice")
    assert "đã sáp nhập vào Phường Đường Hào" in notice.inner_text()
    assert notice.inner_text().startswith("Từ 01/7/2025")
    shot(page, "legacy-ward")
    # 3. Its form sends the feedback to the successor
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    assert "Phường Đường Hào tiếp nhận" in page.locator("#intake-notice").inner_text()
    fill_form(page, "Hồ sơ đất đai quá hẹn", "Hồ sơ nộp từ tháng trước tại bộ phận một cửa, đến nay chưa có kết quả.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    code = page.locator("#tracking-code").inner_text().strip()
    item = Feedback.objects.get(tracking_code=code)
    assert item.unit == wards.duong_hao and item.agency.name == "UBND phường Đường Hào"
    # 4. …where the ward's officer finds it in the inbox
    log_in(page, base, "can_bo_duong_hao")
    page.goto(f"{base}/citizens/inbox/")
    expect(page.get_by_role("link", name=code)).to_be_visible()
    assert not services.unowned().exists()


def test_nothing_a_citizen_types_is_lost(page, live_server, wards, settings, tmp_path):
    base = live_server.url
    page.set_default_timeout(20000)
    page.set_viewport_size(PHONE)
    form_url = f"{base}/p/{wards.bach_sam.code}/feedback/"
    page.goto(form_url)
    # a text over the limit is counted and said, never cut
    long_text = "Đường ngõ 5 ngập sâu mỗi khi mưa. " * 160
    fill_form(page, "Ngập úng ngõ 5", long_text)
    assert page.get_by_label("Nội dung phản ánh, kiến nghị").input_value() == long_text
    counter = page.locator("#text-counter")
    assert "ký tự" in counter.inner_text() and "Vượt quá" in counter.inner_text()
    # a photo too big is refused in the browser, before any upload
    big = tmp_path / "anh-lon.png"
    big.write_bytes(PNG + b"\0" * (6 * 1024 * 1024))
    page.get_by_label("Ảnh hoặc tài liệu kèm theo").set_input_files(str(big))
    assert "anh-lon.png" in page.locator("#files-check").inner_text()
    assert page.get_by_label("Ảnh hoặc tài liệu kèm theo").input_value() == ""
    shot(page, "form-checks")

    # a double submission (the same form posted twice: a double tap, a resent request) stores one item and
    # answers both with its code (two POSTs racing in the same instant: test_nothing_lost, on PostgreSQL)
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Đường ngõ 5 ngập sâu mỗi khi mưa.")
    urls = page.evaluate(
        """async () => {
            const form = document.querySelector("form[data-feedback]");
            const post = () => fetch(location.href, {method: "POST", body: new FormData(form)});
            const first = await post();
            const second = await post();
            return [first.url, second.url];
        }"""
    )
    assert Feedback.objects.count() == 1 and urls[0] == urls[1] and "/feedback/PA-" in urls[0]

    # the limit counts stored items: past it, 429 with the text kept
    settings.RATE_LIMIT_SUBMIT = 1
    page.goto(form_url)
    fill_form(page, "Đèn đường hỏng", "Ông Bình đã gõ một đoạn dài về đèn đường hỏng ở ngõ 7.")
    response_text = "Ông Bình đã gõ một đoạn dài về đèn đường hỏng ở ngõ 7."
    page.get_by_role("button", name="Gửi", exact=True).click()
    assert page.get_by_label("Nội dung phản ánh, kiến nghị").input_value() == response_text
    assert "ông/bà" in page.locator(".alert.danger").inner_text()
    assert Feedback.objects.count() == 1
    shot(page, "rate-limited")

    # a wrong code offers the look-up again, with the portal's link
    code = Feedback.objects.get().tracking_code
    page.goto(f"{base}/feedback/PA-XXXX-XXX9/")
    expect(page.get_by_role("heading", name="Không có phản ánh nào mang mã này")).to_be_visible()
    shot(page, "wrong-code")
    page.get_by_label("Mã tra cứu").fill(code.lower())
    page.get_by_role("button", name="Tra cứu").click()
    assert page.locator("#tracking-code").inner_text().strip() == code


def test_the_subject_is_published_only_as_approved(page, live_server, wards, commune_officer, leader):
    base = live_server.url
    page.set_default_timeout(20000)
    item = submitted(
        wards.bach_sam,
        subject="Ông Nguyễn Văn Bình số 12 ngõ 5 bị cấp sai sổ đỏ",
        text="Giấy chứng nhận ghi sai diện tích.",
        received_on=dt.date.today(),
        **contact("Nguyễn Văn Bình", "0912345678"),
    )
    # the officer accepts it and writes the answer with a public title of their own
    log_in(page, base, "commune_officer")
    page.goto(f"{base}/citizens/feedback/{item.pk}/")
    page.get_by_role("button", name="Thụ lý", exact=True).click()
    page.get_by_label("Tiêu đề công khai").fill("Sai diện tích trên giấy chứng nhận ở ngõ 5")
    page.get_by_label("Nội dung trả lời").fill("Ngày 20/3, Địa chính - Xây dựng đã đính chính giấy chứng nhận.")
    page.get_by_role("button", name="Trình phê duyệt").click()
    # the chair edits the title before publishing
    log_in(page, base, "leader")
    page.goto(f"{base}/citizens/feedback/{item.pk}/")
    page.get_by_label("Tiêu đề công khai").fill("Đính chính diện tích trên giấy chứng nhận")
    shot(page, "approve-title")
    page.get_by_role("button", name="Duyệt và công khai").click()
    # the public reads the approved title, never the citizen's subject or contact details
    page.context.clear_cookies()
    page.goto(f"{base}/p/{wards.bach_sam.code}/answers/")
    body = page.content()
    assert "Đính chính diện tích trên giấy chứng nhận" in body
    for secret in ("Nguyễn Văn Bình", "0912345678", "số 12 ngõ 5", "Sai diện tích trên giấy"):
        assert secret not in body
    shot(page, "published-title")
