"""Small readers for the pieces of a plan: dates, document numbers, basis documents, dimensions, timeframes.

Every function takes any text and never raises: what it cannot read it returns as ``None`` (property-tested).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from chiso.lib.budget import charge
from chiso.lib.text import clean_text, fold
from chiso.plans.timeframes import parse_timeframe

_DAY = r"(\d{1,2})"
NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
WORDY_DATE = re.compile(r"ngay\s+(\d{1,2})?\s*thang\s+(\d{1,2})?\s*nam\s+(\d{4})")


def make_date(day, month, year) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError, OverflowError):
        return None


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text``: "ngày 21 tháng 01 năm 2025", "21/01/2025", "05/7/2025".
    A blank day or month ("ngày   tháng 4 năm 2023") gives None, never a guess."""
    charge(len(text) if isinstance(text, str) else 0)
    if not isinstance(text, str) or not text:
        return None
    folded = fold(text)
    wordy = WORDY_DATE.search(folded)
    numeric = NUMERIC_DATE.search(folded)
    if wordy and (not numeric or wordy.start() < numeric.start()):
        return make_date(*wordy.groups())
    if numeric:
        return make_date(*numeric.groups())
    return None


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# "15/KH-UBND", "1622/QĐ-UBND", "01-NQ/TU", "06/2024/QĐ-UBND", "42/2022/NĐ-CP", "1492 KH-UBND".
CODE = re.compile(
    r"(?<![\w/])(\d{1,5}(?:/\d{4})?[/ -][A-ZĐ]{1,6}(?:-[A-ZĐ0-9]{1,10})*(?:/[A-ZĐ]{1,10}(?:-[A-ZĐ0-9]{1,10})*)?)"
)


def parse_code(text: str) -> str | None:
    """A document number in ``text``, as written (a space before the kind becomes "/": "1492/KH-UBND")."""
    charge(len(text) if isinstance(text, str) else 0)
    if not isinstance(text, str):
        return None
    match = CODE.search(clean_text(text) or "")
    if not match:
        return None
    code = match.group(1)
    return re.sub(r"^(\d+) ", r"\1/", code)


def parse_number(text: str) -> int | None:
    """ "nhóm 03" → 3; "50" → 50; anything else → None."""
    if not isinstance(text, str):
        return None
    match = re.search(r"\d{1,9}", text)
    return int(match.group(0)) if match else None


KINDS = [
    "Kế hoạch", "Quyết định", "Nghị quyết", "Chỉ thị", "Đề án", "Công văn", "Báo cáo", "Quy chế",
    "Nghị định", "Thông tư", "Chương trình", "Hướng dẫn", "Kết luận", "Thông báo",
]  # fmt: skip
_KIND_FOLDED = {fold(k): k for k in KINDS}
_ISSUER = re.compile(
    r"^((?:Ban Thường vụ |Ban Chấp hành |Thường trực |Chủ tịch )?"
    r"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Tỉnh ủy|Tỉnh uỷ|Thị ủy|Thị uỷ|Huyện ủy"
    r"|Huyện uỷ|Thành ủy|Đảng ủy|Chính phủ|Thủ tướng Chính phủ|Bộ [A-ZĐ]\S*"
    r"(?: (?:và |[A-ZĐ]\S*))*|Sở [A-ZĐ]\S*(?: (?:và |[A-ZĐ]\S*))*|Ban Chỉ đạo)(?: \(UBND\))?"
    r"(?: (?:tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn))*(?: [A-ZĐ][^\s,;.()]*(?: [A-ZĐ][^\s,;.()]*)*)?)"
)


def parse_issuer(text: str) -> str | None:
    """ "của Ủy ban nhân dân (UBND) tỉnh Sóc Trăng Cải thiện, …" → "UBND tỉnh Sóc Trăng"."""
    charge(len(text) if isinstance(text, str) else 0)
    if not isinstance(text, str):
        return None
    text = clean_text(text)
    match = _ISSUER.match(text)
    if not match:
        return None
    issuer = match.group(1).replace(" (UBND)", "")
    issuer = re.sub(r"^(Chủ tịch )?(?:Ủy|Uỷ) ban nhân dân", lambda m: (m.group(1) or "") + "UBND", issuer)
    # The title of the next document often follows without punctuation: "… tỉnh Sóc Trăng Cải thiện".
    words = issuer.split(" ")
    while len(words) > 2 and words[-1][:1].isupper() and fold(words[-1]) in _TITLE_WORDS:
        words.pop()
    return " ".join(words)


_TITLE_WORDS = {"cai", "nang", "ve", "trien", "thuc", "ban", "phe", "quy", "huong", "tang", "day"}


def find_basis(text: str) -> list[dict]:
    """Basis documents in a preamble, in order, each number once."""
    charge(len(text) if isinstance(text, str) else 0)
    found, seen = [], set()
    text = clean_text(text or "")
    kinds = "|".join(re.escape(k) for k in sorted(KINDS, key=len, reverse=True))
    pattern = re.compile(r"(?<!\w)((?i:" + kinds + r"))\s+(?:(?i:số)\s+)?(\d[^\s,;]*(?: [A-ZĐ][A-ZĐ-]+\b)?)")
    for match in pattern.finditer(text):
        code = parse_code(match.group(2))
        if not code or code in seen:
            continue
        seen.add(code)
        rest = text[match.end() : match.end() + 300]
        date_match = re.match(
            r"\s*,?\s*(ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm"
            r"\s+\d{4})",
            rest,
        )
        issued_on = parse_date(date_match.group(1)) if date_match else None
        after = rest[date_match.end() :] if date_match else rest
        issuer_match = re.match(r"\s*,?\s*của\s+(.*)", after)
        kind = match.group(1)
        kind = _KIND_FOLDED.get(fold(kind), kind)
        found.append(
            {
                "kind": kind,
                "code": code,
                "issued_on": iso(issued_on),
                "issuer": parse_issuer(issuer_match.group(1)) if issuer_match else None,
            }
        )
    return found


# The eight PAPI dimensions (D1..D8) under the wordings plans use; before 2018 there were six (D1..D6).
DIMENSIONS = {
    "D1": ["tham gia cua nguoi dan"],
    "D2": ["cong khai, minh bach", "cong khai minh bach"],
    "D3": ["trach nhiem giai trinh"],
    "D4": ["kiem soat tham nhung"],
    "D5": ["thu tuc hanh chinh cong", "thu tuc hanh chinh"],
    "D6": ["cung ung dich vu cong", "dich vu cong (", "cung cap dich vu cong"],
    "D7": ["quan tri moi truong"],
    "D8": ["quan tri dien tu"],
}


def dimensions_in(text: str) -> list[str]:
    charge(len(text) if isinstance(text, str) else 0)
    folded = fold(text or "")
    return [code for code, words in DIMENSIONS.items() if any(w in folded for w in words)]


def timeframe(text: str) -> dict:
    """A task's "Thời gian thực hiện" cell → the schema's timeframe object."""
    raw = clean_text(text or "") or ""
    if not raw:
        return {"text": None, "kind": "unspecified", "start": None, "end": None}
    special = more_timeframes(raw)
    if special["kind"] != "unspecified":
        return special
    try:
        found = parse_timeframe(raw)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        return special
    return {"text": raw, "kind": str(found.kind), "start": iso(found.start), "end": iso(found.end)}


_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year, month):

    return make_date(calendar.monthrange(year, month)[1], month, year) if 1 <= month <= 12 and year > 0 else None


def more_timeframes(raw: str) -> dict:
    """Wordings the plans module does not read: "Hằng quý", "6 tháng đầu năm 2024", "Quý I, II/2024",
    "Từ tháng 3 đến tháng 6/2024", "Trước ngày 30 tháng 6 năm 2024", a bare "2024"."""
    charge(len(raw) if isinstance(raw, str) else 0)
    folded = fold(raw)
    result = {"text": raw, "kind": "unspecified", "start": None, "end": None}

    def span(kind, start, end):
        if start and end and start <= end:
            return {"text": raw, "kind": kind, "start": iso(start), "end": iso(end)}
        return result

    if re.match(r"^(?:hang|dinh ky)\b|^lien tuc|^ca nam$", folded):
        return {"text": raw, "kind": "ongoing", "start": None, "end": None}
    m = re.search(r"(?:truoc|cham nhat|han|den)\s+(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})", folded)
    if m and make_date(*m.groups()):
        return {"text": raw, "kind": "by_date", "start": None, "end": iso(make_date(*m.groups()))}
    m = re.search(r"(?:6|sau) thang (dau|cuoi) nam (\d{4})", folded)
    if m:
        year = int(m.group(2))
        first = m.group(1) == "dau"
        return span(
            "range", make_date(1, 1 if first else 7, year), make_date(30 if first else 31, 6 if first else 12, year)
        )
    m = re.search(
        r"quy\s+(iv|iii|ii|i|[1-4])\s*(?:,|-|–|den|va)\s*(?:quy\s+)?(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*(\d{4})", folded
    )
    if m:
        year, q1, q2 = int(m.group(3)), _ROMAN_Q[m.group(1)], _ROMAN_Q[m.group(2)]
        return span("range", make_date(1, 3 * q1 - 2, year), _month_end(year, 3 * q2))
    m = re.search(
        r"tu thang\s+(\d{1,2})(?:\s*/\s*(\d{4}))?\s*(?:den|-|–)\s*(?:thang\s+)?(\d{1,2})\s*(?:/|nam)\s*(\d{4})", folded
    )
    if m:
        end_year = int(m.group(4))
        start_year = int(m.group(2)) if m.group(2) else end_year
        return span("range", make_date(1, int(m.group(1)), start_year), _month_end(end_year, int(m.group(3))))
    m = re.fullmatch(r"(\d{4})", folded.strip(" ."))
    if m and 2000 <= int(m.group(1)) <= 2100:
        year = int(m.group(1))
        return span("year", make_date(1, 1, year), make_date(31, 12, year))
    return result
