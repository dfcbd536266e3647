"""The vocabulary of the API reference table (``tests/test_api_references.py``): answers accepted and helpers.

Each app declares its rows in ``chiso/<app>/tests/api_references.py``: ``CASES`` (route name, method) → [(what is
tried, caller, url, body, body format, answers accepted)], ``EXEMPT`` for write routes that name no record (with the
reason), ``objects(world, far)`` for the out-of-reach records its rows name (set on ``far``, ids returned for the
``{name}`` placeholders), and ``state()`` — what a wrongly accepted write would change.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

# A record in the path that the caller may not see: "not found", as for any record they do not know of.
HIDDEN = {404}
# A record in the body the caller may not use: the service refuses it on that field.
REFUSED = {400, 403}


def xlsx():
    return SimpleUploadedFile("tasks.xlsx", b"PK\x03\x04", content_type="application/octet-stream")
