"""Scanned plans made for the tests and the OCR benchmark: lines of text drawn with a font that has every
Vietnamese letter (Liberation Serif, Debian's fonts-liberation2) on A4 pages, saved as a PDF of pictures (no text
layer, as a scanner makes it) or as a photo (PNG)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
DPI = 200
PAGE = (round(8.27 * DPI), round(11.69 * DPI))  # A4
MARGIN = round(0.8 * DPI)
POINTS = 13


def _wrapped(lines, font, width):
    for line in lines:
        words, current = line.split(), ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if current and font.getlength(candidate) > width:
                yield current
                current = word
            else:
                current = candidate
        if current:
            yield current


def pages(lines: list[str], *, max_pages: int | None = None) -> list[Image.Image]:
    """The non-blank ``lines`` drawn on as many A4 pages (grey, ``DPI``) as they take (at most ``max_pages``)."""
    font = ImageFont.truetype(str(FONT), round(POINTS * DPI / 72))
    step = round(POINTS * 1.6 * DPI / 72)
    per_page = (PAGE[1] - 2 * MARGIN) // step
    drawn = list(_wrapped([line.strip() for line in lines if line.strip()], font, PAGE[0] - 2 * MARGIN))
    out = []
    for start in range(0, len(drawn), per_page):
        if max_pages is not None and len(out) == max_pages:
            break
        image = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(drawn[start : start + per_page]):
            draw.text((MARGIN, MARGIN + row * step), line, font=font, fill=0)
        out.append(image)
    return out


def scanned_pdf(lines: list[str], *, max_pages: int | None = None) -> bytes:
    images = pages(lines, max_pages=max_pages)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=DPI)
    return buffer.getvalue()


def photo(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    pages(lines, max_pages=1)[0].save(buffer, "PNG")
    return buffer.getvalue()
