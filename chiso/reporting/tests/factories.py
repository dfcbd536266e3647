"""Reporting schedules and periods built through the services, as the screens build them."""

import datetime as dt

from .. import services
from ..models import Cadence, Schedule, Window


def half_yearly(
    plan, *, actor, recipient, title="Báo cáo 6 tháng", reporters=None, today=dt.date(2025, 7, 1), **fields
):
    """A half-yearly schedule of ``plan`` on calendar half-years (its periods due by ``today`` opened)."""
    fields = {"cadence": Cadence.HALF_YEARLY, "window": Window.CALENDAR, **fields}
    schedule = Schedule(plan=plan, title=title, recipient=recipient, **fields)
    return services.create_schedule(schedule, actor=actor, reporters=reporters, today=today)


def ad_hoc_period(plan, *, actor, recipient, label, cutoff_start, cutoff_end, due_on, title="Báo cáo đột xuất"):
    """An ad hoc schedule of ``plan`` and the one period it is opened with."""
    schedule = services.create_schedule(
        Schedule(plan=plan, title=title, cadence=Cadence.AD_HOC, recipient=recipient), actor=actor
    )
    return services.open_ad_hoc_period(
        schedule, actor=actor, label=label, cutoff_start=cutoff_start, cutoff_end=cutoff_end, due_on=due_on
    )
