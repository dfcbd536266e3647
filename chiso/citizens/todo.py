"""The citizens' lines of a person's to-do (``chiso.core.home.register_todo``): feedback routed to an agency where
the person acts, open, whose deadline (to acknowledge, then to answer) is near or past."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from chiso.core.home import Todo
from chiso.core.permissions import policy

from .models import Feedback

LIMIT = 10
NEAR_DAYS = 7  # about five working days: feedback deadlines are short


def lines(user, today):
    agencies = policy.agency_ids(user, "handle")
    if not agencies:
        return []
    until = today + dt.timedelta(days=NEAR_DAYS)
    items = (
        Feedback.objects.filter(agency_id__in=agencies)
        .open()
        .filter(
            Q(status=Feedback.Status.RECEIVED, acknowledge_due_on__lte=until)
            | Q(~Q(status=Feedback.Status.RECEIVED), answer_due_on__lte=until)
        )
        .order_by("answer_due_on")[:LIMIT]
    )
    return [
        Todo(
            due_on=item.current_due_on,
            text=(
                _("Acknowledge feedback %(code)s")
                if item.status == Feedback.Status.RECEIVED
                else _("Answer feedback %(code)s")
            )
            % {"code": item.tracking_code},
            url=item.get_absolute_url(),
            kind="feedback.due",
        )
        for item in items
    ]
