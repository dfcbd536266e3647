"""The decision to inspect and the conclusion (kết luận kiểm tra) as .docx in the layout of Decree 30/2020/NĐ-CP,
built with the helpers of ``chiso.plans.exporters``."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from chiso.plans.exporters import (
    date_line,
    decree30_document,
    grid_table,
    header_block,
    paragraph,
    signature_block,
    to_bytes,
)

from .models import Inspection


def _committee_name(inspection: Inspection) -> str:
    return inspection.unit.name


def _place(inspection: Inspection) -> str:
    unit = inspection.unit
    return unit.short_name or unit.name


def _lines(document, text, align):
    for line in (text or "").splitlines():
        if line.strip():
            paragraph(document, line.strip(), align=align, space_after=6)


def _headed(inspection, number, dated, kind):
    """A Decree 30 document of the committee: the issuer block with its number and date, then the kind of the
    document as its heading."""
    document = decree30_document()
    header_block(
        document,
        unit_name=_committee_name(inspection),
        number=number,
        date_text=date_line(_place(inspection), dated, inspection.year),
    )
    paragraph(document, "", space_after=6)
    paragraph(document, kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return document


def decision_docx(inspection: Inspection) -> bytes:
    """Quyết định kiểm tra: the basis, the team with its roles, the content and the dates."""
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    document = _headed(
        inspection, inspection.decision_number or "      /QĐ-UBND", inspection.decision_date, "QUYẾT ĐỊNH"
    )
    paragraph(
        document,
        f"Về việc kiểm tra {inspection.theme.name[:1].lower()}{inspection.theme.name[1:]}",
        bold=True,
        align=center,
    )
    paragraph(document, f"tại {inspection.inspected_unit.name}", bold=True, align=center, space_after=12)
    paragraph(
        document, f"CHỦ TỊCH ỦY BAN NHÂN DÂN {inspection.unit.name.upper()}", bold=True, align=center, space_after=12
    )
    paragraph(
        document,
        "Căn cứ Luật Tổ chức chính quyền địa phương; Luật Thanh tra;",
        italic=True,
        align=justify,
        space_after=6,
    )
    if inspection.plan_id and inspection.plan.code:
        issued = f" ngày {inspection.plan.issued_on:%d/%m/%Y}" if inspection.plan.issued_on else ""
        paragraph(
            document,
            f"Căn cứ Kế hoạch số {inspection.plan.code}{issued} của UBND {inspection.unit.name};",
            italic=True,
            align=justify,
            space_after=6,
        )
    paragraph(document, "QUYẾT ĐỊNH:", bold=True, align=center, space_after=6)
    target = inspection.inspected_agency.name + ", " if inspection.inspected_agency_id else ""
    dates = ""
    if inspection.start_on and inspection.end_on:
        dates = f" từ ngày {inspection.start_on:%d/%m/%Y} đến ngày {inspection.end_on:%d/%m/%Y}"
    paragraph(
        document,
        f"Điều 1. Kiểm tra {inspection.theme.name[:1].lower()}{inspection.theme.name[1:]} tại {target}"
        f"{inspection.inspected_unit.name}{dates}.",
        align=justify,
        space_after=6,
    )
    if inspection.scope:
        paragraph(document, "Nội dung kiểm tra:", align=justify, space_after=6)
        _lines(document, inspection.scope, justify)
    paragraph(document, "Điều 2. Thành lập Đoàn kiểm tra gồm các ông (bà) có tên sau:", align=justify, space_after=6)
    team = list(inspection.team.all())
    grid_table(
        document,
        ["STT", "Họ và tên", "Chức vụ, đơn vị", "Nhiệm vụ trong Đoàn"],
        [(False, [str(i), m.name, m.position, m.get_role_display()]) for i, m in enumerate(team, 1)],
        widths_mm=[12, 50, 63, 40],
    )
    paragraph(document, "", space_after=6)
    paragraph(
        document,
        "Điều 3. Đoàn kiểm tra có trách nhiệm kiểm tra theo đúng nội dung, thời gian quy định tại Điều 1 và báo cáo "
        "kết quả kiểm tra. Thủ trưởng các cơ quan, đơn vị có liên quan và các ông (bà) có tên tại Điều 2 chịu trách "
        "nhiệm thi hành Quyết định này./.",
        align=justify,
        space_after=12,
    )
    recipients = ["Như Điều 3"]
    signature_block(document, recipients=recipients, signer_title="Chủ tịch", signer_name="")
    return to_bytes(document)


def conclusion_docx(inspection: Inspection) -> bytes:
    """Kết luận kiểm tra: what was inspected, the checklist, the findings and the remedies with their deadlines."""
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    number = inspection.conclusion_number or "      /KL-UBND"
    document = _headed(inspection, number, inspection.conclusion_date, "KẾT LUẬN KIỂM TRA")
    paragraph(document, inspection.title, bold=True, align=center, space_after=12)
    if inspection.decision_number:
        decided = f" ngày {inspection.decision_date:%d/%m/%Y}" if inspection.decision_date else ""
        paragraph(
            document,
            f"Thực hiện Quyết định số {inspection.decision_number}{decided} của Chủ tịch UBND {inspection.unit.name}, "
            + (
                f"từ ngày {inspection.start_on:%d/%m/%Y} đến ngày {inspection.end_on:%d/%m/%Y}, "
                if inspection.start_on and inspection.end_on
                else ""
            )
            + f"Đoàn kiểm tra đã tiến hành kiểm tra tại {inspection.inspected_unit.name}.",
            align=justify,
            space_after=6,
        )
    paragraph(document, "I. KẾT QUẢ KIỂM TRA", bold=True, space_after=6)
    answers = [a for a in inspection.answers.all() if a.value]
    if answers:
        grid_table(
            document,
            ["STT", "Nội dung kiểm tra", "Kết quả", "Ghi chú"],
            [(False, [str(a.position), a.text, a.get_value_display(), a.note]) for a in answers],
            size=11,
            widths_mm=[12, 80, 30, 43],
        )
        paragraph(document, "", space_after=6)
    paragraph(document, "II. KẾT LUẬN", bold=True, space_after=6)
    _lines(document, inspection.conclusion, justify)
    findings = list(inspection.findings.all())
    if findings:
        paragraph(document, "Những tồn tại, hạn chế:", italic=True, space_after=6)
        for finding in findings:
            recurring = " (tồn tại đã được chỉ ra ở lần kiểm tra trước)" if finding.recurs_id else ""
            paragraph(
                document,
                f"{finding.number}. {finding.text} — mức độ: {finding.get_severity_display().lower()}{recurring}.",
                align=justify,
                space_after=6,
            )
    remedies = [(f, r) for f in findings for r in f.remedies.all()]
    paragraph(document, "III. KIẾN NGHỊ KHẮC PHỤC", bold=True, space_after=6)
    if remedies:
        grid_table(
            document,
            ["Tồn tại", "Kiến nghị khắc phục", "Đơn vị thực hiện", "Thời hạn", "Tình hình"],
            [
                (False, [str(f.number), r.text, r.agency.name, f"{r.due_on:%d/%m/%Y}", r.get_status_display()])
                for f, r in remedies
            ],
            size=11,
            widths_mm=[16, 62, 35, 24, 28],
        )
    else:
        paragraph(document, "Không có kiến nghị.", space_after=6)
    paragraph(document, "", space_after=6)
    paragraph(
        document,
        "Yêu cầu các cơ quan, đơn vị có liên quan thực hiện các kiến nghị trên đúng thời hạn và báo cáo kết quả "
        "(kèm minh chứng) về Đoàn kiểm tra./.",
        align=justify,
        space_after=12,
    )
    recipients = [
        inspection.inspected_agency.name if inspection.inspected_agency_id else inspection.inspected_unit.name
    ]
    signature_block(
        document, recipients=recipients, signer_title=inspection.signer_title, signer_name=inspection.signer_name
    )
    return to_bytes(document)
