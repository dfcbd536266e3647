"""Periods of disclosure: a year ("2025") or a quarter ("2025-Q3"), as a key, its dates and its label."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_KEY = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


def parse(key: str) -> tuple[dt.date, dt.date]:
    """ "2025" → (01/01/2025, 31/12/2025); "2025-Q3" → (01/07/2025, 30/09/2025). A bad key is a clear error."""
    match = _KEY.match((key or "").strip().upper())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError(
            _("The period is a year (2025) or a quarter (2025-Q3): “%(key)s” is neither.") % {"key": key},
            code="bad_period",
        )
    year = int(match.group(1))
    if match.group(2) is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    quarter = int(match.group(2))
    start = dt.date(year, 3 * quarter - 2, 1)
    return start, quarter_end(year, quarter)


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


def label(key: str) -> str:
    """ "Năm 2025" / "Quý III/2025" in the active language."""
    match = _KEY.match(key.upper())
    if match and match.group(2):
        return _("Quarter %(q)s/%(year)s") % {"q": ROMAN[int(match.group(2))], "year": match.group(1)}
    return _("Year %(year)s") % {"year": key}


def keys_of_year(year: int, recurrence: str) -> list[str]:
    if recurrence == "quarterly":
        return [f"{year}-Q{q}" for q in range(1, 5)]
    if recurrence == "yearly":
        return [str(year)]
    return []


def current_key(today: dt.date) -> str:
    return str(today.year)
