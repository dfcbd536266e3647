"""Working-day arithmetic for Vietnamese administrative deadlines.

A working day is Monday–Friday that is not a public holiday (``holidays`` country ``VN``: Tết, Hùng Kings,
30/4, 1/5, 2/9 and the official substitute days) and not an extra day off announced by an administrator;
a Saturday or Sunday that the Government swaps into a working day counts as one ("làm bù").

Deadlines such as "chậm nhất 15 ngày làm việc sau …" count from the day *after* the start date.
This module is plain Python: the database-backed exceptions are passed in as a :class:`Calendar`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


@lru_cache(maxsize=64)
def _weekend_workdays(year: int) -> frozenset[dt.date]:
    """Saturdays/Sundays the Government turned into working days to make a long holiday (e.g. 26/4/2025)."""
    calendar = holidays.country_holidays("VN", years=year)
    return frozenset(day for day in calendar.weekend_workdays if day.year == year)


def public_holiday_name(day: dt.date, language: str = "vi") -> str | None:
    names = holidays.country_holidays("VN", years=day.year, language=language)
    return names.get(day)


@dataclass(frozen=True)
class Calendar:
    """The VN calendar plus an administrator's exceptions."""

    extra_days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        if day.weekday() >= 5:
            return day in _weekend_workdays(day.year)
        return day not in _public_holidays(day.year)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself is not counted).

        ``days`` may be negative to count backwards; 0 returns ``start`` unchanged.
        """
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        current = start
        while remaining:
            current += dt.timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open interval (start, end]; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        # Mondays to Fridays by arithmetic, then the days that differ from that rule (holidays, weekend working
        # days, the administrator's exceptions) one by one: a page of 100 overdue rows a year late asks this 100
        # times, which a day-by-day walk made ~25,000 calls.
        days = (end - start).days
        weeks, rest = divmod(days, 7)
        count = 5 * weeks + sum(1 for i in range(1, rest + 1) if (start + dt.timedelta(days=i)).weekday() < 5)
        special = set(self.extra_days_off) | set(self.extra_working_days)
        for year in range(start.year, end.year + 1):
            special |= _public_holidays(year) | _weekend_workdays(year)
        for day in special:
            if start < day <= end:
                count += int(self.is_working_day(day)) - int(day.weekday() < 5)
        return count


DEFAULT_CALENDAR = Calendar()
