"""The header block (issuer, number, place and date) and the signature block (signer, recipients)."""

from __future__ import annotations

import re

from .. import parsing
from .text import UNIT_WORDS, fold


# --- header block -------------------------------------------------------------------------------------------
def _title_case_unit(text: str) -> str:
    """ "PHƯỜNG PHÙNG CHÍ KIÊN" → "phường Phùng Chí Kiên"."""
    m = re.match(rf"^{UNIT_WORDS}\s+(.+)$", text)
    if not m:
        return text.title()
    unit_word = text[: len(text) - len(m.group(1))].strip().lower()
    return f"{unit_word} {m.group(1).title()}"


# Upper-case letters, digits and spaces (the range À-Ỹ alone holds lower-case letters too); a name may hold a
# hyphen between two parts ("BÀ RỊA - VŨNG TÀU").
CAPS = "[A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ0-9 ]"


def read_header(lines: list[str]) -> dict:
    text = " ".join(lines)
    result = {"issuer": None, "code": None, "place": None, "issued_on": None}
    m = re.search(
        rf"(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN)\s+"
        rf"({UNIT_WORDS}\s+{CAPS}{{1,200}}?(?:\s*[-–]\s*{CAPS}{{1,60}}?)?)"
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
