"""The document: lines → header, title, basis, body and tables → the schema's JSON."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from chiso.lib.text import clean_text

from .. import parsing
from ..sources import read_lines
from .body import _deadlines, _reporting, _responsibilities, _sections, _targets
from .header import _signature, read_header
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
