"""Read a plan document into the structure of ``schema/plan-import.schema.json``.

The reader works on lines (see :mod:`.sources`): it cleans markup and web-page noise, joins lines that
text exported from PDF wrapped mid-sentence, then reads the header block, the title, the basis documents,
the headings and the PAPI dimension of each, the targets, the task table, the "Tổ chức thực hiện" part,
reporting duties and other deadlines, the signer and the recipients. Whatever it sees but cannot place
goes to ``warnings``; nothing is guessed (a blank date stays null).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from chiso.lib.budget import charge
from chiso.lib.text import clean_text
from chiso.lib.text import fold as _fold
from chiso.plans.importers import split_agencies
from chiso.plans.targets import read_targets

from . import parsing
from .sources import CELL_BREAK, ImportRefused, read_lines

# The same paragraphs are folded by several readers (reporting, deadlines, duties): fold each once.
_cached_fold = lru_cache(maxsize=16384)(_fold)


def fold(value: str) -> str:
    charge(len(value or ""))
    return _cached_fold(value)


fold.cache_clear = _cached_fold.cache_clear

UNIT_WORDS = r"(?:TỈNH|HUYỆN|THỊ XÃ|THÀNH PHỐ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)"
ROMAN = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
HEADING_STYLES = [
    ("roman", re.compile(rf"^({ROMAN})\s*(?:[.)/:]|\s[-–])\s*(.+)$")),
    ("dotted2", re.compile(r"^(\d{1,2}\s*[.,]\s*\d{1,2}\s*[.,]\s*\d{1,2})\s*[.,)]?\s+(.+)$")),
    ("dotted", re.compile(r"^(\d{1,2}\s*[.,]\s*\d{1,2})\s*[.,)]?\s+(.+)$")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.)]\s*(.+)$")),
    ("letter", re.compile(r"^([a-zđ])\s*[).]\s*(.+)$")),
]
STYLE_RANK = {"roman": 0, "caps": 0, "arabic": 1, "dotted": 2, "dotted2": 3, "letter": 4}
NOISE = re.compile(
    r"^(trang chu|dang nhap|dang ky|tim kiem|chia se|in bai|in trang|ban quyen|copyright|luot xem|tin lien quan"
    r"|tin khac|lien he|gioi thieu|so do cong|ban in|quay lai|top|facebook|zalo|email|ve dau trang|©)\b"
)
END_OF_BODY = re.compile(r"^(noi nhan|tm\.?\s|kt\.?\s|phu luc\b|bieu tong hop)")
LIST_MARK = re.compile(
    r"^([-+•*–]\s+|\(\d+\)\s|\d{1,2}(?:\s*[.,]\s*\d{1,2})*\s*[.),]\s|[a-zđ]\s*\)\s|" + ROMAN + r"\s*[.)]\s)"
)
SENTENCE_END = (".", ";", ":", "!", "?", ".)", ";)")


# --- cleaning ---------------------------------------------------------------------------------------------
def clean_line(line: str) -> str:
    """Markup off: HTML tags and entities, markdown headings, bold and italics; stray spaces collapsed."""
    charge(len(line))
    line = re.sub(r"<br\s*/?>", " ", line, flags=re.I)
    cut = line.rfind(">") + 1  # a tag ends at a ">": none after the last one (no rescan to the end per "<p")
    block = " - " if "<li" in line.lower() else " "
    line = re.sub(r"</?(li|p|div|tr)[^>]*>", block, line[:cut], flags=re.I) + line[cut:]
    line = re.sub(r"<[^>]{0,300}>", " ", line)
    line = html.unescape(line)
    line = line.replace("\u00a0", " ").replace("\u200b", "")
    cells = line.split("\t")
    out = []
    for cell in cells:
        parts = []
        for part in cell.split(CELL_BREAK):
            part = re.sub(r"^\s*#{1,6}\s*", "", part)
            part = part.replace("**", "").replace("__", "")
            part = _italics(part)
            part = re.sub(r"^\s*>\s*", "", part)
            parts.append(clean_text(part) or "")
        out.append(CELL_BREAK.join(p for p in parts if p) if len(parts) > 1 else parts[0])
    return "\t".join(out) if len(out) > 1 else out[0]


_CLOSING_STAR = re.compile(r"(?<=\S)\*(?![\w*])")


def _italics(part: str) -> str:
    """ "*text*" → "text". Only up to the last star that can close: an opening star after it would scan to the
    end of the line in vain, once per star (quadratic on a line of stars)."""
    if "*" not in part:
        return part
    cut = max((m.end() for m in _CLOSING_STAR.finditer(part)), default=0)
    if not cut:
        return part
    return re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", part[:cut]) + part[cut:]


def _is_table_line(line: str) -> bool:
    return "\t" in line and sum(1 for c in line.split("\t") if c.strip()) >= 1


HEADER_WORDS = [
    ("number", r"^(?:stt|tt|so tt|so thu tu)$"),
    ("lead", r"chu tri"),
    ("coordinating", r"phoi hop"),
    ("timeframe", r"^(?:thoi gian|thoi han|tien do|han hoan thanh)"),
    ("output", r"^(?:san pham|ket qua)"),
    ("papi", r"^(?:papi|(?:chi so|linh vuc|noi dung) papi|chi so (?:noi dung|thanh phan))"),
    ("title", r"^(?:noi dung|linh vuc|nhom nhiem vu)$"),
    ("activity", r"^(?:hoat dong|nhiem vu|noi dung (?:cong viec|nhiem vu|hoat dong|thuc hien)|ten nhiem vu|cong viec"
     r"|giai phap|nhiem vu, giai phap)"),
]  # fmt: skip


def _header_columns(cells) -> dict:
    """Column of each known heading: "STT", "Nội dung", "Hoạt động", "Đơn vị/Cơ quan chủ trì", "Phối hợp", …"""
    found = {}
    for index, cell in enumerate(cells):
        key = fold(cell.replace(CELL_BREAK, " ")).strip(" :.*")
        if not key or len(key) > 60:
            continue
        for column, pattern in HEADER_WORDS:
            if column not in found and re.search(pattern, key):
                found[column] = index
                break
    if "activity" not in found and "title" in found:
        # Only "Nội dung": the content column holds the activities.
        found["activity"] = found.pop("title")
    return found


# --- header block -------------------------------------------------------------------------------------------
def _title_case_unit(text: str) -> str:
    """ "PHƯỜNG PHÙNG CHÍ KIÊN" → "phường Phùng Chí Kiên"."""
    m = re.match(rf"^{UNIT_WORDS}\s+(.+)$", text)
    if not m:
        return text.title()
    unit_word = text[: len(text) - len(m.group(1))].strip().lower()
    return f"{unit_word} {m.group(1).title()}"


def read_header(lines: list[str]) -> dict:
    text = " ".join(lines)
    result = {"issuer": None, "code": None, "place": None, "issued_on": None}
    m = re.search(
        rf"(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN)\s+({UNIT_WORDS}\s+[A-ZÀ-ỸĐ0-9 ]{{1,200}}?)"
        r"(?=\s+(?:CỘNG HÒA|CỘNG HOÀ|Số\b|SỐ\b|Độc|ĐỘC|-{2,}|$)|\s*$)",
        text,
    )
    if m:
        body = "HĐND" if "HỘI ĐỒNG" in text[m.start() : m.start() + 20] else "UBND"
        result["issuer"] = f"{body} {_title_case_unit(m.group(1).strip())}"
    m = re.search(r"\bS[ốỐ]\s*(?:hiệu)?\s*:?\s*(\S*)(?:\s+(\S+))?", text)
    if m:
        candidate = m.group(1) if "/" in m.group(1) or not m.group(2) else f"{m.group(1)} {m.group(2)}"
        result["code"] = parsing.parse_code(candidate) if not candidate.startswith("/") else None
    m = re.search(r"([^,]{0,80}),\s*(ngày\b.{0,40})", text)
    if m:
        words = []
        for word in reversed(m.group(1).split()):
            if not word[:1].isupper():
                break
            words.insert(0, word)
        while len(words) > 1 and words[0].isupper() and not words[1].isupper():
            words.pop(0)
        result["place"] = " ".join(words) or None
        result["issued_on"] = parsing.iso(parsing.parse_date(m.group(2)))
    return result


# --- paragraphs ----------------------------------------------------------------------------------------------
def join_wrapped(lines: list[str]) -> list[str]:
    """Lines hard-wrapped mid-sentence (text from PDF) → one line per paragraph, list item or heading.

    A line continues the previous one when the previous has no closing punctuation and either this one
    starts in lower case, or the previous one is as long as the document's wrapped lines (it was cut by
    the page width, so an upper-case word on the next line is a name, not a new paragraph).

    Linear: a paragraph is kept as its lines and joined once; only its last line (punctuation) and the start
    of its folded text (``END_OF_BODY``) are looked at. A paragraph longer than
    ``CHISO_IMPORT_MAX_PARAGRAPH_CHARS`` means a text without full stops: it is refused."""
    limit = settings.CHISO_IMPORT_MAX_PARAGRAPH_CHARS
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    width = lengths[int(len(lengths) * 0.8)] if len(lengths) >= 10 else 10**6
    wrapped_text = width < 140
    out: list[list[str]] = []
    head = ""  # the folded start of the current paragraph (at least HEAD characters, when it has them)
    size = 0
    last_raw = ""
    for line in lines:
        if not line:
            continue
        charge(len(line))
        if out:
            heading = heading_of(line)
            marked = bool(LIST_MARK.match(line)) or bool(heading and heading[0] != "caps")
            starts_lower = not marked and (line[:1].islower() or line[:1].isdigit() or line[:1] in "(\"“'")
            full_width = wrapped_text and len(last_raw) >= 0.8 * width and not marked
            if not out[-1][-1].endswith(SENTENCE_END) and (starts_lower or full_width) and not END_OF_BODY.match(head):
                out[-1].append(line)
                size += len(line) + 1
                if size > limit:
                    raise _run_on(out[-1][0], limit)
                if len(head) < HEAD:
                    head = " ".join(part for part in (head, fold(line)) if part)
                last_raw = line
                continue
        out.append([line])
        head = fold(line)
        size = len(line)
        if size > limit:
            raise _run_on(line, limit)
        last_raw = line
    return [" ".join(parts) for parts in out]


HEAD = 64  # END_OF_BODY reads the first words of a paragraph only


def _run_on(start: str, limit: int) -> ImportRefused:
    return ImportRefused(
        _(
            "The paragraph that begins “%(start)s…” runs on for more than %(limit)s characters without a full stop: "
            "the file cannot be read as a plan. Check that it is the plan's text, with its punctuation."
        )
        % {"start": start[:60], "limit": number_format(limit, force_grouping=True)}
    )


def heading_of(line: str) -> tuple[str, str, str] | None:
    """(style, number, heading) when the line is a numbered heading."""
    charge(len(line))
    for style, pattern in HEADING_STYLES:
        m = pattern.match(line)
        if not m:
            continue
        number, heading = re.sub(r"\s", "", m.group(1)), m.group(2).strip()
        limit = {"letter": 110, "roman": 200}.get(style, 180)
        if not heading or len(heading) > limit or not (heading[:1].isupper() or heading[:1] in '“"('):
            return None
        if style == "letter" and heading.endswith((".", ";", ",")):
            return None
        if style in ("dotted", "dotted2"):
            number = number.replace(",", ".")
        if style == "arabic" and heading.endswith((";", ",")):
            return None
        return style, number, heading.rstrip(" :.").strip()
    letters = [c for c in line if c.isalpha()]
    if 2 <= len(line.split()) <= 16 and letters and all(c.isupper() for c in letters) and not line.startswith("-"):
        return "caps", None, line.rstrip(" :.")
    return None


# --- the document ---------------------------------------------------------------------------------------------
def read_document(data: bytes, filename: str = "") -> dict:
    """Bytes of a file → the schema's JSON (raises :class:`sources.ImportRefused` for unreadable files)."""
    lines, warnings = read_lines(data, filename)
    return read_plan_lines(lines, warnings)


def _split_tables(lines):
    """Body lines and task tables ([header, rows]); other tables (a two-column header) become body lines."""
    body, tables = [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        charge(len(line))
        if _is_table_line(line) and len(_header_columns(line.split("\t"))) >= 3:
            header = line.split("\t")
            rows = []
            i += 1
            if i < len(lines) and _is_table_line(lines[i]):
                sub = _header_columns(lines[i].split("\t"))
                named = [c for c in lines[i].split("\t") if c.strip()]
                if {"lead", "coordinating"} & set(sub) and len(sub) == len(named):
                    # "Đơn vị thực hiện" over "Chủ trì | Phối hợp": the second row names the columns.
                    below = lines[i].split("\t")
                    width = max(len(header), len(below))
                    header = [
                        (below[k] if k < len(below) and below[k].strip() else (header[k] if k < len(header) else ""))
                        for k in range(width)
                    ]
                    i += 1
            loose: list[str] = []  # lines that continue the last row's last cell, joined once

            def add_loose(rows=rows, loose=loose):
                if loose:
                    rows[-1][-1] = f"{rows[-1][-1]} {' '.join(loose)}".strip()
                    loose.clear()

            while i < len(lines):
                row = lines[i]
                charge(len(row))
                if re.fullmatch(r"[-\t| :]*", row) and "-" in row:
                    i += 1
                    break
                if not row:
                    i += 1
                    continue
                if not _is_table_line(row):
                    folded = fold(row)
                    if rows and len(rows[-1]) < len(header) and not END_OF_BODY.match(folded):
                        loose.append(row)
                        i += 1
                        continue
                    break
                add_loose()
                cells = row.split("\t")
                if rows and len(rows[-1]) < len(header) - 1 and len(rows[-1]) + len(cells) - 1 <= len(header):
                    rows[-1][-1] = f"{rows[-1][-1]} {cells[0]}".strip()
                    rows[-1].extend(cells[1:])
                else:
                    rows.append(cells)
                i += 1
            add_loose()
            tables.append((header, rows))
            continue
        if _is_table_line(line):
            for cell in line.split("\t"):
                body.extend(p for p in cell.split(CELL_BREAK) if p)
        else:
            body.extend(p for p in line.split(CELL_BREAK) if p)
        i += 1
    return body, tables


def _split_pipes(lines):
    out = []
    for line in lines:
        if "\t" not in line and " | " in line:
            out.extend(p.strip() for p in line.split("|") if p.strip())
        elif "\t" not in line and line.startswith("|") and line.endswith("|"):
            out.extend(p.strip() for p in line.strip("|").split("|") if p.strip())
        else:
            out.append(line)
    return out


_START = re.compile(
    r"^(uy ban nhan dan|ubnd|hoi dong nhan dan|cong hoa xa hoi|so\s*:|ke hoach$|quyet dinh$|dang bo|tinh uy|huyen uy"
    r"|[^,]{2,40}, ngay\b)"
)


def read_plan_lines(raw_lines: list[str], warnings: list[str] | None = None) -> dict:
    warnings = list(warnings or [])
    cleaned = [clean_line(line) for line in raw_lines]
    cleaned = [line for line in cleaned if not NOISE.match(fold(line)) or "\t" in line]
    cleaned = [line for line in cleaned if not re.fullmatch(r"[-=_*|\s]{3,}", line)]
    body, tables = _split_tables(cleaned)
    body = _split_pipes(body)
    body = [line for line in body if line.strip()]
    # Site navigation before the document: drop what comes before the first line of the header block.
    for index, line in enumerate(body[:80]):
        if _START.match(fold(line)):
            if index:
                warnings.append(_("Skipped %(n)s lines before the document's header.") % {"n": index})
            body = body[index:]
            break
    # The plan begins at the line "KẾ HOẠCH" (after a decision that issues it, when there is one).
    title_at = None
    for index, line in enumerate(body):
        if re.fullmatch(r"(?:KẾ HOẠCH|KẾ HOẠCH:)", line.strip()):
            title_at = index
    if title_at is None:
        for index, line in enumerate(body):
            if fold(line).startswith("ke hoach") and line[:8].isupper():
                title_at = index
                break
    if title_at is None:
        warnings.append(_("No line “KẾ HOẠCH” was found: the title is taken from the first line."))
        title_at = -1
    decision_at = next((i for i, line in enumerate(body[: max(title_at, 0)]) if line.strip() == "QUYẾT ĐỊNH"), None)
    header_lines = body[: decision_at if decision_at is not None else max(title_at, 0)]
    header = read_header(header_lines)
    rest = body[title_at + 1 :]
    # Title: the lines after KẾ HOẠCH up to the preamble.
    title_parts = []
    same_line = re.sub(r"^\s*KẾ HOẠCH\s*:?\s*", "", body[title_at]) if title_at >= 0 else ""
    if same_line and same_line != body[title_at]:
        title_parts.append(same_line)  # "KẾ HOẠCH Nâng cao Chỉ số PAPI …" on one line
    while rest:
        folded = fold(rest[0])
        first_and_plain = not title_parts and not folded.startswith("can cu") and not re.search(r"\bso\s+\d", folded)
        if not first_and_plain and (
            folded.startswith(("can cu", "thuc hien", "de ", "nham ", "(ban hanh kem", "(kem theo", "ban hanh kem"))
            or heading_of(rest[0])
            and heading_of(rest[0])[0] != "caps"
            or len(title_parts) >= 4
        ):
            break
        title_parts.append(rest.pop(0))
    annex = 0  # "(Ban hành kèm theo …)" lines, any number of them
    while annex < len(rest) and fold(rest[annex]).startswith(("(ban hanh kem", "(kem theo", "ban hanh kem")):
        if not header["code"]:
            header["code"] = parsing.parse_code(rest[annex])
        annex += 1
    del rest[:annex]
    title = clean_text(" ".join(title_parts)) or ""
    if not title:
        warnings.append(_("The plan's title was not found."))
    years = re.findall(r"(?:năm|NĂM)\s+(\d{4})", title)
    footnotes = [line for line in rest if line[:1] in "¹²³⁴⁵⁶⁷⁸⁹"]
    for line in footnotes:
        warnings.append(_("Footnote not placed in the plan: “%(text)s”.") % {"text": line[:160]})
    paragraphs = join_wrapped([line for line in rest if line[:1] not in "¹²³⁴⁵⁶⁷⁸⁹"])
    # Preamble: up to the first heading.
    first_heading = next((i for i, p in enumerate(paragraphs) if heading_of(p)), len(paragraphs))
    preamble = paragraphs[:first_heading]
    decision_preamble = body[decision_at:title_at] if decision_at is not None else []
    basis = parsing.find_basis(
        " ".join(p for p in decision_preamble if fold(p).startswith("can cu")) + " " + " ".join(preamble)
    )
    issuer = header["issuer"]
    if not issuer:
        for p in preamble + paragraphs[: first_heading + 3]:
            m = re.search(
                r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)\s+"
                r"([A-ZĐÀ-Ỹ]\S*(?:\s+[A-ZĐÀ-Ỹ0-9]\S*)*)\s+(?:xây dựng|ban hành)",
                p,
            )
            if m:
                issuer = f"UBND {m.group(1)} {m.group(2)}"
                break
    # Body, up to the recipients / signature / appendix.
    end = next(
        (i for i, p in enumerate(paragraphs) if i >= first_heading and END_OF_BODY.match(fold(p))), len(paragraphs)
    )
    sections, items = _sections(paragraphs[first_heading:end])
    tail = [p for p in rest if p]
    signer, recipients = _signature(tail)
    if signer["name"] is None and decision_at is not None:
        signer, decision_recipients = _signature(body[decision_at:title_at])
        recipients = recipients or decision_recipients
    result = {
        "plan": {
            "title": title,
            "code": header["code"],
            "issuer": issuer,
            "place": header["place"],
            "issued_on": header["issued_on"],
            "year": int(years[-1]) if years else None,
            "basis": basis,
            "targets": _targets(items),
            "signer": signer,
            "recipients": recipients,
        },
        "sections": [{k: s[k] for k in ("number", "heading", "level", "dimension")} for s in sections],
        "tasks": [],
        "responsibilities": _responsibilities(items),
        "reporting": _reporting(items),
        "deadlines": _deadlines(items),
        "warnings": warnings,
    }
    for header_cells, rows in tables:
        result["tasks"].extend(_tasks(header_cells, rows, warnings))
    if not tables:
        warnings.append(_("No task table (STT, Nội dung, Hoạt động, Đơn vị chủ trì, …) was found."))
    return result


def _sections(paragraphs):
    """Headings (flattened, with levels and dimensions) and every paragraph with the headings above it."""
    found = []
    for p in paragraphs:
        h = heading_of(p)
        if h:
            found.append(h[0])
    present = sorted(set(found), key=lambda s: STYLE_RANK[s])
    levels = {}
    for style in present:
        levels[style] = len({STYLE_RANK[s] for s in present if STYLE_RANK[s] < STYLE_RANK[style]}) + 1
    sections, items, stack = [], [], []
    for p in paragraphs:
        if re.match(r"^(tren day la|trong qua trinh (?:trien khai|to chuc|thuc hien))", fold(p)):
            stack = []  # the closing sentence belongs to no section
        h = heading_of(p)
        if h:
            style, number, heading = h
            level = levels[style]
            stack = [s for s in stack if s["level"] < level]
            dims = parsing.dimensions_in(heading)
            if len(dims) == 1:
                dimension = dims[0]
            elif not dims and stack and stack[-1]["dimension"]:
                dimension = stack[-1]["dimension"]
            else:
                dimension = None
            section = {"number": number, "heading": heading, "level": level, "dimension": dimension}
            sections.append(section)
            stack.append(section)
            items.append({"text": heading, "path": list(stack), "heading": True})
        else:
            items.append(
                {"text": re.sub(r"^(?:[-+•*–]|[a-zđ]\)|\d{1,2}\))\s*", "", p), "path": list(stack), "heading": False}
            )
    return sections, items


def _under(item, words):
    return any(words in fold(s["heading"]) for s in item["path"])


def _targets(items):
    targets = []
    for item in items:
        if item["heading"] or not (_under(item, "muc tieu") or _under(item, "muc dich")):
            continue
        targets += [{"text": t.text, "kind": str(t.kind), "value": t.value} for t in read_targets(item["text"])]
    return targets


def _agency_name(heading: str) -> str:
    name = re.sub(r"^(đề nghị|giao|trách nhiệm của|đối với)\s+", "", heading, flags=re.I).strip(" :.")
    return name[:1].upper() + name[1:]


def _responsibilities(items):
    organisation = None
    for item in items:
        if item["heading"] and "to chuc thuc hien" in fold(item["text"]) and item["path"][-1]["level"] == 1:
            organisation = item["path"][-1]
    if organisation is None:
        return []
    result, current, child_level = [], None, None
    for item in items:
        if not item["path"] or item["path"][0] is not organisation:
            current = None
            continue
        if item["heading"] and len(item["path"]) >= 2 and item["path"][-1] is item["path"][1]:
            section = item["path"][1]
            child_level = child_level or section["level"]
            if section["level"] == child_level:
                current = {"agency": _agency_name(item["text"]), "duties": []}
                result.append(current)
                continue
        if current is not None and item["path"][0] is organisation and len(item["path"]) >= 2:
            current["duties"].append(item["text"])
    return result


CADENCES = [
    ("monthly", r"(?:hang|hang) thang|moi thang|bao cao thang"),
    ("quarterly", r"(?:hang|hang) quy|bao cao quy|moi quy|dinh ky quy"),
    ("semiannual", r"6 thang|sau thang|06 thang|giua nam"),
    ("annual", r"bao cao (?:ket qua )?nam\b(?! \d)|(?:hang|hang) nam|bao cao tong ket|\bnam\)|, nam\b(?! \d)"),
    ("adhoc", r"dot xuat"),
]


def _reporting(items):
    duties, seen = [], set()
    intro_to = None
    for item in items:
        text = item["text"]
        folded = fold(text)
        if item["heading"] or "bao cao" not in folded:
            continue
        plain = clean_text(re.sub(r"\([^()]*\)", " ", text))
        folded_plain = fold(plain)
        agency = r"((?:ubnd|uy ban nhan dan|phong|so|van phong|ban|thuong truc)\b[^,;.()]*)"
        # "báo cáo … về/gửi/cho/lên <agency>": the first "báo cáo" has the first such agency after it, if any
        # sentence does (one search after it, where ``bao cao\b.*?`` rescanned the rest from every "báo cáo").
        first = re.search(r"bao cao\b", folded_plain)
        m = first and re.compile(r"\b(?:ve|gui|cho|len)\s+" + agency).search(folded_plain, first.end())
        m = m or re.search(r"bao cao (?:ve |gui )?" + agency, folded_plain)
        to = None
        if m:
            start = m.start(1)
            to = plain[start : start + len(m.group(1))].strip()
            to = re.sub(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân)", "UBND", to)
            to = (
                re.split(r"\s+(?:theo|trước|định kỳ|cụ thể|để|về|qua|và|trong|khi|hoặc|chậm|hằng|hàng)\b", to)[
                    0
                ].strip()
                or None
            )
        if re.search(r"(?:cu the|nhu sau)\s*:?$", folded):
            intro_to = to
            continue
        near = re.search(
            r"bao cao[^.;]{0,60}\bhang (?:thang|quy|nam)|\bhang (?:thang|quy|nam)[^.;]{0,60}bao cao", folded
        )
        if "dinh ky" not in folded and not folded.startswith("bao cao") and "dot xuat" not in folded and not near:
            continue
        if not to and folded.startswith("bao cao"):
            to = intro_to
        span = re.search(
            r"(?:tu|tinh tu) (?:ngay )?(\d{1,2}/\d{1,2}/\d{4}) den (?:ngay )?(\d{1,2}/\d{1,2}/\d{4})", folded
        )
        dues = list(
            re.finditer(r"(?:truoc|cham nhat|han chot|khong muon hon) (?:ngay )?(\d{1,2}/\d{1,2}/\d{4})", folded)
        )
        for cadence, pattern in CADENCES:
            found = re.search(pattern, folded)
            if not found:
                continue
            # Several cadences in one sentence: each takes the first due date written after it.
            due = next((d for d in dues if d.start() > found.start()), dues[-1] if dues else None)
            if (
                cadence == "annual"
                and re.search(r"6 thang dau nam|sau thang dau nam", folded)
                and not re.search(r"bao cao (?:ket qua )?nam\b(?! \d)|hang nam|, nam\b|nam\)", folded)
            ):
                continue
            entry = {
                "cadence": cadence,
                "due_on": parsing.iso(parsing.parse_date(due.group(1))) if due else None,
                "data_from": parsing.iso(parsing.parse_date(span.group(1))) if span else None,
                "data_to": parsing.iso(parsing.parse_date(span.group(2))) if span else None,
                "to": to,
                "text": clean_text(text),
            }
            key = (cadence, entry["due_on"])
            if key not in seen:
                seen.add(key)
                duties.append(entry)
    return duties


def _deadlines(items):
    found = []
    for item in items:
        text = clean_text(item["text"])
        folded = fold(text)
        if item["heading"]:
            continue
        m = re.search(r"(?:cham nhat|trong (?:thoi han|vong)) (\d{1,3}) ngay lam viec (?:sau|ke tu) (.*)", folded)
        if m:
            what = text[: m.start()].strip(" -,") or text
            tail = m.group(2)
            after = "the parent plan" if "ke hoach" in tail else clean_text(text[m.start(2) :]).rstrip(".")
            found.append(
                {"what": what, "due_on": None, "rule": f"{int(m.group(1))} working days after {after}", "text": text}
            )
            continue
        if "bao cao" in folded and ("dinh ky" in folded or folded.startswith("bao cao")):
            continue
        m = re.search(r"(?:truoc|cham nhat|han chot) (?:ngay )?(\d{1,2}/\d{1,2}/\d{4})", folded)
        if m:
            due = parsing.parse_date(m.group(1))
            if due:
                what = text[: m.start()].strip(" -,") or text
                found.append({"what": what, "due_on": due.isoformat(), "rule": None, "text": text})
    return found


TITLES = re.compile(
    r"^(?:KT\.?\s*|TM\.?\s*|Q\.?\s*)?(PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ TRƯỞNG BAN|TRƯỞNG BAN|BÍ THƯ|"
    r"PHÓ BÍ THƯ|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|TRƯỞNG PHÒNG|PHÓ TRƯỞNG PHÒNG)$"
)


def _signature(lines):
    recipients, title, name = [], None, None
    in_recipients = False
    after_title = False
    for line in lines:
        folded = fold(line)
        if folded.startswith("noi nhan"):
            in_recipients = True
            rest = line.split(":", 1)[1].strip() if ":" in line else ""
            if rest:
                recipients.append(rest.strip(" -;.,"))
            continue
        if in_recipients:
            if re.match(r"^[-+•]\s*", line):
                recipients.append(re.sub(r"^[-+•]\s*", "", line).rstrip(" ;.,"))
                continue
            in_recipients = False
        if "\t" in line:
            continue
        m = TITLES.match(line.strip().upper() if line.isupper() else line.strip())
        if m:
            words = m.group(1).lower()
            title = words[:1].upper() + words[1:]
            title = title.replace("chủ tịch", "Chủ tịch").replace("Phó Chủ tịch", "Phó Chủ tịch")
            after_title = True
            continue
        if after_title and name is None:
            words = line.split()
            if 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not line.isupper():
                name = line.strip()
                after_title = False
    if title and title.startswith("Phó chủ tịch"):
        title = "Phó Chủ tịch"
    return {"name": name, "title": title}, recipients


def _tasks(header_cells, rows, warnings):
    columns = _header_columns(header_cells)
    width = len(header_cells)
    tasks, group, group_number = [], None, None
    for cells in rows:
        cells = ["\n".join(clean_text(p) or "" for p in c.split(CELL_BREAK)).strip() for c in cells]
        raw = list(cells)
        if len(cells) < width:
            # Leading empty cells were dropped (a continuation row pasted without its STT column): align right.
            cells = [""] * (width - len(cells)) + cells
        cells = cells[:width] + [" ".join(cells[width:])] if len(cells) > width else cells

        def cell(name, cells=cells):
            i = columns.get(name)
            return " ".join((cells[i] if i is not None and i < len(cells) else "").split())

        def cell_raw(name, cells=cells):
            i = columns.get(name)
            return cells[i] if i is not None and i < len(cells) else ""

        number, title, activity = cell("number"), cell("title"), cell("activity")
        lead_text, coord_text, time_text = cell_raw("lead"), cell_raw("coordinating"), cell("timeframe")
        if not any(raw):
            continue
        if title:
            group, group_number = title, number
        if not lead_text.strip() and not coord_text.strip() and not time_text:
            if not title and activity:
                # A group row written in the activity column ("I. Công tác tuyên truyền").
                group = re.sub(rf"^(?:{ROMAN}|\d{{1,2}})\s*[.)]\s*", "", activity).strip() or None
                group_number = number or None
            continue
        if number and not title and not activity:
            activity = ""
        m = re.match(r"^(\d{1,2}(?:\s*[.,]\s*\d{1,2})+)\s*[.,)]?\s+(.*)$", activity)
        if m:
            act_number, activity = re.sub(r"\s", "", m.group(1)).replace(",", "."), m.group(2)
        else:
            act_number = number or None
        if not activity:
            activity = title
        tasks.append(
            {
                "number": act_number,
                "group": group,
                "activity": activity,
                "lead": _agencies(lead_text),
                "coordinating": _agencies(coord_text),
                "timeframe": parsing.timeframe(time_text),
                "output": cell("output") or None,
                "dimensions": sorted(set(re.findall(r"D[1-8]", cell("papi").upper()))),
            }
        )
        if group_number and number and number != group_number:
            group_number = number
    return tasks


def _agencies(text):
    return [clean_text(name) for name in split_agencies(text) if name]
