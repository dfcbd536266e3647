"""The layout of an administrative document under Decree 30/2020/NĐ-CP (Appendix I), shared by the plan export
(``chiso.plans.exporters``) and the consolidated report (``chiso.reporting.exporters``).

What each helper settles, with the rule it follows:

- the header: issuing body on the left, national title on the right, "Phùng Chí Kiên, ngày 21 tháng 01 năm 2025"
  (days below 10 and the months 1 and 2 take a leading zero, the other months none: Appendix I, item 4);
- the signature: "TM. ỦY BAN NHÂN DÂN", then "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" when a vice-chair signs, the name under
  it; the whole block is one table row that may not break across pages, and the sentence before it keeps with it;
- "Nơi nhận": one recipient a line ending in ";", "Lưu: VT." last and once;
- tables whose header row repeats on every page, with column widths in millimetres (Word reads the cells,
  LibreOffice the grid);
- names as they are written inside a sentence: "UBND phường Phùng Chí Kiên", never "UBND Phường …", never
  "Phòng Nội vụ." with a full stop.
"""

from __future__ import annotations

import datetime as dt
import io
import re

# The kinds of administrative unit as written at the start of a unit's name ("Phường 1", "Thị xã Vĩnh Châu").
UNIT_KINDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
_KIND_AFTER_BODY = re.compile(
    r"^((?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân|Ủy ban MTTQ Việt Nam)\s+)(" + "|".join(UNIT_KINDS) + r")\b"
)
# The kinds of locality below a commune as written at the start of its name ("Ấp Vĩnh Biên", "Tổ dân phố Bạch Sam 1").
LOCALITY_KINDS = ("Tổ dân phố", "Khu dân cư", "Khu phố", "Ấp", "Khóm", "Thôn", "Xóm", "Bản", "Buôn", "Làng")
# The order in which official text lists kinds of units: "UBND các xã, phường, thị trấn".
KIND_ORDER = ["huyện", "quận", "thị xã", "thành phố", "xã", "phường", "thị trấn", "đặc khu"]


def document_date(day: dt.date) -> str:
    """ "ngày 03 tháng 01 năm 2025", "ngày 15 tháng 3 năm 2023" (Decree 30/2020, Appendix I: a zero before days
    below 10 and before the months 1 and 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place, day, year):
    """ "Mỹ Hào, ngày 03 tháng 01 năm 2025"; blanks to fill by hand while the document has no date."""
    if day:
        return f"{place}, {document_date(day)}"
    return f"{place}, ngày      tháng      năm {year}"


def short_date(value) -> str:
    """A date as officials write it in a sentence, 03/01/2025, from a date or an ISO string; other text as is."""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    text = str(value or "").strip()
    try:
        return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
    except ValueError:
        return text


def basis_text(doc) -> str:
    """ "Đề án số 02/ĐA-UBND ngày 08/8/2022 của UBND tỉnh Sóc Trăng …": a stored sentence as is, else built from
    its parts, the date as officials write it (never "ngày 2014-07-04")."""
    if doc.get("text"):
        return re.sub(r"\b(\d{4}-\d{2}-\d{2})\b", lambda m: short_date(m.group(1)), doc["text"]).rstrip(" ;.")
    parts = [
        doc.get("kind"),
        f"số {doc['code']}"
        if doc.get("code") and doc.get("kind") and not doc["kind"].endswith(" số")
        else doc.get("code"),
        f"ngày {short_date(doc['issued_on'])}" if doc.get("issued_on") else "",
        f"của {doc['issuer']}" if doc.get("issuer") else "",
    ]
    return " ".join(filter(None, parts))


def in_sentence(unit) -> str:
    """ "Thị xã Mỹ Hào" → "thị xã Mỹ Hào", "Phường 1" → "phường 1": the kind of unit is lower case in a sentence."""
    name = unit.name
    kind = unit.kind or next((k for k in UNIT_KINDS if name.startswith(k + " ")), "")
    if kind and name.startswith(kind):
        return kind.lower() + name[len(kind) :]
    return name


def locality_in_sentence(unit) -> str:
    """A commune or hamlet named inside a sentence (Decree 30/2020, Appendix II): the kind in lower case, "ấp Vĩnh
    Biên", "xã Lạc Hòa", "tổ dân phố Bạch Sam 1"; a name that is a number keeps its kind in capitals, "Khóm 1",
    "Phường 1"."""
    name = unit.name
    kind = unit.kind or next((k for k in (*UNIT_KINDS, *LOCALITY_KINDS) if name.startswith(k + " ")), "")
    rest = name[len(kind) :].strip() if kind and name.startswith(kind) else ""
    return kind.lower() + name[len(kind) :] if rest and not rest[0].isdigit() else name


def place_name(unit) -> str:
    """The place in the date line: "Phùng Chí Kiên", "Vĩnh Châu" (the unit's name without its kind; a numbered
    ward keeps it: "Phường 1")."""
    name = unit.short_name or unit.name
    kind = unit.kind or next((k for k in UNIT_KINDS if name.startswith(k + " ")), "")
    rest = name[len(kind) :].strip() if kind and name.startswith(kind) else name
    return name if not rest or rest[0].isdigit() else rest


def agency_name(name: str) -> str:
    """An agency's name as a table cell or a recipient line shows it: no trailing full stop or semicolon, and
    "UBND Phường 1" written "UBND phường 1"."""
    name = (name or "").strip().rstrip(".;,").strip()
    return _KIND_AFTER_BODY.sub(lambda m: m.group(1) + m.group(2).lower(), name)


def strip_kind(title: str, kind: str) -> str:
    """ "Kế hoạch nâng cao Chỉ số PAPI…" under the heading "KẾ HOẠCH" → "Nâng cao Chỉ số PAPI…": the kind of
    document is written once, as the heading."""
    title = (title or "").strip()
    if title.lower().startswith(kind.lower() + " "):
        rest = title[len(kind) + 1 :].strip()
        return rest[:1].upper() + rest[1:]
    return title


def committees_label(kinds) -> str:
    """ "UBND các xã, phường" for the committees of the lower units (seed 002's words, which the task-table importer
    reads back as all of them), "UBND các xã, phường, thị trấn" with towns; the district-level kinds in the usual
    order ("UBND các huyện, thị xã, thành phố")."""
    present = [k for k in KIND_ORDER if k in {(kind or "").lower() for kind in kinds}]
    if not present or set(present) & {"xã", "phường", "thị trấn", "đặc khu"}:
        return "UBND các xã, phường" + (", thị trấn" if "thị trấn" in present else "")
    return "UBND các " + ", ".join(present)


def recipient_lines(lines) -> list[str]:
    """ "Nơi nhận" as printed: one recipient a line ("- Sở Nội vụ;"), the file copy last and once ("- Lưu: VT.",
    or the recipients' own "Lưu: VT, NC.")."""
    keep, archive, seen = [], None, set()
    for raw in lines:
        text = (raw or "").strip().lstrip("-–•").strip().rstrip(".;,").strip()
        if not text:
            continue
        if text.lower().startswith("lưu"):
            archive = text if archive is None or len(text) > len(archive) else archive  # "Lưu: VT, NC" wins
            continue
        if text.lower() not in seen:
            seen.add(text.lower())
            keep.append(text)
    archive = archive or "Lưu: VT"
    return [f"- {text};" for text in keep] + [f"- {archive}."]


def signer_lines(title: str) -> list[str]:
    """The lines above the signature: "TM. ỦY BAN NHÂN DÂN" then "CHỦ TỊCH", or "KT. CHỦ TỊCH" and "PHÓ CHỦ TỊCH"
    when a vice-chair signs for the chair (Decree 30/2020, Appendix I, item 7)."""
    title = re.sub(r"\s+(UBND|Ủy ban nhân dân)\b.*$", "", (title or "").strip(), flags=re.IGNORECASE)
    upper = title.upper() or "CHỦ TỊCH"
    upper = re.sub(r"^KT\.?\s*CHỦ TỊCH\s*", "", upper).strip() or "PHÓ CHỦ TỊCH"
    if upper.startswith("PHÓ CHỦ TỊCH"):
        return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", upper]
    return ["TM. ỦY BAN NHÂN DÂN", upper]


# --- python-docx ------------------------------------------------------------------------------------------
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


def _row_property(row, tag):
    """Set a flag of a table row (``w:tblHeader``: repeat on every page; ``w:cantSplit``: never break)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _set_widths(table, widths_mm):
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid LibreOffice reads
        for cell in column.cells:
            cell.width = Mm(width)  # what Word reads


def header_block(document, *, unit_name, number, date_text, draft=False):
    """The issuer (committee, unit, number) on the left; the national title, motto, place and date on the right.
    A draft says so under its number."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    center = WD_ALIGN_PARAGRAPH.CENTER
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    # Page text width is 165 mm: the issuer block on the left, the national title on the right.
    _set_widths(header, [62, 103])
    left.paragraphs[0].text = ""
    paragraph(left, "ỦY BAN NHÂN DÂN", size=13, align=center)
    paragraph(left, unit_name.upper(), bold=True, size=13, align=center)
    paragraph(left, f"Số: {number}", size=13, align=center)
    if draft:
        paragraph(left, "DỰ THẢO", bold=True, size=12, align=center)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=center)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=13, align=center)
    paragraph(right, date_text, italic=True, size=13, align=center)
    return header


def closing(document, text):
    """The closing sentence ("Trên đây là …/."), kept on the page of the signature that follows it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=12)
    p.paragraph_format.keep_with_next = True
    return p


def signature_block(document, *, recipients, signer_title, signer_name):
    """ "Nơi nhận" on the left; the committee's signature on the right: one row that never breaks across pages,
    so "TM. ỦY BAN NHÂN DÂN" and the signer's name are always on the same page. Without a name (a draft) the
    space for the signature and the name is left blank."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    center = WD_ALIGN_PARAGRAPH.CENTER
    sign = document.add_table(rows=1, cols=2)
    _set_widths(sign, [80, 85])
    _row_property(sign.rows[0], "w:cantSplit")
    left, signature = sign.rows[0].cells
    left.paragraphs[0].text = ""
    paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in recipient_lines(recipients):
        paragraph(left, line, size=11)
    signature.paragraphs[0].text = ""
    lines = signer_lines(signer_title)
    for i, line in enumerate(lines):
        paragraph(signature, line, bold=True, align=center, space_after=60 if i == len(lines) - 1 else 0)
    paragraph(signature, (signer_name or "").strip(), bold=True, align=center)
    for cell in (left, signature):
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
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


def appendix_heading(document, title, attached_to, *, label="Phụ lục", new_section=True):
    """The opening of an appendix (on landscape pages unless ``new_section`` is false): "Phụ lục", its title in
    capitals, and "(Kèm theo …)" naming the document it belongs to."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if new_section:
        landscape_appendix(document)
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(document, label, bold=True, align=center)
    paragraph(document, title, bold=True, align=center)
    paragraph(document, f"(Kèm theo {attached_to})", italic=True, align=center, space_after=6)


def grid_table(document, headers, rows, *, size=12, widths_mm=None):
    """A bordered table: a bold header row repeated on every page, then a row per ``(bold, cells)`` of ``rows``;
    column widths in mm when given (else Word shares the width equally)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    _row_property(table.rows[0], "w:tblHeader")
    _row_property(table.rows[0], "w:cantSplit")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
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
        _set_widths(table, widths_mm)
    return table


def share_widths(weights, total_mm) -> list[float]:
    """Column widths in mm in proportion to ``weights``, filling ``total_mm``."""
    whole = sum(weights)
    return [round(total_mm * w / whole, 1) for w in weights]


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
