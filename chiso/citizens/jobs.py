"""Citizens' periodic jobs: deadline reminders and escalation for feedback, asking citizens whether an answered
matter was resolved, closing what nobody confirmed. Each notice goes out once (``notify``'s key, which carries the
deadline, so a reopened item with a new deadline is reminded again), however often the tick runs."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import override

from chiso.accounts.people import holding
from chiso.core import workdays
from chiso.notifications.jobs import periodic
from chiso.notifications.services import notify
from chiso.units.models import Agency

from . import services
from .models import Feedback

# Working days before a deadline when the handlers are reminded.
REMIND_DAYS = 2


def _people(agency_ids, roles):
    return holding(roles, agencies=agency_ids)


def handlers(item):
    """Who works the item: the officers and the standing body of the agency it is routed to; when that agency has
    only a leader (a committee), the coordinators of the agency's unit, who handle its feedback."""
    if not item.agency_id:
        return []
    people = _people([item.agency_id], ("officer", "coordinator"))
    if not people:
        unit_agencies = Agency.objects.filter(unit=item.agency.unit_id).values_list("pk", flat=True)
        people = _people(list(unit_agencies), ("coordinator",))
    return people


def escalation(item):
    """Who hears of an overdue item besides its handlers: the leaders of that agency and of the unit's committee."""

    committees = list(Agency.objects.filter(unit=item.unit, kind="committee").values_list("pk", flat=True))
    return _people([item.agency_id, *committees], ("leader",))


@periodic
def remind_feedback(today: dt.date) -> int:
    sent = 0
    horizon = workdays.add_working_days(today, REMIND_DAYS)
    items = (
        Feedback.objects.open()
        .filter(received_on__gte=today - dt.timedelta(days=365))
        .select_related("unit", "agency")
        .order_by("id")
    )
    with override("vi"):
        for item in items:
            due = item.current_due_on
            url = item.get_absolute_url()
            if item.status == Feedback.Status.AWAITING_APPROVAL:
                sent += notify(
                    escalation(item),
                    key=f"citizens:approve:{item.pk}:{item.version}",
                    subject=_("An answer awaits your approval: %(code)s") % {"code": item.tracking_code},
                    body=item.subject,
                    url=url,
                )
            if due > horizon:
                continue
            phase = "ack" if item.status == Feedback.Status.RECEIVED else "answer"
            if today <= due:
                sent += notify(
                    handlers(item),
                    key=f"citizens:due-soon:{item.pk}:{phase}:{due:%Y%m%d}",
                    subject=_("Feedback %(code)s is due on %(date)s")
                    % {"code": item.tracking_code, "date": f"{due:%d/%m/%Y}"},
                    body=item.subject,
                    url=url,
                )
            else:
                sent += notify(
                    handlers(item) + escalation(item),
                    key=f"citizens:overdue:{item.pk}:{phase}:{due:%Y%m%d}",
                    subject=_("Feedback %(code)s is overdue since %(date)s")
                    % {"code": item.tracking_code, "date": f"{due:%d/%m/%Y}"},
                    body=_("%(subject)s — handled by %(agency)s.") % {"subject": item.subject, "agency": item.agency},
                    url=url,
                )
    return sent


@periodic
def follow_up_feedback(today: dt.date) -> int:
    """Ask citizens who left an e-mail whether the answered matter was resolved; close what nobody confirmed."""
    asked = services.ask_for_confirmation(on=today)
    return asked + services.close_unconfirmed(on=today)


@periodic
def check_feedback_owners(today: dt.date) -> int:
    """Every open item has someone answerable: an item whose agency has no active member left (or none at all) is
    handed to the coordinators above it, who are told so. Returns how many items were escalated."""
    moved = services.escalate_unowned(on=today)
    with override("vi"):
        for item in moved:
            notify(
                handlers(item),
                key=f"citizens:escalated:{item.pk}:{item.agency_id}",
                subject=_("Feedback %(code)s came to you: nobody was left to answer it") % {"code": item.tracking_code},
                body=item.subject,
                url=item.get_absolute_url(),
            )
    return len(moved)
