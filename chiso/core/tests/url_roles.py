"""The URL × role rows of the core app (collected by ``tests/test_url_roles.py``)."""

import datetime as dt

from chiso.core.models import CalendarException
from tests.urlroles import admin_only, login_required, public

ROWS = {
    # Health checks: public, no personal data (chiso/core/health.py).
    "healthz": (None, public()),
    "readyz": (None, public()),
    "core:home": (None, public()),
    "core:set_language": (None, public(302)),
    "core:workdays": (None, login_required()),
    "core:calendarexception_list": (None, login_required()),
    "core:calendarexception_add": (None, admin_only()),
    "core:calendarexception_detail": ("calendar", login_required()),
    "core:calendarexception_edit": ("calendar", admin_only()),
    "core:calendarexception_delete": ("calendar", admin_only()),
    "core:calendarexception_history": ("calendar", login_required()),
}


def objects(world, built):
    return {"calendar": CalendarException.objects.create(date=dt.date(2025, 9, 1), kind="day_off", note="Nghỉ bù")}
