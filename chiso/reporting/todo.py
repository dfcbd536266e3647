"""The reporting lines of a person's to-do (``chiso.core.home.register_todo``): reports my agencies owe or must
correct, periods my standing body must consolidate and send up, consolidated reports awaiting my approval."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from chiso.core.home import HORIZON_DAYS, Todo
from chiso.core.permissions import COORDINATOR, LEADER, policy

from .models import ConsolidatedReport, Period, Request

LIMIT = 10


def reports_due(user, today):
    """Reports owed by an agency where ``user`` acts: not yet sent, or returned for correction."""
    agencies = policy.agency_ids(user, "report")
    if not agencies:
        return []
    requests = (
        Request.objects.filter(
            agency_id__in=agencies,
            status__in=[Request.Status.PENDING, Request.Status.RETURNED],
            period__status=Period.Status.OPEN,
            due_on__lte=today + dt.timedelta(days=HORIZON_DAYS),
        )
        .select_related("period", "agency")
        .order_by("due_on")[:LIMIT]
    )
    lines = []
    for request in requests:
        returned = request.status == Request.Status.RETURNED
        text = (
            _("Returned for correction: %(period)s — %(agency)s")
            if returned
            else _("Report due: %(period)s — %(agency)s")
        )
        lines.append(
            Todo(
                due_on=request.due_on,
                text=text % {"period": request.period.label, "agency": request.agency.name},
                url=request.get_absolute_url(),
                kind="report.returned" if returned else "report.due",
            )
        )
    return lines


def reports_to_consolidate(user, today):
    """Open periods of the plans of the units where ``user`` coordinates, not yet sent up."""
    paths = policy.unit_paths(user, {COORDINATOR})
    if not paths:
        return []
    periods = (
        Period.objects.filter(
            schedule__plan__unit__path__in=paths,
            status=Period.Status.OPEN,
            unit_due_on__lte=today + dt.timedelta(days=HORIZON_DAYS),
        )
        .filter(Q(consolidated__isnull=True) | ~Q(consolidated__status=ConsolidatedReport.Status.SENT))
        .order_by("unit_due_on")[:LIMIT]
    )
    return [
        Todo(
            due_on=period.unit_due_on,
            text=_("Consolidate and send up: %(period)s") % {"period": period.label},
            url=period.get_absolute_url(),
            kind="report.consolidate",
        )
        for period in periods
    ]


def reports_to_approve(user, today):
    if not policy.unit_paths(user, {LEADER}):
        return []
    reports = (
        policy.scope(user, "approve", ConsolidatedReport.objects.filter(status=ConsolidatedReport.Status.AWAITING))
        .select_related("period")
        .order_by("period__unit_due_on")[:LIMIT]
    )
    return [
        Todo(
            due_on=report.period.unit_due_on,
            text=_("A report awaits your approval: %(title)s") % {"title": report.title},
            url=report.get_absolute_url(),
            kind="report.approve",
        )
        for report in reports
    ]


def lines(user, today):
    return [*reports_due(user, today), *reports_to_consolidate(user, today), *reports_to_approve(user, today)]
