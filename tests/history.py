"""A record's history as a reader reads it, for the tests of the audit trail: an entry's changes in Vietnamese, and
the rows of changes of a history page."""

import html
import re

from django.utils import translation


def rows(entry):
    """The entry's changes in Vietnamese: {label: (before, after)}."""
    with translation.override("vi"):
        return {str(label): (old, new) for label, old, new in entry.changes()}


def table_rows(page):
    """The history page's rows of changes: {label: (before, after)}, as the reader sees them."""
    cells = re.findall(
        r"<tr><td>(.*?)</td><td class=\"diff-old\">(.*?)</td><td class=\"diff-new\">(.*?)</td></tr>", page, re.S
    )
    return {label: (html.unescape(old), html.unescape(new)) for label, old, new in cells}
