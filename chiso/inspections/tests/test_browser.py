"""Issue 17's acceptance path in headless Chromium: the town inspector plans an inspection of Bạch Sam's one-stop
counter, records a finding against a checklist item, assigns a remedy of 10 working days; the commune reports it
done with a photo, the inspector does not accept it, the commune reports again, it is verified; the conclusion is
approved by the town's chair, exported as .docx (opened back) and published on the portal; the consolidated report
of the period shows the inspection results. Screenshots go to docs/img/inspections-*.png."""

import datetime as dt

import pytest
from docx import Document
from playwright.sync_api import expect

from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.inspections.themes import load_themes
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting import services as reporting
from chiso.reporting.tests.factories import ad_hoc_period
from tests.browser.test_foundation import shot
from tests.browser.test_plans import login

pytestmark = pytest.mark.browser

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def town(transactional_db, world, inspector, commune_officer, district_coordinator, admin_user):
    load_themes()  # an earlier transactional test on this worker emptied what migration 0002 loaded
    committee = world.my_hao.agencies.create(name="UBND thị xã Mỹ Hào", kind="committee")
    MembershipFactory(
        user=UserFactory(username="town_chair", full_name="Nguyễn Văn Dũng"), agency=committee, role="leader"
    )
    today = dt.date.today()
    plan = PlanFactory(
        unit=world.my_hao,
        year=today.year,
        status=Plan.Status.ISSUED,
        code="03/KH-UBND",
        title="Kế hoạch nâng cao Chỉ số PAPI thị xã Mỹ Hào",
    )
    TaskFactory(plan=plan, lead=[world.thanh_tra])
    period = ad_hoc_period(
        plan,
        actor=admin_user,
        recipient=world.phong_noi_vu,
        label="Kết quả kiểm tra",
        cutoff_start=dt.date(today.year, 1, 1),
        cutoff_end=dt.date(today.year, 12, 31),
        due_on=dt.date(today.year, 12, 31),
    )
    return {"period": period}


def report_done(page, result, photo):
    """The commune's officer, on the remedy's page, reports it done with the photo as evidence."""
    page.get_by_role("link", name="Báo cáo hoàn thành").click()
    page.get_by_label("Kết quả thực hiện").fill(result)
    page.get_by_label("Tệp minh chứng").set_input_files(str(photo))
    page.get_by_role("button", name="Gửi").click()


def verify(page, base, inspection_url, verdict):
    """The inspector opens the remedy's verification from the inspection and picks the verdict (not saved yet)."""
    login(page, base, "inspector")
    page.goto(inspection_url)
    page.get_by_role("link", name="Xác nhận", exact=True).click()
    page.get_by_label(verdict).check()


def test_inspection_loop(page, live_server, town, world, tmp_path):
    base = live_server.url
    page.set_default_timeout(20000)
    photo = tmp_path / "quay-mot-cua.png"
    photo.write_bytes(PNG)

    # 1. The town inspector drafts the inspection plan and plans the inspection of the one-stop counter
    login(page, base, "inspector")
    page.goto(f"{base}/inspections/plans/add/")
    page.get_by_label("Đơn vị").select_option(label="Thị xã Mỹ Hào")
    page.get_by_label("Tiêu đề").fill("Kế hoạch kiểm tra công tác cải thiện Chỉ số PAPI")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Thêm cuộc kiểm tra").click()
    page.get_by_label("Chuyên đề").select_option(label="Giải quyết thủ tục hành chính tại Bộ phận một cửa")
    page.get_by_label("Đơn vị được kiểm tra", exact=True).select_option(label="Phường Bạch Sam")
    page.get_by_label("Cơ quan, đơn vị được kiểm tra").select_option(label="Văn phòng - Thống kê — Phường Bạch Sam")
    page.get_by_label("Tháng dự kiến").fill("3")
    shot(page, "inspections-plan")
    page.get_by_role("button", name="Lưu").click()

    # 2. The decision and the team
    page.get_by_role("link", name="Nhập quyết định kiểm tra").click()
    today = dt.date.today().strftime("%d/%m/%Y")
    page.get_by_label("Số quyết định").fill("12/QĐ-UBND")
    page.get_by_label("Từ ngày").fill(today)
    page.get_by_label("Đến ngày").fill(today)
    page.get_by_label("Trưởng đoàn", exact=True).fill("Bùi Văn Nam")
    page.get_by_role("button", name="Lưu quyết định").click()
    expect(page.get_by_text("Đang kiểm tra").first).to_be_visible()

    # 3. A finding against the first checklist item, and its remedy of 10 working days
    page.get_by_role("link", name="Tồn tại, hạn chế", exact=True).first.click()
    page.get_by_label("Tồn tại, hạn chế", exact=True).fill("Chưa niêm yết đầy đủ mức phí, lệ phí chứng thực.")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_label("Kiến nghị khắc phục", exact=True).fill("Niêm yết đầy đủ mức phí, lệ phí chứng thực.")
    page.get_by_label("Thời hạn (ngày làm việc)").fill("10")
    page.get_by_label("Minh chứng cần nộp").fill("Ảnh chụp bảng niêm yết")
    page.get_by_role("button", name="Giao", exact=True).click()
    expect(page.get_by_text("10 ngày làm việc")).to_be_visible()
    inspection_url = page.url.split("#")[0]

    # 4. The commune reports it done with a photo
    login(page, base, "commune_officer")
    page.goto(f"{base}/inspections/remedies/")
    shot(page, "inspections-remedies")
    page.get_by_role("link", name="Niêm yết đầy đủ mức phí").click()
    report_done(page, "Đã niêm yết bổ sung.", photo)

    # 5. The inspector does not accept it
    verify(page, base, inspection_url, "Không chấp nhận: mở lại với thời hạn mới")
    page.get_by_label("Lý do (khi không chấp nhận)").fill("Ảnh chưa thấy rõ mức phí.")
    page.get_by_label("Thời hạn mới (ngày làm việc)").fill("5")
    page.get_by_role("button", name="Lưu kết quả xác nhận").click()
    expect(page.get_by_text("Mở lại, trong hạn")).to_be_visible()

    # 6. The commune reports again; the inspector verifies
    login(page, base, "commune_officer")
    page.goto(inspection_url)
    report_done(page, "Đã niêm yết lại, ảnh chụp rõ mức phí.", photo)
    verify(page, base, inspection_url, "Chấp nhận: đã khắc phục xong")
    page.get_by_role("button", name="Lưu kết quả xác nhận").click()
    expect(page.get_by_text("Hoàn thành").first).to_be_visible()

    # 7. The conclusion, approved by the town's chair
    page.get_by_role("link", name="Viết kết luận").click()
    page.get_by_label("Kết luận", exact=True).fill(
        "Bộ phận một cửa phường Bạch Sam cơ bản thực hiện tốt; tồn tại đã khắc phục."
    )
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Dũng")
    page.get_by_role("button", name="Trình phê duyệt").click()
    login(page, base, "town_chair")
    page.goto(inspection_url)
    page.get_by_role("link", name="Phê duyệt kết luận").click()
    page.get_by_label("Số kết luận").fill("25/KL-UBND")
    page.get_by_role("button", name="Phê duyệt", exact=True).click()

    # 8. Exported as .docx and opened back; published on the portal
    login(page, base, "inspector")
    page.goto(inspection_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Kết luận (.docx)").click()
    document = Document(str(download.value.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    header = document.tables[0].cell(0, 0).text
    assert "KẾT LUẬN KIỂM TRA" in text and "Số: 25/KL-UBND" in header
    page.get_by_role("button", name="Công khai trên cổng thông tin").click()
    expect(page.get_by_text("Đã công khai trên cổng thông tin").first).to_be_visible()
    shot(page, "inspections-detail")
    page.goto(f"{base}/p/{world.bach_sam.code}/")
    expect(page.get_by_text("Kết luận số 25/KL-UBND")).to_be_visible()
    shot(page, "inspections-portal")

    # 9. The consolidated report of the period shows the inspection results
    report = reporting.consolidate_report(town["period"], actor=world.phong_noi_vu.memberships.first().user)
    login(page, base, "district_coordinator")
    page.goto(f"{base}/reporting/consolidated/{report.pk}/")
    expect(page.get_by_text("Kết quả kiểm tra").first).to_be_visible()
    page.locator("#section-inspections").screenshot(path=str(shot.__globals__["SHOTS"] / "inspections-report.png"))
