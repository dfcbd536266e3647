"""Cleaning and paragraphs: markup and web-page noise off, wrapped lines joined, numbered headings recognised."""

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

from ..sources import CELL_BREAK, ImportRefused

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


# --- paragraphs ----------------------------------------------------------------------------------------------
# Words no Vietnamese sentence ends on (a preposition, a conjunction, a plural marker): a line ending on one of
# them was cut by the page.
DANGLING = re.compile(r"(?:^|\s)(?:của|và|các|những|cho|với|trong|về|theo|tại|từ|hoặc|nhằm|bằng|đối với|để|là)$")


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
            # "… Nâng cao hiệu quả hoạt động của" / "Ban Thanh tra nhân dân …": no sentence ends on such a word.
            dangling = not marked and bool(DANGLING.search(last_raw[-12:].lower())) and not heading_of(last_raw)
            if (
                not out[-1][-1].endswith(SENTENCE_END)
                and (starts_lower or full_width or dangling)
                and not END_OF_BODY.match(head)
            ):
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
