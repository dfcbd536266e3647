"""A plan as documents: the task table as .xlsx (the layout units use today) and the plan as .docx in the
official layout of Decree 30/2020/NĐ-CP (Appendix I: administrative document format), and as PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.db.models import Prefetch
from django.utils.text import slugify

from chiso.accounts.models import Membership
from chiso.core.roles import Role
from chiso.lib.text import fold
from chiso.lib.xlsx import workbook_bytes
from chiso.units.models import AdministrativeUnit, Agency

from .decree30 import (
    agency_name,
    appendix_heading,
    basis_text,
    closing,
    committees_label,
    date_line,
    decree30_document,
    grid_table,
    header_block,
    in_sentence,
    locality_in_sentence,
    paragraph,
    place_name,
    share_widths,
    signature_block,
    strip_kind,
    to_bytes,
)
from .models import Plan, Task, TaskAgency

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
# A plan with pilot localities (địa phương điểm) has one more column in the .xlsx: each task's own.
PILOTS_HEADER = "Địa phương điểm"
PILOTS_WIDTH = 30
# Bodies a People's Committee asks rather than directs (GLOSSARY: "asked, not ordered: Đề nghị").
ASKED_KINDS = {Agency.Kind.COUNCIL, Agency.Kind.FRONT, Agency.Kind.MASS_ORG}
# Boards the people elect (People's Inspection Board, Community Investment Supervision Board) are asked too; an
# editorial board the committee set up is not.
PEOPLES_BOARD = re.compile(r"thanh tra nhan dan|giam sat dau tu")
# The same bodies by their names, for agencies recorded with another kind ("Ủy ban MTTQ Việt Nam thị xã").
ASKED_NAMES = re.compile(
    r"^(uy ban mttq|uy ban mat tran|mat tran to quoc|hoi dong nhan dan|hdnd|thuong truc hdnd|hoi |doan thanh nien"
    r"|lien doan lao dong|ban thanh tra nhan dan|ban giam sat dau tu)"
)


def _tasks(plan):
    return list(
        plan.tasks.prefetch_related(
            Prefetch("agency_links", queryset=TaskAgency.objects.select_related("agency__unit").order_by("role", "id")),
            "dimensions",
            Prefetch("pilot_units", queryset=AdministrativeUnit.objects.select_related("parent")),
        ).order_by("position", "id")
    )


def pilots_text(units) -> str:
    """ "ấp Vĩnh Biên, ấp Ca Lạc (xã Lạc Hòa); Khóm 1, Khóm 2 (Phường 1)": pilot localities as a plan names them,
    grouped by the commune they belong to (``parent`` loaded); a commune chosen whole stands alone."""
    groups: dict = {}
    for unit in sorted(units, key=lambda u: u.path):
        village = unit.level == AdministrativeUnit.Level.VILLAGE and unit.parent_id
        commune = unit.parent if village else None
        groups.setdefault(unit.parent_id if village else f"self-{unit.pk}", (commune, []))[1].append(unit)
    parts = []
    for commune, units_of in groups.values():
        names = ", ".join(locality_in_sentence(u) for u in units_of)
        parts.append(f"{names} ({locality_in_sentence(commune)})" if commune else names)
    return "; ".join(parts)


def pilots_sentence(plan, said="") -> str:
    """ "Địa phương điểm: ấp Vĩnh Biên, ấp Ca Lạc (xã Lạc Hòa); Khóm 1, Khóm 2 (Phường 1)." in the plan's purposes;
    "" when the plan has none, or its own text (``said``) names them all already (seed 002 does)."""
    pilots = list(plan.pilot_units.select_related("parent"))
    if not pilots or all(fold(p.name) in fold(said) for p in pilots):
        return ""
    return f"{PILOTS_HEADER}: {pilots_text(pilots)}."


def task_pilots(task) -> str:
    """The task's own pilot localities (prefetched by ``_tasks``), as the plan names them."""
    return pilots_text(task.pilot_units.all())


def _lower_committees(plan) -> tuple[set[int], str]:
    """The committees of the units directly below the plan's unit, and how a table names them all at once:
    "UBND các xã, phường" (seed 002), rather than ten lines in every cell."""
    rows = Agency.objects.filter(kind=Agency.Kind.COMMITTEE, unit__parent_id=plan.unit_id).values_list(
        "pk", "unit__kind", "unit__name"
    )
    ids, kinds = set(), set()
    for pk, kind, name in rows:
        ids.add(pk)
        kinds.add(kind or next((k for k in ("Thị trấn", "Phường", "Xã") if name.startswith(k)), ""))
    return ids, committees_label(kinds)


def _agency_cell(task, role, committees=(set(), ""), *, joiner="\n"):
    """The agencies of one role, one a line ("- Phòng Nội vụ"), no full stops; all the lower committees as one
    line "UBND các xã, phường". The .xlsx ends each line but the last with ";" (``joiner``): the task-table
    importer reads a spreadsheet cell as one line."""
    ids, label = committees
    links = [link for link in task.agency_links.all() if link.role == role]
    names = []
    if len(ids) > 1 and ids <= {link.agency_id for link in links}:
        names.append(label)
        links = [link for link in links if link.agency_id not in ids]
    names += [agency_name(link.agency.name) for link in links]
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return names[0] if names else ""
    return joiner.join(f"- {name}" for name in names)


def table_rows(plan, tasks=None, *, joiner="\n"):
    """The task table as rows of 8 cells: a group heading row, then its activities with an empty STT."""
    tasks = _tasks(plan) if tasks is None else tasks
    committees = _lower_committees(plan)

    def agencies(task, role):
        return _agency_cell(task, role, committees, joiner=joiner)

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
                            agencies(sub, "lead"),
                            agencies(sub, "coordinating"),
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
                        # an activity that only repeats the content is written once
                        "" if task.activity.strip() == task.title.strip() else task.activity,
                        agencies(task, "lead"),
                        agencies(task, "coordinating"),
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
    sheet.append([f"(Kèm theo Kế hoạch số {plan.code or '…'} của UBND {in_sentence(plan.unit)})"])
    sheet.append([])
    with_pilots = plan.pilot_units.exists()
    sheet.append(HEADERS + [PILOTS_HEADER] if with_pilots else HEADERS)
    header_row = 4
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for kind, task, cells in table_rows(plan, joiner=";\n"):
        sheet.append(cells + [task_pilots(task)] if with_pilots else cells)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            if kind == "group":
                cell.font = Font(bold=True)
    return finish_sheet(workbook, sheet, header_row, WIDTHS + [PILOTS_WIDTH] if with_pilots else WIDTHS)


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


# --- .docx in the layout of Decree 30/2020/NĐ-CP (the layout itself is ``decree30``) ------------------------
# The appendix columns in the docx: "Hoạt động", "Sản phẩm" and "PAPI" are left out when no row fills them, and
# the widths are shared in these proportions over the 262 mm of a landscape page.
DOCX_WEIGHTS = [13, 46, 68, 38, 42, 28, 30, 14]
OPTIONAL_COLUMNS = {2, 6, 7}
APPENDIX_WIDTH_MM = 262


def _date_line(plan):
    return date_line(plan.place or place_name(plan.unit), plan.issued_on, plan.year)


def _lower_first(text: str) -> str:
    """Lower-case the first letter inside a sentence, unless it opens an abbreviation ("PAPI", "UBND")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def targets_sentence(targets) -> str:
    """ "Mục tiêu: phấn đấu đạt điểm khá; vào nhóm 03 huyện, thị xã, thành phố đứng đầu của tỉnh." """
    texts = [t.text.strip().rstrip(" .;") for t in targets if t.text.strip()]
    return "Mục tiêu: " + "; ".join(_lower_first(t) for t in texts) + "." if texts else ""


def unit_signer(unit, title: str = "") -> tuple[str, str]:
    """The leader of the unit's People's Committee who would sign: the one whose position matches ``title``
    ("Phó Chủ tịch"), else the chair, else any leader; ``("", "")`` when the unit has no leader in the system."""
    leaders = [
        m.user
        for m in Membership.objects.filter(
            role=Role.LEADER, is_active=True, agency__unit=unit, agency__kind=Agency.Kind.COMMITTEE
        )
        .select_related("user")
        .order_by("pk")
        if m.user.full_name
    ]
    wanted = fold(title).strip()

    def matches(user, words):
        return fold(user.position or "").startswith(words)

    chosen = (
        next((u for u in leaders if wanted and matches(u, wanted)), None)
        or next((u for u in leaders if matches(u, "chu tich")), None)
        or (leaders[0] if leaders else None)
    )
    return (chosen.position or title, chosen.full_name) if chosen else (title, "")


def _signer(plan) -> tuple[str, str]:
    """The title and name that sign: as typed on the plan, else the leader who approved it, else the unit's
    leader of that title (a plan is never signed by a title without a name when the system knows the name)."""
    approver = plan.approved_by
    if plan.signer_name:
        return plan.signer_title, plan.signer_name
    if approver and approver.full_name:
        return plan.signer_title or approver.position, approver.full_name
    return unit_signer(plan.unit, plan.signer_title)


def _may_order(plan, agency) -> bool:
    """The committee gives tasks to its own offices and posts and to the committees below it; the People's Council,
    the Fatherland Front, mass organisations, the people's boards and bodies of other units are asked ("Đề nghị")."""
    if agency.kind in ASKED_KINDS:
        return False
    if agency.kind == Agency.Kind.BOARD and PEOPLES_BOARD.search(fold(agency.name)):
        return False
    if ASKED_NAMES.match(fold(agency.name)):
        return False
    return agency.unit_id == plan.unit_id or agency.unit.parent_id == plan.unit_id


def implementation_lines(plan, tasks) -> list[str]:
    """ "III. TỔ CHỨC THỰC HIỆN" when the plan has no text of its own: who leads and who coordinates which tasks,
    "Giao" for the bodies the committee directs and "Đề nghị" for those it can only ask (last, as in seed 002);
    the lower committees as one line "UBND các xã, phường" when their duties are the same."""
    duties: dict[int, dict] = {}
    for task in tasks:
        if not task.number:
            continue
        for link in task.agency_links.all():
            entry = duties.setdefault(link.agency_id, {"agency": link.agency, "lead": [], "coordinating": []})
            entry[link.role].append(task.number)
    ids, label = _lower_committees(plan)
    shared = {(tuple(duties[i]["lead"]), tuple(duties[i]["coordinating"])) for i in ids if i in duties}
    entries = []
    if len(ids) > 1 and ids <= set(duties) and len(shared) == 1:
        lead, coordinating = shared.pop()
        entries.append((True, label, list(lead), list(coordinating)))
        duties = {k: v for k, v in duties.items() if k not in ids}
    entries += [
        (_may_order(plan, e["agency"]), agency_name(e["agency"].name), e["lead"], e["coordinating"])
        for e in duties.values()
    ]
    entries.sort(key=lambda e: not e[0])  # stable: the bodies asked come last
    lines = []
    for i, (ordered, name, lead, coordinating) in enumerate(entries, start=1):
        verbs = []
        if lead:
            verbs.append("chủ trì thực hiện nhiệm vụ " + ", ".join(lead))
        if coordinating:
            verbs.append("phối hợp thực hiện nhiệm vụ " + ", ".join(coordinating))
        opener = "Giao" if ordered else "Đề nghị"
        lines.append(f"{i}. {opener} {name} " + "; ".join(verbs) + " tại Phụ lục kèm theo.")
    return lines


def _docx_columns(rows):
    """The appendix columns that carry something: the fixed ones, and each optional one some row fills."""
    return [
        i
        for i in range(len(HEADERS))
        if i not in OPTIONAL_COLUMNS or any(str(cells[i] or "").strip() for *_, cells in rows)
    ]


def plan_docx(plan) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    plan = Plan.objects.select_related("unit__parent", "approved_by").get(pk=plan.pk)
    document = decree30_document()
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    title, name = _signer(plan)
    header_block(
        document,
        unit_name=plan.unit.name,
        number=plan.code or "      /KH-UBND",
        date_text=_date_line(plan),
        draft=plan.status in (Plan.Status.DRAFT, Plan.Status.SUBMITTED),
    )

    paragraph(document, "", space_after=6)
    paragraph(document, "KẾ HOẠCH", bold=True, align=center)
    paragraph(document, strip_kind(plan.title, "Kế hoạch"), bold=True, align=center, space_after=12)
    for doc in plan.basis or []:
        paragraph(document, f"Căn cứ {basis_text(doc)};", align=justify, space_after=6)
    tasks = _tasks(plan)
    # The targets, then the pilot localities, close "I. MỤC ĐÍCH, YÊU CẦU" (where seed 002 names them).
    aims = [targets_sentence(plan.targets.all()), pilots_sentence(plan, f"{plan.purposes}\n{plan.body}")]
    implementation = plan.implementation or "\n".join(implementation_lines(plan, tasks))
    parts = [
        (heading, text, extra)
        for heading, text, extra in (
            ("MỤC ĐÍCH, YÊU CẦU", plan.purposes, [line for line in aims if line]),
            ("NỘI DUNG", plan.body, []),
            ("TỔ CHỨC THỰC HIỆN", implementation, []),
        )
        if (text or "").strip() or extra
    ]
    # Numbered as written: a plan with only its organisation has "I. TỔ CHỨC THỰC HIỆN", not a lone "III."
    for number, (heading, text, extra) in zip(("I", "II", "III"), parts, strict=False):
        paragraph(document, f"{number}. {heading}", bold=True, space_after=6)
        for line in (text or "").splitlines():
            if line.strip():
                paragraph(document, line.strip(), align=justify, space_after=6)
        for line in extra:
            paragraph(document, line, align=justify, space_after=6)
    closing(document, "Chi tiết nhiệm vụ tại Phụ lục kèm theo Kế hoạch này./.")

    upper = f"UBND {in_sentence(plan.unit.parent)} (để báo cáo)" if plan.unit.parent_id else ""
    signature_block(
        document,
        recipients=(plan.recipients or "").splitlines() or [upper, "Các cơ quan, đơn vị được giao nhiệm vụ"],
        signer_title=title,
        signer_name=name,
    )

    # Appendix: the task table on landscape pages, its header row on every page.
    dated = f" ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else ""
    appendix_heading(
        document, "BIỂU TỔNG HỢP NHIỆM VỤ", f"Kế hoạch số {plan.code or '…'}{dated} của UBND {in_sentence(plan.unit)}"
    )
    rows = table_rows(plan, tasks)
    columns = _docx_columns(rows)
    # A task's own pilot localities on a line of their own under its activity (its content when no task has one).
    where = 2 if 2 in columns else 1
    for _kind, task, cells in rows:
        if pilots := task_pilots(task):
            cells[where] = "\n".join(filter(None, [cells[where], f"({PILOTS_HEADER}: {pilots})"]))
    grid_table(
        document,
        [HEADERS[i] for i in columns],
        [(kind == "group", [cells[i] for i in columns]) for kind, _task, cells in rows],
        widths_mm=share_widths([DOCX_WEIGHTS[i] for i in columns], APPENDIX_WIDTH_MM),
    )
    return to_bytes(document)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def plan_document(plan, kind: str) -> tuple[bytes, str]:
    """The plan as ``kind`` ("xlsx", "docx", "pdf") and its content type: one door for the page and the API.
    Raises :class:`PdfUnavailable` when no LibreOffice can make the PDF."""
    if kind == "xlsx":
        return plan_xlsx(plan), XLSX
    if kind == "docx":
        return plan_docx(plan), DOCX
    try:
        return docx_to_pdf(plan_docx(plan)), PDF
    except OSError as exc:
        raise PdfUnavailable from exc


def download_name(plan, extension: str) -> str:
    """The Content-Disposition of a plan's file: "15-KH-UBND Phường Phùng Chí Kiên.docx" (the number as officials
    name the file, no "/", which a file name cannot hold; a plan without a number yet: "KH-2026 …"), with an ASCII
    fallback for old clients."""
    stem = (plan.code or f"KH-{plan.year}").replace("/", "-")
    name = f"{stem} {plan.unit.name}.{extension}"
    ascii_name = slugify(name.rsplit(".", 1)[0]) + f".{extension}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


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
