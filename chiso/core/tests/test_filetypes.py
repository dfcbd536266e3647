"""Files are known by their content: real documents made by python-docx and openpyxl, and renamed ones refused."""

import io
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook

from chiso.lib import filetypes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14
WAV = b"RIFF\x1a\x00\x00\x00WAVEfmt " + b"\x00" * 14
HTML = b"<html><script>alert(1)</script></html>"


def docx():
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def xlsx():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def ole(stream):
    """An OLE compound file header followed by a directory entry naming ``stream`` (UTF-16, as Office writes it)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 64


@pytest.mark.parametrize(
    "content, extension",
    [
        (PDF, ".pdf"),
        (PNG, ".png"),
        (JPEG, ".jpg"),
        (GIF, ".gif"),
        (WEBP, ".webp"),
        (docx(), ".docx"),
        (xlsx(), ".xlsx"),
        (odt(), ".odt"),
        (ole("WordDocument"), ".doc"),
        (ole("Workbook"), ".xls"),
        (ole("PowerPoint Document"), ".ppt"),
        (WAV, None),
        (HTML, None),
        (b"PK\x03\x04 not a zip", None),
        (b"", None),
    ],
)
def test_sniff_reads_the_format_from_the_content(content, extension):
    handle = io.BytesIO(content)
    assert filetypes.sniff(handle) == extension
    assert handle.tell() == 0
    assert filetypes.content_type(handle) == filetypes.CONTENT_TYPES.get(extension, "application/octet-stream")


@pytest.mark.parametrize(
    "name, content, ok",
    [
        ("bien-ban.PDF", PDF, True),
        ("anh.jpeg", JPEG, True),
        ("bang.xlsx", docx(), False),  # a Word document renamed .xlsx
        ("anh.webp", WAV, False),  # a sound file renamed .webp
        ("bao-cao.pdf", HTML, False),
        ("khong-duoi", PDF, False),
    ],
)
def test_matches_refuses_content_that_is_not_what_the_name_says(name, content, ok):
    assert filetypes.matches(io.BytesIO(content), name) is ok
