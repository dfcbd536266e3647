"""Plan documents with real files: the Vĩnh Châu task table (seed 002) exported to .xlsx and imported back,
the .docx in the official layout opened with python-docx, the PDF rendered by LibreOffice."""

import io
import shutil
import subprocess
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook, load_workbook

from chiso.plans import exporters
from chiso.plans.importers import import_task_table, split_agencies
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.units.tests.factories import UnitFactory
from tests.screenshots import SHOTS

from .pdfpages import laid_out, squeeze


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
        # the number as officials name the file: no "/", which no file name may hold
        name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
        assert "/" not in name and name.endswith(f"Thị xã Vĩnh Châu.{kind}"), name
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


# --- pilot localities (địa phương điểm) in the exports ----------------------------------------------------------
@pytest.fixture
def vinh_chau_pilots(vinh_chau_plan, world):
    """Seed 002's four pilots: ấp Vĩnh Biên, ấp Ca Lạc of xã Lạc Hòa and Khóm 1, Khóm 2 of Phường 1; the first
    activity is carried out in the two hamlets of Lạc Hòa. Returns that activity."""
    lac_hoa = UnitFactory(code="31901", name="Xã Lạc Hòa", kind="Xã", level="commune", parent=world.vinh_chau)
    phuong_1 = UnitFactory(code="31902", name="Phường 1", kind="Phường", level="commune", parent=world.vinh_chau)
    hamlets = [
        UnitFactory(code=f"{parent.code}-0{i}", name=name, level="village", parent=parent)
        for parent, i, name in [
            (lac_hoa, 1, "Ấp Vĩnh Biên"),
            (lac_hoa, 2, "Ấp Ca Lạc"),
            (phuong_1, 1, "Khóm 1"),
            (phuong_1, 2, "Khóm 2"),
        ]
    ]
    vinh_chau_plan.pilot_units.set(hamlets)
    task = vinh_chau_plan.tasks.filter(group__isnull=False).order_by("position").first()
    task.pilot_units.set(hamlets[:2])
    return task


PLAN_PILOTS = "Địa phương điểm: ấp Vĩnh Biên, ấp Ca Lạc (xã Lạc Hòa); Khóm 1, Khóm 2 (Phường 1)."


def test_docx_names_the_plan_and_task_pilots(vinh_chau_plan, vinh_chau_pilots):
    # when: the plan with its pilot localities is exported and opened back with python-docx
    document = Document(io.BytesIO(exporters.plan_docx(vinh_chau_plan)))
    body = [p.text for p in document.paragraphs]
    # then: the plan names them once in "I. MỤC ĐÍCH, YÊU CẦU", grouped by their commune, as officials write them
    assert body.count(PLAN_PILOTS) == 1
    # (the plan has no "Nội dung" text: its organisation is part II)
    assert body.index("I. MỤC ĐÍCH, YÊU CẦU") < body.index(PLAN_PILOTS) < body.index("II. TỔ CHỨC THỰC HIỆN")
    # and the activity carried out in them says so under its text; the other rows do not, the columns are as before
    table = document.tables[-1]
    headers = [c.text for c in table.rows[0].cells]
    assert headers == [h for h in exporters.HEADERS if h != "Sản phẩm"]
    cells = [[c.text for c in row.cells] for row in table.rows[1:]]
    with_pilots = [row for row in cells if "Địa phương điểm" in "".join(row)]
    assert len(with_pilots) == 1
    activity = with_pilots[0][headers.index("Hoạt động")]
    assert vinh_chau_pilots.activity[:30] in activity
    assert activity.endswith("\n(Địa phương điểm: ấp Vĩnh Biên, ấp Ca Lạc (xã Lạc Hòa))")


def test_docx_does_not_repeat_pilots_the_plan_text_names(vinh_chau_plan, vinh_chau_pilots):
    # given: the plan's own purposes name the pilots, as seed 002 does
    Plan.objects.filter(pk=vinh_chau_plan.pk).update(
        purposes="Chọn 04 ấp, khóm làm địa phương điểm gồm: ấp Vĩnh Biên, ấp Ca Lạc, xã Lạc Hòa và Khóm 1, Khóm 2,"
        " Phường 1."
    )
    body = "\n".join(p.text for p in Document(io.BytesIO(exporters.plan_docx(vinh_chau_plan))).paragraphs)
    assert PLAN_PILOTS not in body and "Chọn 04 ấp, khóm" in body


def test_a_plan_without_pilots_exports_as_before(vinh_chau_plan):
    document = Document(io.BytesIO(exporters.plan_docx(vinh_chau_plan)))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for row in document.tables[-1].rows for c in row.cells
    )
    assert "Địa phương điểm" not in text
    sheet = load_workbook(io.BytesIO(exporters.plan_xlsx(vinh_chau_plan))).active
    assert [c.value for c in sheet[4]] == exporters.HEADERS and sheet.max_column == len(exporters.HEADERS)


def test_xlsx_has_a_pilots_column_and_still_imports(vinh_chau_plan, vinh_chau_pilots, world, admin_user):
    # when: the task table of a plan with pilots is exported and opened back with openpyxl
    content = exporters.plan_xlsx(vinh_chau_plan)
    sheet = load_workbook(io.BytesIO(content)).active
    # then: one more column, "Địa phương điểm", filled for the task carried out in them only
    assert [c.value for c in sheet[4]] == [*exporters.HEADERS, "Địa phương điểm"]
    assert sheet.column_dimensions["I"].width == exporters.PILOTS_WIDTH
    filled = [(row[2].value, row[8].value) for row in sheet.iter_rows(min_row=5) if row[8].value]
    assert len(filled) == 1
    assert filled[0][1] == "ấp Vĩnh Biên, ấp Ca Lạc (xã Lạc Hòa)"
    assert vinh_chau_pilots.activity[:30] in filled[0][0]
    # and the file still imports as the 23 activities
    draft = PlanFactory(unit=world.vinh_chau, year=2024, title="Dự thảo")
    report = import_task_table(draft, SimpleUploadedFile("kh.xlsx", content), actor=admin_user)
    assert report.ok and report.created == 23


def test_pdf_names_the_pilots(vinh_chau_plan, vinh_chau_pilots):
    # the PDF is the .docx as LibreOffice lays it out: the names are in its text
    text = squeeze("\n".join(laid_out({"plan": exporters.plan_docx(vinh_chau_plan)})["plan"]))
    assert squeeze(PLAN_PILOTS) in text
    assert text.count("Vĩnh Biên") == 2  # and under the activity in the appendix


def test_parts_are_numbered_as_written_and_an_activity_is_not_its_content_again(vinh_chau_plan):
    # given: a plan with no purposes or content text of its own, and a task whose activity repeats its content
    vinh_chau_plan.purposes = vinh_chau_plan.body = ""
    vinh_chau_plan.save()
    vinh_chau_plan.targets.all().delete()
    title = "Rà soát, cập nhật thủ tục hành chính trên Cổng dịch vụ công"
    task = TaskFactory(plan=vinh_chau_plan, number="99", title=title, activity=title)
    # when: it is exported
    document = Document(io.BytesIO(exporters.plan_docx(vinh_chau_plan)))
    body = [p.text for p in document.paragraphs]
    # then: its one part is "I.", not a lone "III.", and the activity is not written twice in the appendix
    assert "I. TỔ CHỨC THỰC HIỆN" in body and not any(line.startswith(("II.", "III.")) for line in body)
    cells = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    row = next(r for r in cells if task.title in r)
    assert row.count(task.title) == 1
