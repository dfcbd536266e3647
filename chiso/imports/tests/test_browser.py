"""The coordinator's path of issue 13 in headless Chromium: upload seed 001 as .docx, see the number clash and the
parent plan in the preview, change the number, keep the proposed measures, confirm; the plan shows its text and
its tasks tagged D1–D8, its .docx export holds the measures' text, and its half-year schedule asks the posts that
lead its tasks."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from docx import Document
from playwright.sync_api import expect

from chiso.imports import recognition
from chiso.imports.models import PlanImport
from chiso.imports.tests.conftest import PHUNG_CHI_KIEN
from chiso.imports.tests.scans import photo
from chiso.imports.tests.test_plan_text import as_docx, ward_posts  # noqa: F401 (a fixture)
from chiso.plans.models import Plan, Task
from chiso.plans.tests.conftest import papi  # noqa: F401 (a fixture)
from chiso.plans.tests.factories import PlanFactory
from chiso.units.models import Agency
from tests.browser.axe import assert_accessible
from tests.browser.test_foundation import SHOTS, shot
from tests.browser.test_plans import login

pytestmark = pytest.mark.browser


def test_upload_fix_the_clash_keep_the_measures_confirm_export(
    page,
    live_server,
    transactional_db,
    world,
    district_coordinator,
    ward_posts,  # noqa: F811
    papi,  # noqa: F811
    tmp_path,
):
    # given: the ward already has a plan numbered 15/KH-UBND this year, and the town's plan 03/KH-UBND is issued
    PlanFactory(unit=world.phung_chi_kien, code="15/KH-UBND", year=2025, title="Kế hoạch cải cách hành chính 2025")
    town = PlanFactory(
        unit=world.my_hao, code="03/KH-UBND", year=2025, status=Plan.Status.ISSUED, issued_on=dt.date(2025, 1, 3),
        title="Nâng cao hiệu quả quản trị và hành chính công (PAPI) thị xã Mỹ Hào năm 2025",
    )  # fmt: skip
    word = tmp_path / "KH-PAPI-Phung-Chi-Kien-2025.docx"
    word.write_bytes(as_docx(PHUNG_CHI_KIEN))
    base = live_server.url
    page.set_default_timeout(20000)
    login(page, base, "district_coordinator")

    # 1. upload the ward's plan as a Word file
    page.goto(f"{base}/plans/import/")
    page.get_by_label("Tìm đơn vị theo tên hoặc mã").fill("phung chi kien")  # the unit picker (issue 14)
    page.wait_for_selector(f'#id_unit option[value="{world.phung_chi_kien.pk}"]:checked', state="attached")
    page.get_by_label("Văn bản kế hoạch").set_input_files(str(word))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(f"{base}/plans/import/*/")

    # 2. the preview: the clash is said in Vietnamese with its ways out, the parent plan is matched, 34 measures
    expect(page.locator("#number-clash").get_by_text("đã có kế hoạch số 15/KH-UBND")).to_have_count(1)
    assert page.get_by_label("Kế hoạch cấp trên").input_value() == str(town.pk)  # matched from the basis
    page.get_by_label("Kế hoạch cấp trên").select_option(str(town.pk))  # the coordinator links it
    expect(page.locator("#measures tbody tr")).to_have_count(34)
    expect(page.locator("#plan-text").get_by_text("4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường")).to_have_count(
        1
    )
    page.get_by_label("Số, ký hiệu").fill("16/KH-UBND")
    page.get_by_label("Đơn vị chủ trì giải pháp 1.1.a").select_option(label="Văn hóa - Xã hội (Phường Phùng Chí Kiên)")
    page.get_by_label("Giữ giải pháp 4.c").uncheck()
    # the reporting duties read are schedules to correct: the half-year one is retitled, given too many days first
    assert page.get_by_label("Tên lịch báo cáo 1").input_value() == "Báo cáo 6 tháng gửi UBND thị xã"
    assert page.get_by_label("Kỳ báo cáo của lịch 2").input_value() == "yearly"
    page.get_by_label("Tên lịch báo cáo 1").fill("Báo cáo sơ kết 6 tháng gửi UBND thị xã")
    page.get_by_label("Hạn nộp của lịch báo cáo 1").fill("120")
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn An")
    page.get_by_role("button", name="Xác nhận và tạo dự thảo kế hoạch").click()
    # refused with the reason beside the field; everything typed is still there
    page.locator("#schedules").get_by_text("Từ 0 đến 90 ngày sau ngày chốt số liệu.").wait_for()
    assert not Plan.objects.filter(code="16/KH-UBND").exists()
    assert page.get_by_label("Tên lịch báo cáo 1").input_value() == "Báo cáo sơ kết 6 tháng gửi UBND thị xã"
    assert page.get_by_label("Số, ký hiệu").input_value() == "16/KH-UBND"
    assert not page.get_by_label("Giữ giải pháp 4.c").is_checked()
    page.get_by_label("Hạn nộp của lịch báo cáo 1").fill("7")
    # the document asks for no report on the last six months: the box is left for the coordinator, who ticks it
    last_half = page.get_by_label("Báo cáo cả 6 tháng cuối năm (lịch báo cáo 1)")
    expect(last_half).not_to_be_checked()
    last_half.check()
    expect(page.get_by_label("Báo cáo cả 6 tháng cuối năm (lịch báo cáo 2)")).to_be_hidden()  # the yearly row
    page.locator("#schedules").scroll_into_view_if_needed()
    shot(page, "import-measures-preview")
    page.locator("#h-reporting").locator("..").screenshot(path=str(SHOTS / "import-schedules-preview.png"))
    page.get_by_role("button", name="Xác nhận và tạo dự thảo kế hoạch").click()

    # 3. the working plan: its tasks tagged D1–D8, its text on the plan's tab
    plan = Plan.objects.get(code="16/KH-UBND")
    page.wait_for_url(f"{base}{plan.get_absolute_url()}")
    assert plan.parent == town
    assert sorted((s.title, s.agency_due_days) for s in plan.schedules.all()) == [
        ("Báo cáo năm gửi UBND thị xã", 5), ("Báo cáo sơ kết 6 tháng gửi UBND thị xã", 7)
    ]  # fmt: skip
    assert plan.signer_name == "Nguyễn Văn An"
    assert {s.cadence: s.second_half for s in plan.schedules.all()} == {"half_yearly": True, "yearly": False}
    activities = Task.objects.filter(plan=plan, group__isnull=False)
    assert activities.count() == 33
    assert {d.code for t in activities for d in t.dimensions.all()} == {f"D{i}" for i in range(1, 9)}
    assert activities.get(number="1.1.a").lead_agencies() == [ward_posts["culture"]]
    shot(page, "import-measures-plan")
    page.get_by_role("link", name="Nội dung văn bản").click()
    expect(page.get_by_text('1.8. Nội dung “Quản trị điện tử"')).to_have_count(1)
    shot(page, "import-plan-text")

    # 4. the .docx export opened back holds the measures' text
    response = page.request.get(f"{base}{reverse('plans:plan_export_docx', args=[plan.pk])}")
    assert response.ok
    document = Document(io.BytesIO(response.body()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "d) Tiếp nhận đầy đủ ý kiến, câu hỏi, yêu cầu của người dân trên Trang thông tin điện tử phường" in text
    assert "4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường" in text

    # 5. the half-year schedule (titled by cadence and recipient) asks the posts that lead the plan's tasks
    page.goto(f"{base}{plan.get_absolute_url()}")
    page.locator("#plan-schedules").get_by_role("link", name="Báo cáo sơ kết 6 tháng gửi UBND thị xã").click()
    reporters = page.locator("dt:has-text('Cơ quan phải báo cáo') + dd").inner_text()
    leads = Agency.objects.filter(task_links__task__plan=plan, task_links__role="lead").distinct()
    assert {ward_posts["culture"].name, "Văn phòng - Thống kê"} <= {a.name for a in leads}
    assert all(agency.name in reporters for agency in leads), reporters
    expect(page.locator("#schedule-second-half")).to_have_text("có báo cáo riêng theo yêu cầu của kế hoạch")
    assert_accessible(page)
    # its form shows the box beside a half-yearly cadence only
    page.get_by_role("link", name="Sửa", exact=True).click()
    expect(page.locator("#id_second_half")).to_be_checked()
    page.locator("#id_cadence").select_option("quarterly")
    expect(page.locator("#id_second_half")).to_be_hidden()
    page.locator("#id_cadence").select_option("half_yearly")
    expect(page.locator("#id_second_half")).to_be_visible()


def test_a_scan_shows_its_recognition_then_becomes_the_preview(
    page, live_server, transactional_db, world, district_coordinator
):
    """A photo of the paper plan, uploaded: the page says its text is being recognised, page 0 of 1, and polls;
    once the background job has read it, the same page becomes the preview."""
    lines = [line for line in PHUNG_CHI_KIEN.read_text(encoding="utf-8").splitlines() if line.strip()][:24]
    data = photo(lines)
    record = PlanImport(
        unit=world.phung_chi_kien, name="anh-chup-ke-hoach.png", size=len(data), created_by=district_coordinator,
        status=PlanImport.Status.READING, pages_total=1,
    )  # fmt: skip
    record.file.save("anh-chup-ke-hoach.png", ContentFile(data), save=False)
    record.save()
    base = live_server.url
    page.set_default_timeout(20000)
    login(page, base, "district_coordinator")
    page.goto(f"{base}{record.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Nhận dạng chữ trong bản chụp")).to_have_count(1)
    assert page.locator("#ocr-bar").get_attribute("value") == "0"
    shot(page, "import-ocr-progress")
    recognition.run(record.pk, "vi")  # the background job
    page.get_by_role("heading", name="Xem trước kế hoạch được nhập").wait_for(timeout=30000)  # htmx reloads
    assert page.get_by_label("Số, ký hiệu").input_value() == "15/KH-UBND"
