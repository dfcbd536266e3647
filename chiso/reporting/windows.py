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


def spans(cadence: str, window: str, year: int) -> list[Span]:
    """The regular periods of ``year`` for a cadence and window (none for ad hoc). Labels are Vietnamese:
    they are the names of official reports."""
    decree = window == Window.DECREE_09
    out: list[Span] = []
    with translation.override("vi"):
        if cadence == Cadence.MONTHLY:
            for m in range(1, 13):
                start, end = (
                    (_decree09_start(year, m), dt.date(year, m, 14))
                    if decree
                    else (
                        dt.date(year, m, 1),
                        _month_end(year, m),
                    )
                )
                out.append(Span(_("Month %(m)s/%(y)s") % {"m": f"{m:02d}", "y": year}, start, end))
        elif cadence == Cadence.QUARTERLY:
            for q in range(1, 5):
                first, last = 3 * q - 2, 3 * q
                start, end = (
                    (_decree09_start(year, first), dt.date(year, last, 14))
                    if decree
                    else (
                        dt.date(year, first, 1),
                        _month_end(year, last),
                    )
                )
                out.append(Span(_("Quarter %(q)s/%(y)s") % {"q": ROMAN[q], "y": year}, start, end))
        elif cadence == Cadence.HALF_YEARLY:
            first = (
                (dt.date(year - 1, 12, 15), dt.date(year, 6, 14))
                if decree
                else (dt.date(year, 1, 1), dt.date(year, 6, 30))
            )
            second = (
                (dt.date(year, 6, 15), dt.date(year, 12, 14))
                if decree
                else (dt.date(year, 7, 1), dt.date(year, 12, 31))
            )
            out.append(Span(_("First six months of %(y)s") % {"y": year}, *first))
            out.append(Span(_("Last six months of %(y)s") % {"y": year}, *second))
        elif cadence == Cadence.YEARLY:
            whole = (
                (dt.date(year - 1, 12, 15), dt.date(year, 12, 14))
                if decree
                else (dt.date(year, 1, 1), dt.date(year, 12, 31))
            )
            out.append(Span(_("Year %(y)s") % {"y": year}, *whole))
    return out
