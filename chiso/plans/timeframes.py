"""Task timeframes ("Thời gian thực hiện"): the kinds plans use and the end date each resolves to.

"Thường xuyên" (ongoing) has no end; "Năm 2023" ends 31/12/2023; "Quý II/2024" ends 30/6/2024;
"tháng 7 năm 2024" ends 31/7/2024; "trước ngày 29/6/2024" ends 29/6/2024; "Theo Kế hoạch …" has none.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from chiso.lib.budget import charge
from chiso.lib.text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


class Kind(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
    BY_DATE = "by_date", _("By a date")
    RANGE = "range", _("Date range")
    PER_PLAN = "per_plan", _("Per a separate plan")


@dataclass(frozen=True)
class Timeframe:
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""

    @classmethod
    def year(cls, year: int) -> Timeframe:
        return cls(Kind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Timeframe:
        first_month = 3 * (quarter - 1) + 1
        last_month = first_month + 2
        end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
        return cls(Kind.QUARTER, dt.date(year, first_month, 1), end, f"Quý {roman}/{year}")

    @classmethod
    def month(cls, year: int, month: int) -> Timeframe:
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        return cls(Kind.MONTH, dt.date(year, month, 1), end, f"Tháng {month}/{year}")

    @classmethod
    def by_date(cls, day: dt.date) -> Timeframe:
        return cls(Kind.BY_DATE, None, day, f"Trước ngày {day.day:02d}/{day.month:02d}/{day.year}")

    @classmethod
    def ongoing(cls) -> Timeframe:
        return cls(Kind.ONGOING, None, None, "Thường xuyên")


_DATE = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"


def _date(d, m, y):
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_timeframe(text: str) -> Timeframe | None:
    """Read the timeframe cell of a task table; None when it is not understood."""
    charge(len(text or ""))
    raw = " ".join((text or "").split())
    folded = fold(raw)
    if not folded:
        return None
    if folded.startswith("thuong xuyen"):
        return Timeframe(Kind.ONGOING, None, None, raw)
    if folded.startswith("theo ke hoach"):
        return Timeframe(Kind.PER_PLAN, None, None, raw)
    # "từ ngày … đến ngày …": the first "từ <date>" and the first "đến <date>" after it (``.*?`` between the two
    # rescanned the rest of the text from every "từ <date>").
    m = re.search(r"tu (?:ngay )?" + _DATE, folded)
    n = m and re.compile(r"den (?:ngay )?" + _DATE).search(folded, m.end())
    if n:
        start, end = _date(*m.groups()), _date(*n.groups())
        if start and end:
            return Timeframe(Kind.RANGE, start, end, raw)
    m = re.search(r"(?:truoc|cham nhat|han|den) (?:ngay )?" + _DATE, folded) or re.fullmatch(
        r"(?:ngay )?" + _DATE, folded
    )
    if m:
        day = _date(*m.groups()[-3:])
        if day:
            return Timeframe(Kind.BY_DATE, None, day, raw)
    m = re.search(r"quy (iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*(\d{4})", folded)
    if m:
        q = ROMAN.get(m.group(1)) or int(m.group(1))
        tf = Timeframe.quarter(int(m.group(2)), q)
        return Timeframe(Kind.QUARTER, tf.start, tf.end, raw)
    m = re.search(r"thang (\d{1,2})\s*(?:/|nam)\s*(\d{4})", folded)
    if m and 1 <= int(m.group(1)) <= 12:
        tf = Timeframe.month(int(m.group(2)), int(m.group(1)))
        return Timeframe(Kind.MONTH, tf.start, tf.end, raw)
    m = re.search(r"nam (\d{4})", folded)
    if m:
        tf = Timeframe.year(int(m.group(1)))
        return Timeframe(Kind.YEAR, tf.start, tf.end, raw)
    return None
