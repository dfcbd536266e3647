"""Main path of citizens' feedback on a phone (issue 6): a citizen sends feedback with a photo and gets a code;
the ward's officer triages and answers; the chair approves and publishes; the citizen reads the answer with the
code and rates it. The answer page never shows contact details."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from chiso.citizens.models import Feedback
from chiso.citizens.tests.conftest import PNG
from chiso.citizens.tests.factories import DialogueFactory, ReceptionSessionFactory, ensure_default_categories
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from tests.browser.test_foundation import shot
from tests.browser.test_plans import login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ward(transactional_db, world, commune_officer, leader):
    ensure_default_categories()
    today = dt.date.today()
    plan = PlanFactory(
        unit=world.bach_sam,
        year=today.year,
        title=f"Kế hoạch nâng cao Chỉ số PAPI phường Bạch Sam năm {today.year}",
        status=Plan.Status.ISSUED,
        code="15/KH-UBND",
        issued_on=today - dt.timedelta(days=60),
    )
    started = today - dt.timedelta(days=60)
    for number, title, lead, days_left in (
        ("1", "Niêm yết công khai thủ tục hành chính tại Bộ phận một cửa", world.vp_bach_sam, 30),
        ("2", "Tổ chức đối thoại với Nhân dân về chỉnh trang đô thị", world.ubnd_bach_sam, -5),  # overdue
    ):
        due_on = today + dt.timedelta(days=days_left)
        TaskFactory(plan=plan, number=number, title=title, lead=[lead], start_on=started, due_on=due_on)
    ReceptionSessionFactory(
        unit=world.bach_sam, date=today + dt.timedelta(days=2), leader_name="Nguyễn Văn An", place="Trụ sở UBND phường"
    )
    DialogueFactory(unit=world.bach_sam, date=today + dt.timedelta(days=12), title="Đối thoại về chỉnh trang đô thị")
    return world


def test_feedback_from_phone_to_published_answer(page, live_server, ward, tmp_path):
    base = live_server.url
    page.set_default_timeout(20000)
    page.set_viewport_size(PHONE)
    photo = tmp_path / "den-duong.png"
    photo.write_bytes(PNG)

    # 1. A citizen opens the ward's page (the QR code at the ward office) and sends feedback with a photo
    page.goto(f"{base}/p/{ward.bach_sam.code}/")
    expect(page.get_by_text("15/KH-UBND")).to_be_visible()
    shot(page, "citizens-portal")
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    page.get_by_label("Lĩnh vực phản ánh").select_option(label="Dịch vụ công (y tế, giáo dục, điện, nước, đường sá)")
    page.get_by_label("Tiêu đề").fill("Đèn đường tổ dân phố Bình Minh bị hỏng")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Ba cột đèn trên đường vào tổ dân phố Bình Minh hỏng đã hai tuần, buổi tối đi lại rất nguy hiểm."
    )
    page.get_by_label("Ảnh hoặc tài liệu kèm theo").set_input_files(str(photo))
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Bình")
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_label("Tôi đồng ý").check()
    shot(page, "citizens-form")
    page.get_by_role("button", name="Gửi", exact=True).click()
    code = page.locator("#tracking-code").inner_text().strip()
    item = Feedback.objects.get(tracking_code=code)  # the code shown is a stored item
    assert item.attachments.count() == 1
    shot(page, "citizens-code")

    # 2. The ward's officer triages it and drafts the answer
    login(page, base, "commune_officer")
    page.goto(f"{base}/citizens/inbox/")
    page.get_by_role("link", name=code).click()
    assert page.locator("#contact").inner_text().startswith("Nguyễn Văn Bình")
    page.get_by_role("button", name="Thụ lý", exact=True).click()
    page.get_by_label("Nội dung trả lời").fill(
        "Ngày 20/3, Văn phòng - Thống kê phối hợp Điện lực thị xã đã thay bóng ba cột đèn. Cảm ơn ông/bà đã phản ánh."
    )
    page.get_by_role("button", name="Trình phê duyệt").click()
    shot(page, "citizens-officer")

    # 3. The ward's chair approves and publishes
    login(page, base, "leader")
    page.goto(f"{base}/citizens/feedback/{item.pk}/")
    page.get_by_role("button", name="Duyệt và công khai").click()
    item.refresh_from_db()
    assert item.status == Feedback.Status.ANSWERED

    # 4. The citizen (no account) reads the answer with the code and rates it
    page.context.clear_cookies()
    page.goto(f"{base}/feedback/")
    page.get_by_label("Mã tra cứu").fill(code.lower())
    page.get_by_role("button", name="Tra cứu").click()
    assert "thay bóng ba cột đèn" in page.locator("#answer").inner_text()
    body = page.content()
    for secret in ("Nguyễn Văn Bình", "0912345678", "/citizens/attachments/"):
        assert secret not in body
    page.get_by_label("5").check()
    page.get_by_label("Ý kiến thêm").fill("Đã sửa nhanh, cảm ơn phường.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn ông/bà đã đánh giá.")).to_be_visible()
    shot(page, "citizens-answer")
    item.refresh_from_db()
    assert item.rating == 5
