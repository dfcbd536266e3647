"""The demo reporting year of seed 001: both levels' half-yearly schedules, the posts' half-year reports."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from chiso.demo.tests.test_demo import seed_units  # noqa: F401 — the fixture
from chiso.reporting.models import Period, Request, Schedule


def test_demo_reporting_year(seed_units):  # noqa: F811
    call_command("load_demo", stdout=StringIO())
    ward = Schedule.objects.get(plan__code="15/KH-UBND")
    first_half = ward.periods.get(cutoff_end=dt.date(2025, 6, 30))
    assert (first_half.cutoff_start, first_half.due_on) == (dt.date(2025, 1, 1), dt.date(2025, 7, 2))
    town_first_half = Period.objects.get(schedule__plan__code="03/KH-UBND", cutoff_end=dt.date(2025, 6, 30))
    assert town_first_half.unit_due_on == dt.date(2025, 7, 5)  # "trước ngày 05/7/2025"
    statuses = dict(first_half.requests.values_list("agency__name", "status"))
    assert statuses["Văn phòng - Thống kê"] == Request.Status.ACCEPTED
    assert statuses["Tư pháp - Hộ tịch"] == Request.Status.RETURNED
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Schedule.objects.count() == 2 and "reporting" not in out.getvalue()
