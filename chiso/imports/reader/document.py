"""The document: lines → header, title, basis, body and tables → the schema's JSON."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from chiso.lib.text import clean_text

from .. import parsing
from ..sources import read_lines
from .body import _deadlines, _reporting, _responsibilities, _sections, _targets
from .header import _signature, read_header
from .measures import assign_agencies, read_measures
from .summary import read_summary
from .tables import _split_pipes, _split_tables, _tasks
from .text import END_OF_BODY, NOISE, clean_line, fold, heading_of, join_wrapped


# --- the document ---------------------------------------------------------------------------------------------
def read_document(data: bytes, filename: str = "") -> dict:
    """Bytes of a file → the schema's JSON (raises :class:`sources.ImportRefused` for unreadable files)."""
    lines, warnings = read_lines(data, filename)
    return read_plan_lines(lines, warnings)


_START = re.compile(
    r"^(uy ban nhan dan|ubnd|hoi dong nhan dan|cong hoa xa hoi|so\s*:|ke hoach$|quyet dinh$|dang bo|tinh uy|huyen uy"
    r"|[^,]{2,40}, ngay\b)"
)


# Where the text begins after the header block: a basis, the decision's formula, a heading, a paragraph.
_TEXT_START = re.compile(
    r"^(can cu|thuc hien|theo de nghi|xet de nghi|quyet dinh:?$|dieu 1|de (?:thuc hien|trien khai|nang cao)"
    r"|nham |[ivx]+\.\s|\d{1,2}\.\s)"
)


OTHER_KIND = re.compile(r"(?:DỰ THẢO\s+)?(?:CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|ĐỀ ÁN|BÁO CÁO|KẾ HOẠCH)\s*:?")


def _title_line(body) -> int | None:
    """A line "Kế hoạch tuyên truyền …" near the top (a web page's heading of the plan, not "Kế hoạch số …")."""
    for index, line in enumerate(body[:15]):
        folded = fold(line)
        if (
            folded.startswith("ke hoach ")
            and not re.match(r"ke hoach (?:so|nay|duoc|da|cua)\b", folded)
            and 15 < len(line) < 300
            and not line.rstrip().endswith((".", ";", ":"))
        ):
            return index
    return None


def _header_end(body) -> int:
    """The index of the first line of the text after the header block (at most 30 lines in)."""
    for index, line in enumerate(body[:30]):
        if index and (_TEXT_START.match(fold(line)) or len(line) > 220):
            return index
    return min(len(body), 1)


def _same_title(title: str, line: str) -> bool:
    def key(text):
        return re.sub(r"^ke hoach\s+", "", fold(text)).strip(" .")

    return key(title) == key(line)


def title_in_text(lines) -> str | None:
    """The title where no line gives it: "Điều 1. Ban hành kèm theo Quyết định này <title>." or "… ban hành
    Kế hoạch <title> (sau đây gọi tắt …), cụ thể như sau"."""
    for line in lines[:40]:
        text = clean_text(line) or ""
        m = re.search(r"Ban hành kèm theo Quyết định này (.{10,300}?)\.?$", text, flags=re.I)
        if m:
            # "… Kế hoạch Cải thiện …": the kind of document is not part of its title (a programme's name is)
            return re.sub(r"^Kế hoạch\s+(?!số\b)", "", m.group(1).strip(" ."))
        m = re.search(
            r"(?:ban hành|xây dựng) (Kế hoạch|Chương trình hành động|Chương trình|Đề án) ((?!số\b).{10,300}?)"
            r"(?:\s*\(sau đây|, cụ thể|, với các nội dung|\s+như sau|\.\s*$)",
            text,
        )
        if m:
            return m.group(2).strip(" .,") if m.group(1) == "Kế hoạch" else f"{m.group(1)} {m.group(2)}".strip(" .,")
    return None


def read_plan_lines(raw_lines: list[str], warnings: list[str] | None = None) -> dict:
    warnings = list(warnings or [])
    raw_lines = list(raw_lines)
    while raw_lines and re.match(r"^\s*(?:SOURCE|KIND|URL)\s*:", raw_lines[0] or ""):
        raw_lines.pop(0)  # a stored copy's own notes (where it came from), not the document
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
        title_at = _title_line(body)
    if title_at is None:
        # Another kind of document, its kind on a line of its own near the top ("CHƯƠNG TRÌNH HÀNH ĐỘNG",
        # "DỰ THẢO BÁO CÁO", "ĐỀ ÁN").
        title_at = next((i for i, line in enumerate(body[:40]) if OTHER_KIND.fullmatch(line.strip())), None)
    found_in_text = None
    title_fallback = False
    if title_at is None:
        # No title line (a web copy, a decision issuing the plan): the header is what comes before the text.
        title_at = _header_end(body) - 1
        found_in_text = title_in_text(body[title_at + 1 :])
        if not found_in_text:
            title_fallback = True
            warnings.append(_("No line “KẾ HOẠCH” was found: the title is taken from the first line."))
    decision_at = next((i for i, line in enumerate(body[: max(title_at, 0)]) if line.strip() == "QUYẾT ĐỊNH"), None)
    header_lines = body[: decision_at if decision_at is not None else max(title_at, 0)]
    if found_in_text is not None or title_at < 0:
        header_lines = body[: title_at + 1]
    header = read_header(header_lines)
    rest = body[title_at + 1 :]
    # Title: the lines after KẾ HOẠCH up to the preamble.
    title_parts = [found_in_text] if found_in_text else []
    same_line = (
        re.sub(r"^\s*(?i:KẾ HOẠCH)\s*:?\s*", "", body[title_at]) if title_at >= 0 and found_in_text is None else ""
    )
    if OTHER_KIND.fullmatch(same_line.strip()):
        same_line = ""  # "DỰ THẢO BÁO CÁO": the kind of document, not its title
    if same_line and same_line != body[title_at]:
        title_parts.append(same_line)  # "KẾ HOẠCH Nâng cao Chỉ số PAPI …" on one line
    while rest and found_in_text is None:
        folded = fold(rest[0])
        if title_parts and _same_title(" ".join(title_parts), rest[0]):
            rest.pop(0)  # a web page repeats its heading as the document's title
            continue
        if title_parts and not re.search(r"[^\W\d_]", rest[0]):
            break  # a web page's date and counters ("17/03/2023 | 1043") after the heading
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
    if title_fallback and re.match(r"(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]|[-+•–])\s", title):
        title = ""  # an item of a list ("1. Sở, ban, ngành …") is not a title: nothing is guessed
    if not title:
        warnings.append(_("The plan's title was not found."))
    title = title[:1].upper() + title[1:]
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
            words = m.group(2).split() if m else []
            if m and all(w[:1].isupper() or w[:1].isdigit() for w in words):
                issuer = f"UBND {m.group(1)} {m.group(2)}"
                break
            m = re.search(
                r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)"
                r"\s+(?:đã\s+)?(?:xây dựng|ban hành)",
                p,
            )
            if m and header["place"]:
                issuer = f"UBND {m.group(1)} {header['place']}"  # "UBND tỉnh ban hành …" in Ninh Bình
                break
    # Body, up to the recipients / signature / appendix.
    end = next(
        (i for i, p in enumerate(paragraphs) if i >= first_heading and END_OF_BODY.match(fold(p))), len(paragraphs)
    )
    sections, items = _sections(paragraphs[first_heading:end])
    responsibilities = _responsibilities(items)
    measures = read_measures(sections, items)
    assign_agencies(measures, responsibilities)
    year = int(years[-1]) if years else (int(header["issued_on"][:4]) if header["issued_on"] else None)
    told = None if header["code"] else read_summary(body[:40])
    if told:  # a news item or an English summary that says which plan was issued
        header["code"], header["issued_on"] = told["code"], header["issued_on"] or told["issued_on"]
        title = told["title"] if title_fallback or not title else title
        issuer = issuer or told["issuer"]
        year = year or told["year"] or (int(told["issued_on"][:4]) if told["issued_on"] else None)
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
            "year": year,
            "basis": basis,
            "targets": _targets(items),
            "signer": signer,
            "recipients": recipients,
        },
        "sections": [
            {
                **{k: s[k] for k in ("number", "heading", "level", "dimension")},
                "written": s["written"],
                "text": s["text"],
            }
            for s in sections
        ],
        "preamble": [p for p in preamble if not fold(p).startswith(("can cu", "thuc hien"))],
        "closing": [item["raw"] for item in items if not item["path"] and not item["heading"]],
        "measures": measures,
        "tasks": [],
        "responsibilities": responsibilities,
        "reporting": _reporting(items),
        "deadlines": _deadlines(items),
        "warnings": warnings,
    }
    for header_cells, rows in tables:
        result["tasks"].extend(_tasks(header_cells, rows, warnings))
    if not tables:
        warnings.append(_("No task table (STT, Nội dung, Hoạt động, Đơn vị chủ trì, …) was found."))
    return result
