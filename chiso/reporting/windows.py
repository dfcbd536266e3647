"""Cut-off windows of reporting periods.

Decree 09/2019/NĐ-CP (Art. 12) on the reporting regime of state agencies: the data of a monthly report run from
the 15th of the month before to the 14th; of a quarterly report from the 15th of the month before the quarter to
the 14th of its last month; of a half-yearly report 15/12–14/6 and 15/6–14/12; of a yearly one 15/12–14/12.
Plans may set calendar windows instead ("từ ngày 01/01/2025 đến ngày 30/6/2025", seed 001).
"""

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from .models import Cadence, Window

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Span:
    label: str
    start: dt.date
    end: dt.date


def _month_end(year, month):
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _decree09_start(year, month):
    """The 15th of the month before ``month`` of ``year``."""
    return dt.date(year - 1, 12, 15) if month == 1 else dt.date(year, month - 1, 15)


def _window(year, first, last, decree):
    """Months ``first`` to ``last`` of ``year``: under Decree 09 from the 15th of the month before ``first`` to the
    14th of ``last``, else the calendar months."""
    if decree:
        return _decree09_start(year, first), dt.date(year, last, 14)
    return dt.date(year, first, 1), _month_end(year, last)


def spans(cadence: str, window: str, year: int) -> list[Span]:
    """The regular periods of ``year`` for a cadence and window (none for ad hoc). Labels are Vietnamese:
    they are the names of official reports."""
    with translation.override("vi"):
        if cadence == Cadence.MONTHLY:
            months = [(_("Month %(m)s/%(y)s") % {"m": f"{m:02d}", "y": year}, m, m) for m in range(1, 13)]
        elif cadence == Cadence.QUARTERLY:
            months = [(_("Quarter %(q)s/%(y)s") % {"q": ROMAN[q], "y": year}, 3 * q - 2, 3 * q) for q in range(1, 5)]
        elif cadence == Cadence.HALF_YEARLY:
            months = [
                (_("First six months of %(y)s") % {"y": year}, 1, 6),
                (_("Last six months of %(y)s") % {"y": year}, 7, 12),
            ]
        elif cadence == Cadence.YEARLY:
            months = [(_("Year %(y)s") % {"y": year}, 1, 12)]
        else:
            months = []
    decree = window == Window.DECREE_09
    return [Span(label, *_window(year, first, last, decree)) for label, first, last in months]
