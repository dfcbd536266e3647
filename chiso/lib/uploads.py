"""The one check every uploaded file goes through: the size limit of its kind, declared in
``settings.CHISO_UPLOAD_LIMITS``, and — where the kind accepts only some formats — the format read from the content
by :mod:`chiso.lib.filetypes`, never from the name or the type the client sent.

Kinds whose content a parser reads (plan documents, task tables, results, indicators) are checked for size here
and for format by their parser, which bounds what an Office file unpacks to with :mod:`chiso.lib.archives`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import filetypes

MB = 1024 * 1024

# Families of formats a kind may accept (canonical extensions, see ``filetypes.sniff``).
PHOTOS = frozenset({".png", ".jpg", ".gif", ".webp"})
PHOTOS_OR_PDF = PHOTOS | {".pdf"}
DOCUMENTS = PHOTOS_OR_PDF | {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".doc", ".xls", ".ppt"}


def limit(kind: str) -> int:
    """The largest file accepted for ``kind``, in bytes (a kind missing from the settings is a programming error)."""
    return settings.CHISO_UPLOAD_LIMITS[kind]


def megabytes(size: int) -> str:
    """20971520 → "20", 2621440 → "2.5"."""
    return f"{size / MB:g}"


def check_size(kind: str, size: int | None, name: str = "") -> None:
    """Refuse a file larger than its kind's limit, naming the file and the limit."""
    if size is not None and size > limit(kind):
        values = {"name": name, "limit": megabytes(limit(kind))}
        message = (
            _("“%(name)s” is larger than the %(limit)s MB allowed. Make the file smaller and send it again.")
            if name
            else _("The file is larger than the %(limit)s MB allowed. Make the file smaller and send it again.")
        )
        raise ValidationError(message % values, code="too_large")


def check_upload(upload, kind: str, *, accept=None, name_must_match: bool = False) -> str | None:
    """Check ``upload`` (a Django ``UploadedFile``) for ``kind``: its size, then, when ``accept`` is given, that its
    content is one of those formats (and, with ``name_must_match``, the format its name claims). Answers the
    canonical extension found in the content (``None`` when ``accept`` is not given: the parser decides)."""
    name = getattr(upload, "name", "") or ""
    check_size(kind, getattr(upload, "size", None), name)
    if accept is None:
        return None
    if name_must_match:
        claimed = filetypes.extension_of(name)
        if claimed not in accept:
            raise ValidationError(_refusal(name, accept), code="bad_type")
        if not filetypes.matches(upload, name):
            raise ValidationError(
                _("“%(name)s” is not really a %(ext)s file.") % {"name": name, "ext": claimed.lstrip(".").upper()},
                code="type_mismatch",
            )
        return claimed
    found = filetypes.sniff(upload)
    if found not in accept:
        raise ValidationError(_refusal(name or "file", accept), code="bad_type")
    return found


def _refusal(name: str, accept) -> str:
    if accept <= PHOTOS_OR_PDF:
        return _("“%(name)s” is not a photo (JPEG, PNG, GIF, WebP) or a PDF document.") % {"name": name}
    return _("“%(name)s”: only PDF, images (PNG, JPEG, GIF, WebP) and Office files are accepted.") % {"name": name}
