"""Reporting's periodic jobs: open the periods whose time has come; remind before due dates; tell the agency
and the standing body after them. Each notice is sent once (``notify``'s key), however often the tick runs."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import override

from chiso.core import workdays
from chiso.notifications.jobs import periodic
from chiso.notifications.services import notify

from . import services
from .models import Period, Request


@periodic
def open_periods(today: dt.date) -> int:
    return services.open_due_periods(today=today)


@periodic
def remind(today: dt.date) -> int:
    """Officers are reminded ``remind_days_before`` working days before the due date; after it, the agency and
    the coordinators are told the report is overdue."""
    sent = 0
    pending = (
        Request.objects.filter(period__status=Period.Status.OPEN, period__schedule__is_active=True)
        .exclude(status__in=[Request.Status.SUBMITTED, Request.Status.ACCEPTED])
        .filter(due_on__gte=today - dt.timedelta(days=60), due_on__lte=today + dt.timedelta(days=45))
        .select_related("agency", "period__schedule__recipient")
    )
    with override("vi"):
        for request in pending:
            schedule = request.period.schedule
            url = request.get_absolute_url()
            days = schedule.remind_days_before
            if days and today <= request.due_on and workdays.add_working_days(today, days) >= request.due_on:
                sent += notify(
                    services.officials(request.agency),
                    key=f"reporting:due-soon:{request.pk}",
                    subject=_("Report due on %(date)s: %(period)s")
                    % {"date": f"{request.due_on:%d/%m/%Y}", "period": request.period.label},
                    body=_("%(agency)s has not yet submitted its report to %(to)s.")
                    % {"agency": request.agency, "to": schedule.recipient},
                    url=url,
                )
            elif schedule.notify_overdue and today > request.due_on and request.first_submitted_at is None:
                people = services.officials(request.agency) + services.period_coordinators(request.period)
                sent += notify(
                    people,
                    key=f"reporting:overdue:{request.pk}",
                    subject=_("Report overdue since %(date)s: %(agency)s — %(period)s")
                    % {"date": f"{request.due_on:%d/%m/%Y}", "agency": request.agency, "period": request.period.label},
                    body=_("The report was due on %(date)s and has not been submitted.")
                    % {"date": f"{request.due_on:%d/%m/%Y}"},
                    url=url,
                )
    return sent
