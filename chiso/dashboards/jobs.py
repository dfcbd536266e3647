"""The dashboards' periodic job: recount the figures of the current year (the year and each quarter) when the last
recount is an hour old or more. The tick runs every few minutes; the hour is kept here."""

import datetime as dt

from django.utils import timezone

from chiso.notifications.jobs import periodic

from .models import Recount
from .recount import recount_year

EVERY = dt.timedelta(hours=1)


@periodic
def recount_figures(today: dt.date) -> int:
    last = Recount.objects.filter(year=today.year, root="").order_by("-computed_at").first()
    if last is not None and timezone.now() - last.computed_at < EVERY:
        return 0
    return sum(stamp.figures for stamp in recount_year(today.year, today=today))
