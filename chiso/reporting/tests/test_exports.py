"""The consolidated report as .docx (Decree 30/2020 layout) and the reporting-rate table as .xlsx, opened back."""

import datetime as dt
import io

from docx import Document
from openpyxl import load_workbook

from chiso.reporting import exporters, services
from chiso.reporting.models import Submission, SubmissionLine
from chiso.reporting.tests.conftest import at


def _figures_table(document):
    """The table of completion figures under I.1: label → text."""
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    return {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}


def test_docx_holds_the_completion_figures_of_the_database(report, town):
    # when: the report is exported and opened back
    document = Document(io.BytesIO(exporters.report_docx(report)))
    shown = _figures_table(document)
    # then: each figure is the report's …
    labels = dict(exporters.FIGURE_ROWS)
    assert shown == {labels[key]: exporters.figure_text(report.figures[key]) for key, _label in exporters.FIGURE_ROWS}
    # … and the report's are the database's: the lines of the accepted reports, counted in SQL
    lines = SubmissionLine.objects.filter(
        submission__request__period=town.period, submission__status=Submission.Status.ACCEPTED
    )
    assert int(shown[labels["tasks"]]) == lines.count() == 5
    done = lines.filter(task_status__in=["done_on_time", "done_late"]).count()
    assert int(shown[labels["done"]]) == done == 2
    assert int(shown[labels["done_on_time"]]) == lines.filter(task_status="done_on_time").count() == 1
    assert int(shown[labels["overdue"]]) == lines.filter(task_status="overdue").count() == 1
    assert int(shown[labels["ongoing"]]) == lines.filter(task_status="ongoing").count() == 1
    assert shown[labels["done_percent"]] == "50"  # 2 done of the 4 tasks with a term


def test_docx_in_the_official_layout(report, town):
    document = Document(io.BytesIO(exporters.report_docx(report)))
    header = "\n".join(c.text for c in document.tables[0].rows[0].cells)
    assert "ỦY BAN NHÂN DÂN\nTHỊ XÃ MỸ HÀO" in header and "Số: 125/BC-UBND" in header
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert "Mỹ Hào, ngày 12 tháng 7 năm 2025" in header  # Decree 30: no zero before months 3-12
    body = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO\nKết quả thực hiện Kế hoạch" in body
    positions = [
        body.index(h)
        for h in ("I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI", "III. NHIỆM VỤ, GIẢI PHÁP", "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    ]
    assert positions == sorted(positions)
    assert "Thiếu cán bộ" in body and "Tiếp tục đối thoại" in body and "Bổ sung kinh phí" in body
    assert "Báo cáo đã được chấp nhận và tổng hợp: 1/3 cơ quan, đơn vị phải báo cáo." in body
    # who was late, missing, still under review is said by name
    assert "Chưa nộp báo cáo (đã quá hạn) (1): Phòng Nội vụ." in body
    assert "Đang được xem xét, chưa tổng hợp (1): UBND phường Bạch Sam." in body
    assert "Số cuộc đối thoại đã tổ chức: 4." in body
    assert "2.1. D3. Trách nhiệm giải trình\nSố nhiệm vụ: 1; đã hoàn thành: 0; tiến độ bình quân: 60%." in body
    assert "Ủy ban nhân dân thị xã Mỹ Hào báo cáo kết quả thực hiện 6 tháng đầu năm 2025 như sau:" in body
    signature = "\n".join(c.text for c in document.tables[-2].rows[0].cells)
    assert "TM. ỦY BAN NHÂN DÂN" in signature and "Nguyễn Văn Chủ" in signature
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == exporters.APPENDIX_HEADERS
    assert len(appendix.rows) == 1 + len(report.task_results) == 6
    assert document.sections[1].orientation == 1  # landscape appendix


def test_xlsx_rate_table(town, world, district_officer):
    # given: Thanh tra submitted on time; the other two have not submitted
    draft = services.start_submission(town.period.requests.get(agency=world.thanh_tra), actor=district_officer)
    draft = services.save_draft(
        draft, actor=district_officer, loaded_version=draft.version, data={"metrics": {"dialogues": 2}}
    )
    services.submit_submission(draft, actor=district_officer, now=at(dt.date(2025, 7, 3)))
    # when: the table is exported the day after the due date
    sheet = load_workbook(io.BytesIO(exporters.rate_xlsx(town.period, today=dt.date(2025, 7, 6)))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    # then: a row per agency in unit order, then the summary row
    assert [c.value for c in sheet[4]] == exporters.RATE_HEADERS
    by_agency = {r[1]: r for r in rows[:-1]}
    assert set(by_agency) == {"Thanh tra thị xã", "Phòng Nội vụ", "UBND phường Bạch Sam"}
    assert by_agency["Thanh tra thị xã"][3:6] == [dt.datetime(2025, 7, 5), dt.datetime(2025, 7, 3, 9), "Đúng hạn"]
    assert by_agency["Phòng Nội vụ"][5] == "Chưa nộp (quá hạn)"
    assert by_agency["UBND phường Bạch Sam"][6] == "Chưa gửi"
    summary = rows[-1]
    assert summary[1] == "Tổng cộng: 3 cơ quan, đơn vị"
    assert summary[5] == "Đúng hạn: 1; muộn: 0; chưa nộp: 2"
    assert sheet.column_dimensions["B"].width == 40 and sheet.freeze_panes == "A5"
    # before the due date nothing is missing yet
    before = load_workbook(io.BytesIO(exporters.rate_xlsx(town.period, today=dt.date(2025, 7, 4)))).active
    assert [r[5].value for r in before.iter_rows(min_row=5)][:-1].count("Chưa đến hạn") == 2


def test_xlsx_rate_table_writes_agency_names_as_text(town, world):
    # given: an agency whose name a coordinator typed as a formula
    from chiso.core.tests.test_xlsx import assert_text_not_formula

    world.thanh_tra.name = '=HYPERLINK("http://x","y")'
    world.thanh_tra.save()
    # when: the rate table is exported
    content = exporters.rate_xlsx(town.period, today=dt.date(2025, 7, 6))
    # then: the name is text, and the row numbers stay numbers
    assert_text_not_formula(content, '=HYPERLINK("http://x","y")')
    sheet = load_workbook(io.BytesIO(content)).active
    assert [sheet.cell(row, 1).data_type for row in range(5, 8)] == ["n", "n", "n"]


def test_an_app_adds_a_section_to_the_consolidated_report(town, district_coordinator, monkeypatch, client):
    """chiso/reporting/extensions.py: inspections (say) add their results to the report, kept as consolidated."""
    from django.urls import reverse
    from django.utils.translation import get_language

    from chiso.reporting import extensions

    seen = []

    def inspections(unit, period):
        seen.append((unit, period, get_language()))
        return {
            "title": "Kết quả kiểm tra",
            "text": "Đã kiểm tra 2 xã.",
            "header": ["Xã", "Phát hiện"],
            "rows": [["Bạch Sam", 3]],
        }

    monkeypatch.setattr(extensions, "_sections", [])
    extensions.add_report_section("inspections", inspections, order=10)
    extensions.add_report_section("nothing", lambda unit, period: None, order=20)
    report = services.consolidate_report(town.period, actor=district_coordinator, today=dt.date(2025, 7, 10))
    assert seen == [(town.period.schedule.plan.unit, town.period, "vi")]
    assert report.figures["sections"] == [
        {
            "key": "inspections",
            "title": "Kết quả kiểm tra",
            "text": "Đã kiểm tra 2 xã.",
            "header": ["Xã", "Phát hiện"],
            "rows": [["Bạch Sam", "3"]],
        }
    ]
    document = Document(io.BytesIO(exporters.report_docx(report)))
    texts = [p.text for p in document.paragraphs]
    assert "3. Kết quả kiểm tra" in texts and "Đã kiểm tra 2 xã." in texts
    assert any(t.rows[0].cells[0].text == "Xã" and t.rows[1].cells[1].text == "3" for t in document.tables)
    client.force_login(district_coordinator)
    body = client.get(reverse("reporting:consolidated_detail", args=[report.pk])).content.decode()
    assert 'id="section-inspections"' in body and "Bạch Sam" in body
