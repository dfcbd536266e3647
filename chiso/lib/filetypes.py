"""What a stored or uploaded file is, read from its content, never from the name or the type the client sent.

Only the formats the project accepts are known: PDF, PNG, JPEG, GIF, WebP, the Office Open XML and OpenDocument
files (zip archives, told apart by their parts), and the older Office files (OLE compound files, told apart by
their streams' names). :func:`sniff` answers the canonical extension of a file (".jpg" for a JPEG, ".docx" for a
Word document) or ``None``; :func:`content_type` its media type; :func:`matches` whether the content is what the
name says; :func:`serve` answers a download with the type found by content; :func:`attachment` one the project
made (a .docx, an .xlsx).
"""

import zipfile
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils.text import slugify

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
# Names people give files, mapped to the canonical extension of their format.
ALIASES = {".jpeg": ".jpg", ".jpe": ".jpg"}
UNKNOWN = "application/octet-stream"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream that makes an OLE compound file a Word, PowerPoint or Excel file (names are UTF-16 in its directory).
_OLE_STREAMS = [
    (".doc", "WordDocument"),
    (".ppt", "PowerPoint Document"),
    (".xls", "Workbook"),
    (".xls", "Book"),
]
# Zip parts that make an archive an Office Open XML document.
_OOXML_PARTS = [(".docx", "word/"), (".xlsx", "xl/"), (".pptx", "ppt/")]
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}
_CHUNK = 1024 * 1024


def extension_of(name: str) -> str:
    """ "Bien ban.JPEG" → ".jpg": the canonical extension the name claims ("" when it has none)."""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in (name or "") else ""
    return ALIASES.get(extension, extension)


def sniff(fileobj) -> str | None:
    """The canonical extension of the format ``fileobj`` holds, read from its content; ``None`` when it is none of
    the known formats. Reads from the start and puts the position back there."""
    try:
        fileobj.seek(0)
        head = fileobj.read(16)
        if head.startswith(b"%PDF-"):
            return ".pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return ".png"
        if head.startswith(b"\xff\xd8\xff"):
            return ".jpg"
        if head.startswith((b"GIF87a", b"GIF89a")):
            return ".gif"
        if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
            return ".webp"
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(fileobj)
        if head.startswith(_OLE):
            return _sniff_ole(fileobj)
        return None
    finally:
        fileobj.seek(0)


def _sniff_zip(fileobj):
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
        names = archive.namelist()
        if "mimetype" in names:
            with archive.open("mimetype") as part:
                return _ODF_TYPES.get(part.read(100).strip())
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for extension, prefix in _OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return extension
    return None


def _sniff_ole(fileobj):
    """An OLE compound file's kind, by the name of its main stream in the directory (read once, in chunks)."""
    wanted = [(extension, name.encode("utf-16-le")) for extension, name in _OLE_STREAMS]
    longest = max(len(needle) for _extension, needle in wanted)
    found = set()
    fileobj.seek(0)
    tail = b""
    while chunk := fileobj.read(_CHUNK):
        window = tail + chunk
        found |= {extension for extension, needle in wanted if needle in window}
        tail = window[-longest:]
    for extension, _name in _OLE_STREAMS:
        if extension in found:
            return extension
    return None


def content_type(fileobj) -> str:
    """The media type of ``fileobj``'s content ("application/octet-stream" when it is none of the known formats)."""
    return CONTENT_TYPES.get(sniff(fileobj), UNKNOWN)


def matches(fileobj, name: str) -> bool:
    """True when the content is the format that ``name``'s extension claims (a renamed file is refused)."""
    claimed = extension_of(name)
    return bool(claimed) and sniff(fileobj) == claimed


def serve(stored_file, *, filename, as_attachment=True):
    """A download of ``stored_file`` (a FieldFile) typed by its content, whatever type was stored with it or the
    client sent; ``nosniff`` so a browser never guesses another."""

    handle = stored_file.open("rb")
    found = sniff(handle)
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=filename,
        content_type=CONTENT_TYPES.get(found, UNKNOWN),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment(content: bytes, filename: str, content_type: str | None = None) -> HttpResponse:
    """A download of a file the project made: typed by ``filename``'s extension unless ``content_type`` is given;
    a Vietnamese name ("Kết luận 12.docx") is sent as UTF-8 with an ASCII fallback for old clients."""
    extension = extension_of(filename)
    response = HttpResponse(content, content_type=content_type or CONTENT_TYPES.get(extension, UNKNOWN))
    if filename.isascii():
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        ascii_name = slugify(filename.rsplit(".", 1)[0]) + extension
        response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response
