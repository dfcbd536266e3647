"""A plan as documents: the task table as .xlsx (the layout units use today) and the plan as .docx in the
official layout of Decree 30/2020/NĐ-CP (Appendix I: administrative document format), and as PDF."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db.models import Prefetch

from chiso.lib.xlsx import workbook_bytes

from .models import Task, TaskAgency

HEADERS = [
    "STT",
    "Nội dung",
    "Hoạt động",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian thực hiện",
    "Sản phẩm",
    "PAPI",
]
WIDTHS = [7, 34, 60, 28, 34, 18, 24, 10]


def _tasks(plan):
    return list(
        plan.tasks.prefetch_related(
            Prefetch("agency_links", queryset=TaskAgency.objects.select_related("agency").order_by("role", "id")),
            "dimensions",
        ).order_by("position", "id")
    )


def _agency_cell(task, role):
    names = [link.agency.name for link in task.agency_links.all() if link.role == role]
    if len(names) <= 1:
        return f"{names[0]}." if names else ""
    return "\n".join(f"- {name}." for name in names)


def table_rows(plan):
    """The task table as rows of 8 cells: a group heading row, then its activities with an empty STT."""
    tasks = _tasks(plan)
    children: dict[int, list[Task]] = {}
    for task in tasks:
        if task.group_id:
            children.setdefault(task.group_id, []).append(task)
    rows = []
    for task in tasks:
        if task.group_id:
            continue
        subs = children.get(task.pk, [])
        dims = ", ".join(d.code for d in task.dimensions.all())
        if subs:
            rows.append(("group", task, [task.number, task.title, task.activity, "", "", "", task.output, dims]))
            for sub in subs:
                activity = sub.activity or sub.title
                text = f"{sub.number}. {activity}" if sub.number else activity
                rows.append(
                    (
                        "activity",
                        sub,
                        [
                            "",
                            "",
                            text,
                            _agency_cell(sub, "lead"),
                            _agency_cell(sub, "coordinating"),
                            sub.timeframe_text,
                            sub.output,
                            ", ".join(d.code for d in sub.dimensions.all()),
                        ],
                    )
                )
        else:
            rows.append(
                (
                    "activity",
                    task,
                    [
                        task.number,
                        task.title,
                        task.activity,
                        _agency_cell(task, "lead"),
                        _agency_cell(task, "coordinating"),
                        task.timeframe_text,
                        task.output,
                        dims,
                    ],
                )
            )
    return rows


def plan_xlsx(plan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    sheet.append([f"BIỂU TỔNG HỢP NHIỆM VỤ — {plan.title}"])
    sheet.append([f"(Kèm theo Kế hoạch số {plan.code or '…'} của {plan.issuer or plan.unit})"])
    sheet.append([])
    sheet.append(HEADERS)
    header_row = 4
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for kind, _task, cells in table_rows(plan):
        sheet.append(cells)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            if kind == "group":
                cell.font = Font(bold=True)
    return finish_sheet(workbook, sheet, header_row, WIDTHS)


def finish_sheet(workbook, sheet, header_row, widths) -> bytes:
    """Title rows 1–2 in bold and italic, column widths, the header row frozen and printed on every landscape A4
    page fitted to its width; the workbook as bytes. Shared with ``chiso.reporting.exporters``."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"].font = Font(italic=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    return workbook_bytes(workbook)


# --- .docx in the layout of Decree 30/2020/NĐ-CP -------------------------------------------------------
# The helpers below are shared with the consolidated reports of ``chiso.reporting.exporters``.
def date_line(place, day, year):
    """ "Mỹ Hào, ngày 03 tháng 01 năm 2025"; blanks to fill by hand while the document has no date."""
    if day:
        return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    return f"{place}, ngày      tháng      năm {year}"


def _date_line(plan):
    return date_line(plan.place or plan.unit.short_name or plan.unit.name, plan.issued_on, plan.year)


def decree30_document():
    """An A4 document in Times New Roman 14 with the margins of Decree 30/2020/NĐ-CP, Appendix I."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # Decree 30/2020/NĐ-CP, Appendix I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    return document


def paragraph(cell_or_doc, text, *, bold=False, italic=False, size=None, align=None, underline=False, space_after=0):
    from docx.shared import Pt

    p = cell_or_doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    return p


def header_block(document, *, unit_name, number, date_text):
    """The issuer (committee, unit, number) on the left; the national title, motto, place and date on the right."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    center = WD_ALIGN_PARAGRAPH.CENTER
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    left, right = header.rows[0].cells
    # Page text width is 165 mm: the issuer block on the left, the national title on the right.
    left.width, right.width = Mm(62), Mm(103)
    header.columns[0].width, header.columns[1].width = Mm(62), Mm(103)  # the grid LibreOffice reads
    left.paragraphs[0].text = ""
    paragraph(left, "ỦY BAN NHÂN DÂN", size=13, align=center)
    paragraph(left, unit_name.upper(), bold=True, size=13, align=center)
    paragraph(left, f"Số: {number}", size=13, align=center)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=center)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=13, align=center)
    paragraph(right, date_text, italic=True, size=13, align=center)
    return header


def signature_block(document, *, recipients, signer_title, signer_name):
    """ "Nơi nhận" on the left (each line a recipient, then "Lưu: VT."); the committee's signature on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    center = WD_ALIGN_PARAGRAPH.CENTER
    sign = document.add_table(rows=1, cols=2)
    left, signature = sign.rows[0].cells
    left.paragraphs[0].text = ""
    paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in recipients:
        if line.strip():
            paragraph(left, f"- {line.strip().lstrip('-').strip()};", size=11)
    paragraph(left, "- Lưu: VT.", size=11)
    paragraph(signature, "TM. ỦY BAN NHÂN DÂN", bold=True, align=center)
    paragraph(signature, (signer_title or "CHỦ TỊCH").upper(), bold=True, align=center, space_after=48)
    paragraph(signature, signer_name or "", bold=True, align=center)
    return sign


def landscape_appendix(document):
    """A new section on landscape A4 pages for the appendix table."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    appendix = document.add_section()
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    appendix.left_margin, appendix.right_margin = Mm(20), Mm(15)
    return appendix


def grid_table(document, headers, rows, *, size=12, widths_mm=None):
    """A bordered table: a bold header row, then a row per ``(bold, cells)`` of ``rows``; column widths in mm
    when given (else Word shares the width equally)."""
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    for bold, cells in rows:
        row = table.add_row().cells
        for cell, text in zip(row, cells, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text if text is not None else ""))
            run.font.size = Pt(size)
            run.bold = bold
    if widths_mm:
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)  # the grid LibreOffice reads
            for cell in column.cells:
                cell.width = Mm(width)  # what Word reads
    return table


def plan_docx(plan) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = decree30_document()
    center = WD_ALIGN_PARAGRAPH.CENTER
    header_block(document, unit_name=plan.unit.name, number=plan.code or "      /KH-UBND", date_text=_date_line(plan))

    paragraph(document, "", space_after=6)
    paragraph(document, "KẾ HOẠCH", bold=True, align=center)
    paragraph(document, plan.title, bold=True, align=center, space_after=12)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for doc in plan.basis or []:
        text = doc.get("text") or " ".join(
            filter(
                None,
                [
                    doc.get("kind"),
                    doc.get("code"),
                    f"ngày {doc['issued_on']}" if doc.get("issued_on") else "",
                    f"của {doc['issuer']}" if doc.get("issuer") else "",
                ],
            )
        )
        paragraph(document, f"Căn cứ {text};", align=justify, space_after=6)
    sections = [
        ("I. MỤC ĐÍCH, YÊU CẦU", plan.purposes),
        ("II. NỘI DUNG", plan.body),
        ("III. TỔ CHỨC THỰC HIỆN", plan.implementation),
    ]
    targets = list(plan.targets.all())
    for heading, text in sections:
        if not text and not (heading.startswith("I.") and targets):
            continue
        paragraph(document, heading, bold=True, space_after=6)
        if heading.startswith("I.") and targets:
            for target in targets:
                paragraph(document, f"- {target.text}", align=justify, space_after=6)
        for line in (text or "").splitlines():
            if line.strip():
                paragraph(document, line.strip(), align=justify, space_after=6)
    paragraph(document, "Chi tiết nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.", italic=True, space_after=12)

    signature_block(
        document,
        recipients=(plan.recipients or "").splitlines(),
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
    )

    # Appendix: the task table on landscape pages.
    landscape_appendix(document)
    paragraph(document, "Phụ lục", bold=True, align=center)
    paragraph(document, "BIỂU TỔNG HỢP NHIỆM VỤ", bold=True, align=center)
    paragraph(
        document,
        f"(Kèm theo Kế hoạch số {plan.code or '…'} của UBND {plan.unit.name})",
        italic=True,
        align=center,
        space_after=6,
    )
    grid_table(document, HEADERS, [(kind == "group", cells) for kind, _task, cells in table_rows(plan)])
    return to_bytes(document)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class PdfUnavailable(Exception):
    """LibreOffice is not installed on this server."""


def docx_to_pdf(docx_bytes: bytes, timeout: int = 120) -> bytes:
    """Convert with LibreOffice headless, each conversion with its own profile (two sharing one fail)."""
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if not binary:
        raise PdfUnavailable
    with tempfile.TemporaryDirectory(prefix="chiso-pdf-") as tmp:
        tmp_path = Path(tmp)
        source = tmp_path / "plan.docx"
        source.write_bytes(docx_bytes)
        profile = tmp_path / "profile"
        subprocess.run(
            [
                binary,
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=False,
            capture_output=True,
            timeout=timeout,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        output = tmp_path / "plan.pdf"
        if not output.exists():
            raise PdfUnavailable
        return output.read_bytes()
