"""What the reader understood → the parts of a draft plan: its text, its parent plan, its proposed tasks.

No writes here: :mod:`.services` calls these inside the one transaction of the confirmation.

* The whole text: every section as the document writes it (number, heading, paragraphs with their list marks),
  the aims into ``Plan.purposes``, the measures into ``Plan.body``, the organisation ("Tổ chức thực hiện", with
  its "Giao …" and "Đề nghị …") and the closing sentence into ``Plan.implementation`` — the three parts of the
  official layout, which the plan page shows and the .docx/.pdf exports print.
* The parent plan: the basis document that is a plan of a unit above and exists in the system.
* The proposed tasks: the task table's rows when the document has one; otherwise its measures.
"""

from __future__ import annotations

import re

from chiso.lib.text import fold

from . import parsing
from .reader.text import STYLE_RANK, heading_of

PURPOSES = re.compile(r"\b(muc dich|muc tieu|yeu cau|quan diem|pham vi|doi tuong)\b")
ORGANISATION = re.compile(r"\b(to chuc thuc hien|kinh phi|che do bao cao|khen thuong)\b")
# The exporter prints these headings itself: a part holding exactly one of them does not repeat it.
STANDARD = {"purposes": "muc dich, yeu cau", "body": "noi dung", "implementation": "to chuc thuc hien"}


def _part_of(section, seen_organisation: bool) -> str:
    folded = fold(section["heading"])
    if seen_organisation or ORGANISATION.search(folded):
        return "implementation"
    if PURPOSES.search(folded) and not re.search(r"\b(noi dung|nhiem vu|giai phap)\b", folded):
        return "purposes"
    return "body"


def section_parts(result: dict) -> dict[str, list[dict]]:
    """The document's top-level sections, each with the sections below it, grouped by part of the plan."""
    parts: dict[str, list[dict]] = {"purposes": [], "body": [], "implementation": []}
    seen_organisation = False
    current = None
    for section in result.get("sections", []):
        if section["level"] == 1 or current is None:
            part = _part_of(section, seen_organisation)
            seen_organisation = seen_organisation or part == "implementation"
            current = {"top": section, "sections": [section]}
            parts[part].append(current)
        else:
            current["sections"].append(section)
    return parts


def _written(section) -> str:
    return section.get("written") or " ".join(p for p in (section.get("number"), section["heading"]) if p)


def plan_text(result: dict) -> dict[str, str]:
    """``purposes``, ``body`` and ``implementation``: the text of the plan's sections, one paragraph a line."""
    out = {}
    for part, blocks in section_parts(result).items():
        lines: list[str] = []
        for block in blocks:
            for section in block["sections"]:
                is_top = section is block["top"]
                standard = len(blocks) == 1 and fold(section["heading"]).strip(" .:") == STANDARD[part]
                if not (is_top and standard):
                    lines.append(_written(section))
                lines += [" ".join(p.split()) for p in section.get("text", []) if p.strip()]
        if part == "implementation":
            lines += [" ".join(p.split()) for p in result.get("closing", []) if p.strip()]
        out[part] = "\n".join(lines)
    return out


def text_blocks(result: dict) -> list[str]:
    """Every block of text the preview shows of the document's sections (headings and paragraphs)."""
    blocks = []
    for section in result.get("sections", []):
        blocks.append(_written(section))
        blocks += [" ".join(p.split()) for p in section.get("text", []) if p.strip()]
    return blocks + [" ".join(p.split()) for p in result.get("closing", []) if p.strip()]


def _code_key(code: str) -> str:
    return re.sub(r"\s", "", fold(code or "")).upper()


def find_parent(result: dict, candidates) -> object | None:
    """The plan named in the basis ("Thực hiện Kế hoạch số 03/KH-UBND ngày 03/01/2025 của UBND thị xã …") among
    ``candidates`` (the issued plans of the units above that the actor sees): same number, and same issue date
    or year when the basis gives one."""
    wanted = [b for b in result.get("plan", {}).get("basis", []) if fold(b.get("kind") or "").startswith("ke hoach")]
    if not wanted:
        return None
    plans = list(candidates)
    for basis in wanted:
        key = _code_key(basis.get("code"))
        issued = basis.get("issued_on")
        for plan in plans:
            if _code_key(plan.code) != key:
                continue
            if issued and plan.issued_on and plan.issued_on.isoformat() != issued:
                continue
            return plan
    return None


def proposed_tasks(result: dict) -> tuple[str, list[dict]]:
    """("table", rows) when the document has a task table (it wins), else ("measures", rows)."""
    if result.get("tasks"):
        return "table", result["tasks"]
    return "measures", result.get("measures", [])


PART_HEADINGS = [
    ("purposes", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("body", "II. NỘI DUNG"),
    ("implementation", "III. TỔ CHỨC THỰC HIỆN"),
]


def outline(plan) -> list[dict]:
    """The plan's text as the plan page shows it: each part with its lines, headings marked with their depth and
    the PAPI dimension they are about (read again from the text, so what was edited shows as edited)."""
    parts = []
    for field, title in PART_HEADINGS:
        lines = []
        for line in (getattr(plan, field) or "").splitlines():
            if not line.strip():
                continue
            found = heading_of(line.strip())
            if found and found[0] not in ("letter", "caps"):
                dims = parsing.dimensions_in(found[2])
                lines.append(
                    {"heading": True, "text": line.strip(), "depth": STYLE_RANK[found[0]], "dimension": dims[0]
                     if len(dims) == 1 else None}
                )  # fmt: skip
            else:
                lines.append({"heading": False, "text": line.strip(), "depth": 0, "dimension": None})
        parts.append({"field": field, "title": title, "lines": lines})
    return parts
