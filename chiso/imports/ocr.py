"""Text recognition (OCR) of scanned plans and photos of paper plans, page by page.

Tesseract with its Vietnamese model, from Debian (``tesseract-ocr``, ``tesseract-ocr-vie``), through pytesseract;
the pages of a PDF are rasterised by poppler's ``pdftoppm`` through pdf2image, one page at a time (a page of A4 at
300 dpi is 25 MB of pixels in grey: a whole scan at once would not fit a worker). Photos (PNG, JPEG, TIFF with
any number of pages) are read as they are. Where a program or the Vietnamese model is missing,
:func:`unavailable` says so and the upload is refused with a message that says what to upload instead.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import unicodedata
from collections.abc import Callable

import pytesseract
from django.conf import settings
from pdf2image import convert_from_bytes
from PIL import Image, ImageSequence
from pypdf import PdfReader

LANGUAGE = "vie"
DPI = 300
# One thread per recognition: Tesseract's OpenMP threads spin while they wait, and on a server shared with the web
# workers a page took three times the CPU for no gain in time (bench/ocr_bench.py: 8.6 s → 2.6 s of CPU a page).
# Read by the tesseract processes pytesseract starts (they inherit this process's environment).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# Magic bytes of the photos a coordinator may upload: a phone's picture of a paper plan, a scanner's TIFF.
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGIC)


@functools.cache
def _missing() -> tuple[str, ...]:
    missing = []
    if shutil.which("tesseract") is None:
        missing.append("tesseract-ocr")
    else:
        try:
            if LANGUAGE not in pytesseract.get_languages(config=""):
                missing.append("tesseract-ocr-vie")
        except (pytesseract.TesseractError, OSError):
            missing.append("tesseract-ocr")
    if shutil.which("pdftoppm") is None:
        missing.append("poppler-utils")
    return tuple(missing)


def unavailable() -> tuple[str, ...]:
    """The Debian packages text recognition lacks on this server (empty when it works); off by setting too."""
    if not settings.CHISO_OCR:
        return ("CHISO_OCR",)
    return _missing()


def page_count(data: bytes) -> int:
    if is_image(data):
        with Image.open(io.BytesIO(data)) as image:
            return getattr(image, "n_frames", 1)
    return len(PdfReader(io.BytesIO(data)).pages)


def _pages(data: bytes, count: int):
    """The pages as grey images, one at a time."""
    if is_image(data):
        with Image.open(io.BytesIO(data)) as image:
            for frame in ImageSequence.Iterator(image):
                yield frame.convert("L")
        return
    for number in range(1, count + 1):
        (page,) = convert_from_bytes(data, dpi=DPI, first_page=number, last_page=number, grayscale=True)
        yield page


def recognise(data: bytes, *, on_page: Callable[[int, int], None] | None = None) -> list[str]:
    """A scanned PDF or a photo → its lines of text (NFC), page after page; ``on_page(done, total)`` after each."""
    total = page_count(data)
    lines: list[str] = []
    for done, image in enumerate(_pages(data, total), start=1):
        text = pytesseract.image_to_string(image, lang=LANGUAGE, timeout=settings.CHISO_OCR_PAGE_SECONDS)
        lines.extend(unicodedata.normalize("NFC", line) for line in text.splitlines())
        lines.append("")
        if on_page is not None:
            on_page(done, total)
    return lines
