"""What an uploaded .docx/.xlsx may unpack to, checked before anything parses it (zip bombs, merged-range bombs).

Shared by every importer that opens Office files (plan documents, task tables, published results): the bounds are
the settings ``CHISO_IMPORT_MAX_*``, the messages name the limit and say what to do.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from chiso.lib.budget import charge


class ImportRefused(Exception):
    """The file cannot be read at all; the message says why, in the user's language."""


class Unopenable(ImportRefused):
    """The archive itself cannot be opened (not a zip, truncated, encrypted)."""


# --- bounds (settings CHISO_IMPORT_*): what a file may unpack to, before anything parses it ---------------
MAX_MEMBERS = 5000  # parts of one .docx/.xlsx (a plan has a few dozen)
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL_REF = re.compile(rb"<(?:\w+:)?(?:c|row)\b[^>]{0,400}?\br=[\"']([A-Za-z]{0,3})(\d{1,9})[\"']")
_MERGE_REF = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]{0,400}?\bref=[\"']([A-Za-z]{1,3})(\d{1,9}):([A-Za-z]{1,3})(\d{1,9})[\"']"
)


def _megabytes(size: int) -> str:
    return number_format(max(round(size / (1024 * 1024)), 1), force_grouping=True)


def too_many_lines() -> ImportRefused:
    return ImportRefused(
        _("The file has more than %(limit)s lines (or table rows): split it into smaller files.")
        % {"limit": number_format(settings.CHISO_IMPORT_MAX_LINES, force_grouping=True)}
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def check_archive(data: bytes) -> set[str]:
    """The members of a .docx/.xlsx, after checking what it unpacks to: the declared size of all its members
    and of each XML part (a zip bomb declares little or unpacks to a lot: reading stops at the declared size,
    and the check of its CRC then fails, so "damaged"), and for a workbook the rows, columns and merged areas its
    sheets address (openpyxl creates every cell of a merged range). Raises :class:`ImportRefused`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ImportRefused(_("The file has too many parts (%(n)s) to be a plan document.") % {"n": len(infos)})
            unzipped = sum(max(info.file_size, 0) for info in infos)
            biggest_xml = max((i.file_size for i in infos if i.filename.endswith((".xml", ".rels"))), default=0)
            if unzipped > settings.CHISO_IMPORT_MAX_UNZIPPED_BYTES or biggest_xml > settings.CHISO_IMPORT_MAX_XML_BYTES:
                raise ImportRefused(
                    _(
                        "The file unpacks to %(size)s MB, more than the %(limit)s MB allowed: it was refused and "
                        "nothing was saved. Save the document again without pictures or embedded objects."
                    )
                    % {
                        "size": _megabytes(max(unzipped, biggest_xml)),
                        "limit": _megabytes(
                            settings.CHISO_IMPORT_MAX_UNZIPPED_BYTES
                            if unzipped > settings.CHISO_IMPORT_MAX_UNZIPPED_BYTES
                            else settings.CHISO_IMPORT_MAX_XML_BYTES
                        ),
                    }
                )
            for info in infos:
                if _SHEET.fullmatch(info.filename):
                    _check_sheet(archive.read(info))
            return {info.filename for info in infos}
    except ImportRefused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise Unopenable(_("The file is damaged or truncated: it cannot be opened.")) from exc


def _check_sheet(xml: bytes) -> None:
    """The last row and column a sheet addresses, and the cells its merged ranges cover, within the bounds."""
    charge(len(xml))
    rows, columns = settings.CHISO_IMPORT_MAX_LINES, settings.CHISO_IMPORT_MAX_COLUMNS
    last_row = last_column = 0
    for match in _CELL_REF.finditer(xml):
        last_row = max(last_row, int(match.group(2)))
        if match.group(1):
            last_column = max(last_column, _column_number(match.group(1)))
    merged = 0
    for match in _MERGE_REF.finditer(xml):
        top, bottom = sorted((int(match.group(2)), int(match.group(4))))
        left, right = sorted((_column_number(match.group(1)), _column_number(match.group(3))))
        last_row, last_column = max(last_row, bottom), max(last_column, right)
        merged += (bottom - top + 1) * (right - left + 1)
    if last_row > rows or merged > rows * 10:
        raise too_many_lines()
    if last_column > columns:
        raise ImportRefused(
            _("The sheet has more than %(limit)s columns: it is not a table that can be imported.") % {"limit": columns}
        )
