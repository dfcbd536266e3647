"""The working-day calendar with the administrator's exceptions from the database.

``calendar()`` builds a :class:`chiso.lib.workdays.Calendar` from ``CalendarException`` rows (cached until
one changes); services and commands call ``add_working_days`` / ``is_working_day`` / ``working_days_between``.
"""

import datetime as dt

import holidays
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from chiso.lib.workdays import Calendar, public_holiday_name

from . import personcache
from .models import CalendarException

CACHE_KEY = "chiso:calendar-exceptions:v{version}"
VERSION_KEY = "chiso:calendar-exceptions:version"


def _version() -> str:
    """The exceptions' state, kept in the cache until one is saved or deleted (``forget_version``): the probe
    query runs once per change, not on every deadline computed (each citizen's submission, each page with a due
    date)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        state = CalendarException.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
        latest = state["latest"]
        version = f"{state['count']}-{latest.timestamp() if latest else 0}"
        cache.set(VERSION_KEY, version, None)
    return version


def forget_version(**_signal_kwargs) -> None:
    """An exception changed: the next calendar() probes the table again (now and when the transaction commits)."""
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))
    personcache.bump("calendar")  # the officials' cached pages show deadlines


post_save.connect(forget_version, sender=CalendarException, dispatch_uid="workdays-version-save")
post_delete.connect(forget_version, sender=CalendarException, dispatch_uid="workdays-version-delete")


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
    language = "vi" if translation.get_language() == "vi" else "en_US"
    return sorted(holidays.country_holidays("VN", years=year, language=language).items())
