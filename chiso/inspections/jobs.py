"""Inspections' periodic job: an overdue remedy is told to the responsible agency, its unit's leaders and the
inspection team; after the inspection's ``escalate_after_days`` working days, to the leaders of the level above.
Each notice is sent once (``notify``'s key, which names the due date: a new deadline is a new notice)."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import override

from chiso.accounts.people import holding
from chiso.notifications.jobs import periodic
from chiso.notifications.services import notify

from . import services
from .models import Remedy


def _members(agencies, roles):
    return holding(roles, agencies=agencies)


def _unit_leaders(unit):
    return _members(unit.agencies.filter(is_active=True), ["leader"]) if unit is not None else []


def _team(inspection):
    people = [m.user for m in inspection.team.all() if m.user_id]
    return people + ([inspection.created_by] if inspection.created_by_id else [])


@periodic
def overdue_remedies(today: dt.date) -> int:
    sent = 0
    overdue = (
        Remedy.objects.overdue(on=today)
        .select_related("agency__unit__parent", "finding__inspection__unit")
        .prefetch_related("finding__inspection__team__user")
        .order_by("due_on", "id")
    )
    with override("vi"):
        for remedy in overdue:
            inspection = remedy.finding.inspection
            url = remedy.get_absolute_url()
            values = {
                "agency": remedy.agency,
                "date": f"{remedy.due_on:%d/%m/%Y}",
                "inspection": inspection.title,
            }
            people = (
                _members([remedy.agency], ["officer", "coordinator", "leader"])
                + _unit_leaders(remedy.agency.unit)
                + _team(inspection)
            )
            sent += notify(
                people,
                key=f"inspections:overdue:{remedy.pk}:{remedy.due_on:%Y%m%d}",
                subject=_("Remedy overdue since %(date)s: %(agency)s") % values,
                body=_(
                    "A remedy of the inspection “%(inspection)s” was due on %(date)s and has not been reported done."
                )
                % values
                + "\n"
                + remedy.text,
                url=url,
            )
            late = services.days_overdue(remedy, today)
            if late >= inspection.escalate_after_days and remedy.agency.unit.parent_id:
                above = _unit_leaders(remedy.agency.unit.parent) + _unit_leaders(inspection.unit)
                new = notify(
                    above,
                    key=f"inspections:escalated:{remedy.pk}:{remedy.due_on:%Y%m%d}",
                    subject=_("Escalated: a remedy %(days)s working days overdue — %(agency)s")
                    % {**values, "days": late},
                    body=_("A remedy of the inspection “%(inspection)s” was due on %(date)s and is still not done.")
                    % values
                    + "\n"
                    + remedy.text,
                    url=url,
                )
                if new and remedy.escalated_on is None:
                    services.escalate_remedy(remedy, today=today)
                sent += new
    return sent
