"""Plan documents with real files: the Vĩnh Châu task table (seed 002) exported to .xlsx and imported back,
the .docx in the official layout opened with python-docx, the PDF rendered by LibreOffice."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook, load_workbook

from chiso.plans import exporters
from chiso.plans.importers import import_task_table, split_agencies
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory
from tests.screenshots import SHOTS


def activities(plan):
    rows = []
    for task in plan.tasks.filter(group__isnull=False).order_by("position"):
        links = task.agency_links.all()
        rows.append(
            (
                task.number,
                task.activity,
                task.timeframe_kind,
                task.due_on,
                sorted(link.agency_id for link in links if link.role == "lead"),
                sorted(link.agency_id for link in links if link.role == "coordinating"),
            )
        )
    return rows


def test_seed_has_23_activities(vinh_chau_plan):
    assert vinh_chau_plan.tasks.filter(group__isnull=False).count() == 23


def test_xlsx_export_round_trips_the_23_tasks(vinh_chau_plan, world, admin_user):
    # given: the export of the Vĩnh Châu plan, opened back with openpyxl
    content = exporters.plan_xlsx(vinh_chau_plan)
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[4]] == exporters.HEADERS
    assert sheet.column_dimensions["C"].width == 60 and sheet.freeze_panes == "A5"
    # when: it is imported into an empty draft plan of the same town
    draft = PlanFactory(unit=world.vinh_chau, year=2024, title="Dự thảo")
    report = import_task_table(draft, SimpleUploadedFile("kh.xlsx", content), actor=admin_user)
    # then: the same 23 activities, with the same lead and coordinating agencies and timeframes
    assert report.ok, [(r.line, r.errors) for r in report.rows if r.errors]
    assert report.created == 23
    assert activities(draft) == activities(vinh_chau_plan)


def test_bad_task_tables_save_nothing(world, papi, admin_user):
    draft = PlanFactory(unit=world.my_hao)

    def sheet(
        rows,
        headers=("STT", "Nội dung", "Hoạt động", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"),
        merge=None,
    ):
        workbook = Workbook()
        ws = workbook.active
        ws.append(list(headers))
        for row in rows:
            ws.append(row)
        if merge:
            ws.merge_cells(merge)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile("t.xlsx", buffer.getvalue())

    # a missing column
    report = import_task_table(
        draft,
        sheet([["1", "A", "B", "Phòng Nội vụ"]], headers=("STT", "Nội dung", "Hoạt động", "Đơn vị chủ trì")),
        actor=admin_user,
    )
    assert "Thời gian thực hiện" in report.errors[0]
    # an unknown agency, with the nearest names suggested; a bad timeframe; an end before the start
    report = import_task_table(
        draft,
        sheet(
            [
                ["1", "Tuyên truyền", "1.1. Hội nghị", "Phòng Nội chính", "", "Năm 2025"],
                ["", "", "1.2. Kiểm tra", "Phòng Nội vụ", "", "sớm nhất có thể"],
                ["", "", "1.3. Rà soát", "Phòng Nội vụ", "", "Từ 30/6/2025 đến 01/3/2025"],
            ]
        ),
        actor=admin_user,
    )
    errors = {r.line: " ".join(r.errors) for r in report.rows}
    assert "Phòng Nội chính" in errors[2] and "Phòng Nội vụ" in errors[2]
    assert "sớm nhất" in errors[3]
    assert errors[4]
    assert not draft.tasks.exists()
    # merged cells: the group cell spans two activity rows
    report = import_task_table(
        draft,
        sheet(
            [
                ["1", "Tuyên truyền", "1.1. Hội nghị", "Phòng Nội vụ", "Thanh tra thị xã", "Quý II/2025"],
                ["", "", "1.2. Kiểm tra", "- Phòng Nội vụ. - Thanh tra thị xã.", "", "Thường xuyên"],
            ],
            merge="B2:B3",
        ),
        actor=admin_user,
    )
    assert report.ok and report.created == 2
    assert draft.tasks.get(number="1.2").lead_agencies() == [world.phong_noi_vu, world.thanh_tra]
    # not a workbook at all
    report = import_task_table(draft, SimpleUploadedFile("x.xlsx", b"hello"), actor=admin_user)
    assert report.errors


def test_import_only_into_a_draft(world, papi, town_plan, admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_task_table(town_plan, SimpleUploadedFile("x.xlsx", b""), actor=admin_user)


def test_split_agencies():
    assert split_agencies("- Phòng Nội vụ. - Phòng Văn hóa và Thông tin.") == [
        "Phòng Nội vụ",
        "Phòng Văn hóa và Thông tin",
    ]
    assert split_agencies("Trung tâm Văn hóa - Thể thao - Truyền thanh.") == [
        "Trung tâm Văn hóa - Thể thao - Truyền thanh"
    ]
    assert split_agencies("Phòng Nội vụ\nThanh tra thị xã") == ["Phòng Nội vụ", "Thanh tra thị xã"]


def test_docx_in_the_official_layout(vinh_chau_plan):
    document = Document(io.BytesIO(exporters.plan_docx(vinh_chau_plan)))
    header = document.tables[0]
    text = "\n".join(c.text for c in header.rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 90/KH-UBND" in text and "Vĩnh Châu, ngày 15 tháng 3 năm 2023" in text
    body = "\n".join(p.text for p in document.paragraphs)
    # the kind of document is written once: "KẾ HOẠCH / Nâng cao …", never "KẾ HOẠCH / Kế hoạch nâng cao …"
    assert "KẾ HOẠCH\nNâng cao Chỉ số PAPI thị xã Vĩnh Châu năm 2023\n" in body
    table = document.tables[-1]
    # the columns no task fills ("Sản phẩm") are left out of the .docx
    assert [c.text for c in table.rows[0].cells] == [h for h in exporters.HEADERS if h != "Sản phẩm"]
    assert len(table.rows) == 1 + 23 + 7  # header, 23 activities, 7 group rows
    assert document.sections[1].orientation == 1  # landscape appendix
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_pdf_looks_like_an_official_document(vinh_chau_plan, tmp_path):
    pdf = exporters.docx_to_pdf(exporters.plan_docx(vinh_chau_plan))
    assert pdf.startswith(b"%PDF")
    (tmp_path / "plan.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(tmp_path / "plan.pdf"),
                str(SHOTS / "plan-pdf"),
            ],
            check=True,
            timeout=60,
        )
        assert (SHOTS / "plan-pdf.png").exists()


def test_export_views(client, vinh_chau_plan, world, other_province_officer, admin_user):
    client.force_login(admin_user)
    for kind in ("xlsx", "docx"):
        response = client.get(f"/plans/{vinh_chau_plan.pk}/export.{kind}")
        assert response.status_code == 200 and "filename*=UTF-8''" in response["Content-Disposition"]
    client.force_login(other_province_officer)  # Vĩnh Châu's own coordinator sees it …
    assert client.get(f"/plans/{vinh_chau_plan.pk}/export.xlsx").status_code == 200
    hung_yen_plan = PlanFactory(unit=world.my_hao)
    assert client.get(f"/plans/{hung_yen_plan.pk}/export.docx").status_code == 404  # … not Hưng Yên's


def test_import_view(client, world, papi, district_coordinator):
    draft = PlanFactory(unit=world.my_hao)
    content = exporters.plan_xlsx(draft)
    client.force_login(district_coordinator)
    page = client.get(f"/plans/{draft.pk}/import-tasks/")
    assert page.status_code == 200
    response = client.post(
        f"/plans/{draft.pk}/import-tasks/", {"file": SimpleUploadedFile("t.xlsx", content), "confirm": "1"}
    )
    assert response.status_code == 400  # an exported empty plan has no task rows
    assert Plan.objects.get(pk=draft.pk).tasks.count() == 0


def test_xlsx_export_writes_typed_text_as_text(world, papi):
    # given: tasks whose title, activity and output start as formulas do
    from chiso.core.tests.test_xlsx import assert_text_not_formula
    from chiso.plans.tests.factories import TaskFactory

    plan = PlanFactory(unit=world.my_hao, title="=1+1")
    TaskFactory(plan=plan, number="1", title='=HYPERLINK("http://x","y")', activity="+1+1", output="@SUM(A1)")
    TaskFactory(plan=plan, number="2", title="-2+3", lead=[world.thanh_tra], coordinating=[world.mttq, world.so_noi_vu])
    # when: the task table is exported
    content = exporters.plan_xlsx(plan)
    # then: each is a text cell, none a formula, and the coordinating list ("- A.\n- B.") stays text too
    assert_text_not_formula(content, '=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "BIỂU TỔNG HỢP NHIỆM VỤ — =1+1"
