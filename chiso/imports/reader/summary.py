"""A plan told about rather than copied: the news item or English summary that says which plan was issued.

"Ngày 17/01/2022 Ủy ban nhân dân thành phố ban hành Kế hoạch số 19/KH-UBND về Tuyên truyền …", "UBND thành phố đã
ban hành Kế hoạch Số 19/KH-UBND về …", "The Ha Noi People's Committee issued Plan No. 69/KH-UBND dated March 14 on
…", "People's Committee of Bac Giang province has just issued Plan No. 87/KH-UBND to maintain …": the number, the
date and the title of the plan. Used only where the document itself has no number (its own header wins).
"""

from __future__ import annotations

import datetime as dt
import re

from chiso.lib.text import clean_text, fold

from .. import parsing

_CODE = r"(\d{1,5}(?:/\d{4})?[/ ][A-ZĐ]{1,6}(?:-[A-ZĐ0-9]{1,10})+)"
_DMY = r"(\d{1,2}/\d{1,2}/\d{4})"
VIETNAMESE = re.compile(
    rf"(?:[Nn]gày\s+{_DMY},?\s+)?(?:(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|thành phố|huyện|quận|thị xã|xã"
    rf"|phường|thị trấn)\b[^.;]{{0,60}}?\s+)?(?:đã\s+|vừa\s+)?ban hành\s+Kế hoạch\s+[Ss]ố\s+{_CODE}"
    rf"(?:\s+ngày\s+{_DMY})?,?\s+(?:về(?:\s+việc)?\s+)?(.{{10,300}}?)(?:\.\s|\.$|;|$)"
)
MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"], start=1)}  # fmt: skip
ENGLISH = re.compile(
    rf"issued\s+(?:the\s+)?Plan\s+No\.?\s*{_CODE}(?:\s+dated\s+({'|'.join(MONTHS)})\s+(\d{{1,2}})(?:,?\s+(\d{{4}}))?)?"
    r",?\s+(?:on|to|about)\s+(.{10,300}?)(?:\.\s|\.$|$)"
)
YEAR = re.compile(r"\b(?:năm|in)\s+((?:19|20)\d\d)\b")
PAGE_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/((?:19|20)\d\d)\b")


def read_summary(paragraphs: list[str]) -> dict | None:
    """``{"code", "issued_on", "title", "issuer", "year"}`` of the plan the first paragraphs say was issued, or None."""
    for index, paragraph in enumerate(paragraphs[:20]):
        text = clean_text(paragraph[:5000]) or ""
        folded = fold(text)
        m = VIETNAMESE.search(text) if "ban hanh ke hoach so" in folded else None
        if m:
            day = parsing.parse_date(m.group(5) or m.group(1) or "")
            title = _title(m.group(6))
            kind, place = m.group(3), _place(title, m.group(3))
            issuer = f"UBND {kind} {place}" if kind and place else None
            year = _year(title, [])
            return {"code": _code(m.group(4)), "issued_on": parsing.iso(day), "title": title, "issuer": issuer,
                    "year": int(year) if year else None}  # fmt: skip
        m = ENGLISH.search(text) if "plan no" in folded else None
        if m:
            title = _title(m.group(5))
            year = m.group(4) or _year(title, paragraphs[: index + 1])
            day = None
            if year:
                try:
                    day = dt.date(int(year), MONTHS[m.group(2)], int(m.group(3))) if m.group(2) else None
                except ValueError:
                    day = None
            return {"code": _code(m.group(1)), "issued_on": parsing.iso(day), "title": title, "issuer": None,
                    "year": int(year) if year else None}  # fmt: skip
    return None


def _code(code: str) -> str:
    return re.sub(r"^(\d+) ", r"\1/", code)


def _title(text: str) -> str:
    text = text.strip(" .,;:")
    return text[:1].upper() + text[1:]


def _place(title: str, kind: str | None) -> str | None:
    """ "… (PAPI) thành phố Hưng Yên năm 2023" → "Hưng Yên" when the sentence's committee is a "thành phố"."""
    if not kind:
        return None
    m = re.search(rf"\b{kind}\s+((?:[A-ZĐÀ-Ỹ][^\s,.;()]*\s?){{1,4}}?)\s*(?:năm\b|giai đoạn\b|$)", title)
    return m.group(1).strip() if m else None


def _year(title: str, paragraphs: list[str]) -> str | None:
    """The plan's year: said in its title ("… in 2018"), else the page's own date ("(16:50 19/03/2018)")."""
    m = YEAR.search(title)
    if m:
        return m.group(1)
    for paragraph in paragraphs:
        m = PAGE_DATE.search(paragraph)
        if m:
            return m.group(1)
    return None
