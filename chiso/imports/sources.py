"""Files as they arrive (.docx, .xlsx, text PDF, .txt/.md, saved web pages) → Unicode lines; scanned PDFs and
photos are recognised first (:mod:`.ocr`).

A table row becomes one line whose cells are separated by tabs — the shape text exported from Word already
has — and the paragraphs inside one cell are separated by ``CELL_BREAK``, so lists of agencies stay apart.
Legacy Vietnamese encodings are detected: TCVN3 (ABC, ".VnTime" fonts) is converted to Unicode, VNI is
refused with a message naming it (converting its two-byte letters would risk silent mojibake).
"""

from __future__ import annotations

import io
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader

from chiso.lib import uploads
from chiso.lib.archives import (  # noqa: F401 — the import app's names for the shared upload bounds
    MAX_MEMBERS,
    ImportRefused,
    Unopenable,
    check_archive,
    too_many_lines,
)
from chiso.lib.budget import OverBudget, charge

from . import ocr

CELL_BREAK = "\x1f"


# TCVN3 (TCVN 5712:1993, "ABC"): one byte per letter; upper-case toned letters use the same codes in the
# ".VnTimeH" fonts, so they come back lower-case.
_TCVN3 = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
TCVN3_DECODE = {chr(code): letter for code, letter in _TCVN3.items()}
TCVN3_ENCODE = {letter: chr(code) for code, letter in _TCVN3.items()}
# Latin-1 characters that Vietnamese Unicode text never uses but TCVN3 text is full of.
_TCVN3_MARKS = set("µ¸¹·¶§®¨©ª«¬¡¢£¤¥¦»¼½¾ÆÇÈÉËÌÎÏÑÖ×ØÜÞßåæçëîïñöøûüþ")
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ") | {
    ch for ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ" for ch in (ch, ch.upper())
}
# VNI-Windows: a base vowel followed by a second byte for its mark ("Vieät", "Coäng hoøa", "nghóa").
_VNI_PAIRS = re.compile(r"[aeiouyAEIOUY][øùûõïâêáàåãäéèúüëÙØÛÕÏÂÊÁÀÅÃÄÉÈÚÜË]")


def tcvn3_encode(text: str) -> str:
    """Unicode → the same text as a TCVN3 file shows it in a Unicode reader (for tests and samples)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(TCVN3_ENCODE.get(ch) or TCVN3_ENCODE.get(ch.lower(), ch) for ch in text)


def _restore_case(line: str) -> str:
    """TCVN3 brings upper-case toned letters back lower-case ("KẾ HOẠCH" → "Kế HOạCH"): a word with a capital
    after its first letter is upper-case, and so is a line where half the words are."""
    words = re.findall(r"\w+", line)
    shouting = [w for w in words if any(c.isupper() for c in w[1:]) or (len(w) == 1 and w.isupper())]
    if words and len(shouting) * 2 >= len(words) and len(words) > 1:
        return line.upper()
    return re.sub(
        r"\w+", lambda m: m.group(0).upper() if any(c.isupper() for c in m.group(0)[1:]) else m.group(0), line
    )


def detect_legacy(text: str) -> str | None:
    """'TCVN3', 'VNI' or None for a text that reads as Unicode Vietnamese (or is not Vietnamese at all)."""
    sample = text[:200_000]
    vietnamese = sum(1 for ch in sample if ch in _VIETNAMESE)
    tcvn = sum(1 for ch in sample if ch in _TCVN3_MARKS)
    vni = len(_VNI_PAIRS.findall(sample)) + sample.count("ñ") + sample.count("ö")
    if tcvn >= 5 and tcvn > 2 * vietnamese and tcvn >= vni:
        return "TCVN3"
    if vni >= 5 and vni > 2 * vietnamese:
        return "VNI"
    return None


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Bytes of a text file → Unicode text and warnings; refuses binary data and VNI."""
    warnings = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text or sum(1 for ch in text[:4000] if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f") > 40:
        raise ImportRefused(_("This file is not text, Word (.docx) or Excel (.xlsx)."))
    legacy = detect_legacy(text)
    if legacy == "TCVN3":
        text = "".join(TCVN3_DECODE.get(ch, ch) for ch in text)
        text = "\n".join(_restore_case(line) for line in text.split("\n"))
        warnings.append(
            _("The file was in the TCVN3 (ABC) encoding and was converted to Unicode; check upper-case letters.")
        )
    elif legacy == "VNI":
        raise ImportRefused(
            _(
                "The file is in the VNI encoding, which is not read. Open it in Word with a VNI font, convert it to "
                "Unicode (e.g. with Unikey's converter) and upload it again."
            )
        )
    return unicodedata.normalize("NFC", text), warnings


def _cell_text(paragraphs) -> str:
    lines = (line for paragraph in paragraphs for line in str(paragraph).split("\n"))
    return CELL_BREAK.join(p for p in (" ".join(x.split()) for x in lines) if p)


def _table_rows(tbl):
    """The cells of each row of a Word table, a merged cell once per row: what python-docx's ``row.cells`` gives
    (deduplicated), in one pass. ``row.cells`` looks for the cell above a vertical merge by walking up the rows
    again for every cell (quadratic in the rows) and repeats a cell once per grid column it spans (a
    ``gridSpan`` of a billion in a few bytes)."""
    above: dict[int, object] = {}  # grid column where a cell starts → the cell holding its content
    for tr in tbl.tr_lst:
        starts: dict[int, object] = {}
        cells, seen = [], set()
        offset = tr.grid_before
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                if offset not in above:
                    raise ValueError("a merged cell with no cell above it")
                root = above[offset]
            else:
                root = tc
            starts.setdefault(offset, root)
            if id(root) not in seen:
                seen.add(id(root))
                cells.append(root)
            offset += tc.grid_span
        above = starts
        yield cells


def docx_lines(data: bytes) -> list[str]:
    from docx import Document
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    limit = settings.CHISO_IMPORT_MAX_LINES
    lines = []
    for block in document.element.body.iterchildren():
        if len(lines) > limit:
            raise too_many_lines()
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(block, document).text.split("\n"))
            charge(len(lines[-1]))
        elif tag == "tbl":
            table = Table(block, document)
            for cells in _table_rows(block):
                if len(lines) > limit:
                    raise too_many_lines()
                lines.append("\t".join(_cell_text(p.text for p in _Cell(tc, table).paragraphs) for tc in cells))
                charge(len(lines[-1]))
            lines.append("")
    return lines


def xlsx_lines(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    limit, columns = settings.CHISO_IMPORT_MAX_LINES, settings.CHISO_IMPORT_MAX_COLUMNS
    lines = []
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows(max_col=min(sheet.max_column or columns, columns), values_only=True):
            if len(lines) > limit:
                raise too_many_lines()
            charge(len(cells))
            values = ["" if v is None else _cell_text(str(v).splitlines()) for v in cells]
            while values and not values[-1]:
                values.pop()
            lines.append("\t".join(values))
        lines.append("")
    workbook.close()
    return lines


# A plan runs to a few dozen pages; a PDF of more is not a plan (and would hold the reader too long).
MAX_PDF_PAGES = 200


def pdf_lines(data: bytes) -> list[str]:
    """A PDF's text layer, page by page (pypdf). A PDF without one is a scan: :class:`NeedsOcr`."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportRefused(_("This PDF file is protected by a password: save it without the password."))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ImportRefused(_("This PDF file has more than %(n)s pages: it is not a plan.") % {"n": MAX_PDF_PAGES})
        lines = []
        for page in reader.pages:
            text = page.extract_text() or ""
            charge(len(text))
            lines.extend(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
            if len(lines) > settings.CHISO_IMPORT_MAX_LINES:
                raise too_many_lines()
    except (ImportRefused, OverBudget):
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise ImportRefused(_("The file is damaged or truncated: it cannot be opened.")) from exc
    if not any(line.strip() for line in lines):
        raise NeedsOcr(len(reader.pages))
    return [unicodedata.normalize("NFC", line) for line in lines]


class NeedsOcr(ImportRefused):
    """A scanned PDF or a photo: its text must be recognised first (:mod:`.ocr`, a background job of the upload).
    Refused, with what to do, by whoever reads it at once (the command line, the benchmarks)."""

    def __init__(self, pages: int):
        self.pages = pages
        if ocr.unavailable():
            message = _(
                "This file is a scan or a photo (its pages are pictures, without text) and text recognition (OCR) is "
                "not available on this server: upload the plan as a Word file (.docx) or as a PDF saved from Word."
            )
        else:
            message = _(
                "This file is a scan or a photo (its pages are pictures, without text): its text must be recognised "
                "(OCR) first, as the import page does when the file is uploaded there."
            )
        super().__init__(message)


def image_pages(data: bytes) -> int:
    """The pages of a photo or a scanner's TIFF (refused when the picture cannot be opened)."""
    try:
        return ocr.page_count(data)
    except Exception as exc:  # Pillow raises many kinds on a damaged picture (and on a decompression bomb)
        raise ImportRefused(_("The file is damaged or truncated: it cannot be opened.")) from exc


def read_lines(data: bytes, filename: str = "") -> tuple[list[str], list[str]]:
    """Any accepted file → (lines, warnings). Raises :class:`ImportRefused` with a clear message."""
    try:
        uploads.check_size("plan_import", len(data), filename)
    except ValidationError as exc:
        raise ImportRefused(exc.messages[0]) from exc
    if not data.strip():
        raise ImportRefused(_("The file is empty."))
    name = filename.lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if name.endswith((".docx", ".xlsx")) or is_zip:
        members = check_archive(data)
        try:
            if "word/document.xml" in members:
                lines = docx_lines(data)
            elif "xl/workbook.xml" in members:
                lines = xlsx_lines(data)
            else:
                raise ImportRefused(_("This file is not text, Word (.docx) or Excel (.xlsx)."))
        except ImportRefused:
            raise
        except Exception as exc:  # python-docx/openpyxl raise many kinds on a damaged archive
            raise ImportRefused(_("The file is damaged or truncated: it cannot be opened.")) from exc
        return [unicodedata.normalize("NFC", line) for line in lines], []
    if b"%PDF-" in data[:1024]:
        return pdf_lines(data), []
    if ocr.is_image(data):
        raise NeedsOcr(image_pages(data))
    if name.endswith(".pdf"):
        raise ImportRefused(_("The file is damaged or truncated: it cannot be opened."))
    if name.endswith((".doc", ".xls")) or data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportRefused(_("Old Word/Excel (.doc, .xls) files are not read: save the file as .docx, .xlsx or PDF."))
    text, warnings = decode_text(data)
    charge(len(text))
    if name.endswith((".html", ".htm")) or re.search(r"<(?:html|body|table|p|div)\b", text[:5000], re.I):
        text = html_text(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > settings.CHISO_IMPORT_MAX_LINES:
        raise too_many_lines()
    return lines, warnings


def html_text(text: str) -> str:
    """A saved web page → lines: scripts and styles dropped, blocks on their own lines, table cells by tabs."""
    text = _blocks(text, re.compile(r"(?i)<(script|style|head|noscript)\b"), lambda m: rf"(?i)</{m.group(1)}\s*>", " ")
    text = _blocks(text, re.compile(r"<!--"), lambda m: r"-->", " ")
    # Runs of white space holding a line break become one space (``\s*\n\s*`` backtracked over long runs).
    text = re.sub(r"\s+", lambda m: " " if "\n" in m.group(0) else m.group(0), text)

    def cell(match, inner):
        inner = _up_to_last(r"(?i)<(?:br|li|p|div)\b[^>]*>", CELL_BREAK, inner)
        return f"<t{match.group(1)}>" + re.sub(r"<[^>]{0,500}>", " ", inner) + f"</t{match.group(1)}>"

    text = _blocks(text, re.compile(r"(?i)<t([dh])\b[^>]*>"), lambda m: rf"(?i)</t{m.group(1)}\s*>", cell)
    text = re.sub(r"(?i)<br\s*/?>", CELL_BREAK, text)
    text = _up_to_last(r"(?i)</t[dh]\s*>\s*<t[dh]\b[^>]*>", "\t", text)
    text = _up_to_last(
        r"(?i)</?(?:p|div|tr|h[1-6]|ul|ol|table|section|article|header|footer|nav|title)\b[^>]*>", "\n", text
    )
    text = _up_to_last(r"(?i)<li\b[^>]*>", "\n- ", text)
    text = re.sub(r"<[^>]{0,500}>", " ", text)
    lines = []
    for line in text.split("\n"):
        if "\t" in line:
            lines.append(line)
        else:
            lines.extend(line.split(CELL_BREAK))
    return "\n".join(lines)


def _up_to_last(pattern: str, replacement: str, text: str) -> str:
    """``re.sub`` of a tag pattern ending in ``[^>]*>``, on the text up to its last ">" only: after it no tag can
    end, and ``[^>]*`` would scan to the end of the text from every "<p" there (quadratic)."""
    cut = text.rfind(">") + 1
    return re.sub(pattern, replacement, text[:cut]) + text[cut:]


def _blocks(text: str, opening: re.Pattern, closing, replacement) -> str:
    """``re.sub(opening + ".*?" + closing)`` (dot matching all) in one pass: each block from an opening to the
    first closing after it is replaced. An opening with no closing after it is left as it is, and so is every
    later opening of that kind (the lazy ``.*?`` scanned to the end of the text again for each of them).
    ``closing(match)`` gives the closing pattern for an opening; ``replacement`` is a string or a function of
    (opening match, text between). Every closing ends with ">": no opening after the last one is looked at."""
    out, position, search_from, unclosed = [], 0, 0, set()
    last = text.rfind(">") + 1
    while True:
        match = opening.search(text, search_from, last)
        if match is None:
            break
        pattern = closing(match)
        if pattern.lower() in unclosed:
            search_from = match.start() + 1
            continue
        end = re.compile(pattern).search(text, match.end())
        if end is None:
            unclosed.add(pattern.lower())
            search_from = match.start() + 1
            continue
        out.append(text[position : match.start()])
        out.append(replacement if isinstance(replacement, str) else replacement(match, text[match.end() : end.start()]))
        position = search_from = end.end()
    out.append(text[position:])
    return "".join(out)
