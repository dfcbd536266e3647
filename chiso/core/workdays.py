"""The working-day calendar with the administrator's exceptions from the database.

``calendar()`` builds a :class:`chiso.lib.workdays.Calendar` from ``CalendarException`` rows (cached until
one changes); services and commands call ``add_working_days`` / ``is_working_day`` / ``working_days_between``.
"""

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import translation

from chiso.lib.workdays import Calendar, public_holiday_name

from .models import CalendarException

CACHE_KEY = "chiso:calendar-exceptions:v{version}"


def _version() -> str:
    # One query (it runs on every deadline computed, e.g. each citizen's submission).
    state = CalendarException.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    latest = state["latest"]
    return f"{state['count']}-{latest.timestamp() if latest else 0}"


def calendar() -> Calendar:
    key = CACHE_KEY.format(version=_version())
    cached = cache.get(key)
    if cached is not None:
        return cached
    off, work = set(), set()
    for day, kind in CalendarException.objects.values_list("date", "kind"):
        (off if kind == CalendarException.Kind.DAY_OFF else work).add(day)
    result = Calendar(extra_days_off=frozenset(off), extra_working_days=frozenset(work))
    cache.set(key, result, 3600)
    return result


def is_working_day(day: dt.date) -> bool:
    return calendar().is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    return calendar().add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return calendar().working_days_between(start, end)


def day_off_reason(day: dt.date) -> str:
    exception = CalendarException.objects.filter(date=day).first()
    if exception is not None:
        return exception.note or exception.get_kind_display()
    language = "vi" if translation.get_language() == "vi" else "en_US"
    return public_holiday_name(day, language=language) or ""


def holidays_of(year: int):
    import holidays

    language = "vi" if translation.get_language() == "vi" else "en_US"
    return sorted(holidays.country_holidays("VN", years=year, language=language).items())
