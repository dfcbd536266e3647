"""The whole reporting cycle in headless Chromium (issue 4): the town's coordinator sets the schedule → the
period opens → an officer submits → the coordinator returns it → the officer resubmits → accepted →
consolidated → the town's chair approves → the report reaches the province, which drills down to it; the
exported .docx holds the completion figures of the database."""

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.indices.models import Dimension, Index
from chiso.plans.models import Plan, ProgressUpdate
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting import services
from chiso.reporting.models import ConsolidatedReport, Request, Schedule, Submission
from tests.browser.test_foundation import shot
from tests.browser.test_plans import login

pytestmark = pytest.mark.browser


@pytest.fixture
def reporting_world(transactional_db, world, district_coordinator, district_officer, province_coordinator):
    index = Index.objects.create(code="PAPI", name_vi="PAPI")
    for i, name in enumerate(["Tham gia của người dân ở cấp cơ sở", "Công khai, minh bạch"], 1):
        Dimension.objects.create(index=index, code=f"D{i}", order=i, name_vi=name)
    town_committee = world.my_hao.agencies.create(name="UBND thị xã Mỹ Hào", kind="committee")
    MembershipFactory(
        user=UserFactory(username="town_chair", full_name="Nguyễn Văn An"), agency=town_committee, role="leader"
    )
    # Next year's plans, so that the period's due date is still ahead whatever day the test runs.
    year = dt.date.today().year + 1
    province = PlanFactory(unit=world.hung_yen, year=year, status=Plan.Status.ISSUED, code="01/KH-UBND")
    TaskFactory(plan=province, lead=[world.so_noi_vu])
    services.create_schedule(
        Schedule(
            plan=province,
            title="Báo cáo năm của tỉnh",
            cadence="yearly",
            window="calendar",
            agency_due_days=15,
            unit_due_days=20,
            recipient=world.so_noi_vu,
        ),
        actor=province_coordinator,
    )
    plan = PlanFactory(
        unit=world.my_hao,
        parent=province,
        year=year,
        status=Plan.Status.ISSUED,
        code="03/KH-UBND",
        title="Kế hoạch nâng cao Chỉ số PAPI thị xã Mỹ Hào",
    )
    task = TaskFactory(
        plan=plan,
        number="1",
        lead=[world.thanh_tra],
        title="Tiếp công dân định kỳ",
        start_on=None,
        due_on=None,
        timeframe_kind="ongoing",
        timeframe_text="Thường xuyên",
    )
    task.dimensions.set([Dimension.objects.get(code="D1")])
    ProgressUpdate.objects.create(
        task=task, reported_on=dt.date(year, 3, 10), percent=50, description="Tiếp 12 lượt công dân, giải quyết 3 đơn"
    )
    return {"year": year, "plan": plan, "province": province, "task": task}


def test_reporting_cycle(page, live_server, reporting_world, world):
    base = live_server.url
    page.set_default_timeout(20000)
    year, plan = reporting_world["year"], reporting_world["plan"]

    # 1. The town's coordinator sets the plan's reporting schedule
    login(page, base, "district_coordinator")
    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_role("link", name="Thiết lập lịch báo cáo").click()
    page.get_by_label("Kỳ báo cáo").select_option("yearly")
    page.get_by_label("Thời gian chốt số liệu").select_option("calendar")
    page.get_by_label("Số liệu yêu cầu báo cáo").fill("doi_thoai: Số cuộc đối thoại đã tổ chức")
    page.get_by_label("Nhắc trước (ngày làm việc)").fill("3")
    shot(page, "reporting-schedule-form")
    page.get_by_role("button", name="Lưu").click()
    schedule = Schedule.objects.get(plan=plan)
    expect(page.get_by_text("Chưa có kỳ báo cáo nào được mở")).to_be_visible()

    # 2. The period opens by itself when its time comes (the tick of the scheduler)
    call_command("tick", "--date", f"{year}-12-21")
    period = schedule.periods.get()
    page.reload()
    expect(page.get_by_role("link", name=f"Năm {year}")).to_be_visible()
    shot(page, "reporting-schedule")

    # 3. The inspectorate's officer finds the report owed, pre-filled, and submits it
    login(page, base, "district_officer")
    page.goto(f"{base}/reporting/")
    page.get_by_role("link", name=f"Năm {year}").click()
    page.get_by_role("button", name="Lập báo cáo").click()
    assert "Tiếp 12 lượt công dân" in page.locator("#lines-table textarea").first.input_value()
    page.get_by_label("Số cuộc đối thoại đã tổ chức").fill("2")
    page.get_by_label("Khó khăn, tồn tại").fill("Một số tổ dân phố chưa bố trí được địa điểm tiếp dân.")
    shot(page, "reporting-submission")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo.")).to_be_visible()
    submission = Submission.objects.get(request__period=period, request__agency=world.thanh_tra)
    assert submission.status == Submission.Status.SUBMITTED

    # 4. The coordinator returns it with a comment on the report and on its line
    login(page, base, "district_coordinator")
    page.goto(f"{base}/reporting/periods/{period.pk}/")
    assert page.locator('[data-rate="on_time"]').inner_text() == "1"
    page.get_by_role("link", name="Thanh tra thị xã").click()
    page.locator("#lines-table textarea").first.fill("Ghi rõ số đơn đã giải quyết dứt điểm")
    page.get_by_label("Ý kiến gửi cơ quan").fill("Đề nghị bổ sung kết quả giải quyết đơn.")
    shot(page, "reporting-review")
    page.get_by_role("button", name="Trả lại để hoàn thiện").click()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED

    # 5. The officer sees the comments, corrects and resubmits
    login(page, base, "district_officer")
    page.goto(f"{base}/reporting/submissions/{submission.pk}/")
    expect(page.get_by_text("Đề nghị bổ sung kết quả giải quyết đơn.")).to_be_visible()
    expect(page.get_by_text("Ghi rõ số đơn đã giải quyết dứt điểm")).to_be_visible()
    page.locator("#lines-table textarea").first.fill("Tiếp 12 lượt công dân; giải quyết dứt điểm 3/3 đơn")
    page.get_by_role("button", name="Gửi báo cáo").click()

    # 6. Accepted; consolidated; sent to the chair
    login(page, base, "district_coordinator")
    page.goto(f"{base}/reporting/submissions/{submission.pk}/")
    page.get_by_role("button", name="Tiếp nhận").click()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    page.goto(f"{base}/reporting/periods/{period.pk}/")
    shot(page, "reporting-period")
    page.get_by_role("button", name="Tổng hợp", exact=True).click()
    report = ConsolidatedReport.objects.get(period=period)
    assert page.locator('[data-figure="tasks"]').inner_text() == "1"
    page.get_by_label("Nhiệm vụ kỳ tới").fill("Duy trì tiếp công dân định kỳ; tổ chức đối thoại quý I.")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    report.refresh_from_db()
    assert report.next_steps.startswith("Duy trì tiếp công dân")
    page.get_by_role("button", name="Trình lãnh đạo phê duyệt").click()

    # 7. The town's chair approves it under its number
    login(page, base, "town_chair")
    page.goto(f"{base}/reporting/")
    page.get_by_role("link", name=report.title).click()
    page.locator("#id_code").fill("125/BC-UBND")
    page.get_by_role("button", name="Phê duyệt").click()
    report.refresh_from_db()
    assert report.status == ConsolidatedReport.Status.APPROVED and report.code == "125/BC-UBND"

    # 8. The coordinator sends it up: it reaches the province's request for the town
    login(page, base, "district_coordinator")
    page.goto(f"{base}/reporting/consolidated/{report.pk}/")
    page.get_by_role("button", name="Gửi cấp trên").click()
    report.refresh_from_db()
    assert report.status == ConsolidatedReport.Status.SENT
    shot(page, "reporting-consolidated")
    upper = Request.objects.get(period__schedule__plan=reporting_world["province"], agency__name="UBND thị xã Mỹ Hào")
    assert upper.status == Request.Status.SUBMITTED and upper.on_time is True

    # 9. The province sees the town's report and drills down to the agencies' submissions
    login(page, base, "province_coordinator")
    page.goto(f"{base}/reporting/periods/{upper.period_id}/")
    page.get_by_role("link", name="UBND thị xã Mỹ Hào").click()
    page.get_by_role("link", name=report.title).click()
    expect(page.get_by_role("link", name="Thanh tra thị xã")).to_be_visible()
    shot(page, "reporting-province")

    # 10. The exported .docx holds the completion figures the database holds
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất tệp (.docx)").click()
    import docx

    document = docx.Document(str(download.value.path()))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    report.refresh_from_db()
    assert report.code in text
    figures = report.figures
    assert figures["tasks"] == Submission.objects.get(pk=submission.pk).lines.count() == 1
    assert f"{figures['accepted']}/{figures['requests']}" in text
    assert "giải quyết dứt điểm 3/3 đơn" in text
