"""Disclosure's periodic jobs: make the year's recurring duties; remind the unit before a posting is due and tell it
(and its standing body) when it is overdue; tell it when a posting's required period is over, so the day it comes
down is recorded. Each notice is sent once (``notify``'s key), however often the tick runs."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import override

from chiso.core import workdays
from chiso.notifications.jobs import periodic
from chiso.notifications.services import notify

from . import services
from .models import Posting, PostingPlace

REMIND_WORKING_DAYS = 3


@periodic
def make_duties(today: dt.date) -> int:
    return services.ensure_all_duties(today)


@periodic
def remind(today: dt.date) -> int:
    """Before the due date (within ``REMIND_WORKING_DAYS`` working days, Tết-aware): the unit's officers and
    coordinators. After it, with nothing confirmed: the same people, once, as overdue."""
    sent = 0
    calendar = workdays.calendar()
    soon = calendar.add_working_days(today, REMIND_WORKING_DAYS)
    with override("vi"):
        for duty in services.duties_needing_posting(today):
            values = {"what": duty.type.name, "label": duty.label, "date": f"{duty.due_on:%d/%m/%Y}"}
            if today <= duty.due_on <= soon:
                sent += notify(
                    services.officials_of(duty.unit),
                    key=f"disclosures:due-soon:{duty.pk}",
                    subject=_("To post by %(date)s: %(what)s — %(label)s") % values,
                    body=_("Post it at the required places (%(places)s) and record the posting with a dated photo.")
                    % {"places": ", ".join(duty.place_labels())},
                    url=duty.get_absolute_url(),
                )
            elif today > duty.due_on:
                sent += notify(
                    services.officials_of(duty.unit),
                    key=f"disclosures:overdue:{duty.pk}",
                    subject=_("Posting overdue since %(date)s: %(what)s — %(label)s") % values,
                    body=_(
                        "Nothing has been recorded as posted. Post it and record it, or tell the standing body why."
                    ),
                    url=duty.get_absolute_url(),
                )
    return sent


@periodic
def period_over(today: dt.date) -> int:
    """A place still up whose minimum period ended yesterday or earlier (within a month): ask for the day it comes
    down — until then it counts as up, and compliance cannot say it stayed the required time."""
    sent = 0
    places = PostingPlace.objects.filter(
        posting__status=Posting.Status.CONFIRMED,
        posted_to__isnull=True,
        posted_from__gte=today - dt.timedelta(days=400),
    ).select_related("posting__duty__type", "posting__duty__unit")
    with override("vi"):
        for place in places:
            duty = place.posting.duty
            until = duty.required_until(place.posted_from)
            if until is None or not (today - dt.timedelta(days=30) <= until < today):
                continue
            sent += notify(
                services.officials_of(duty.unit),
                key=f"disclosures:period-over:{place.pk}",
                subject=_("Posting period over: %(what)s at %(place)s") % {"what": duty.type.name, "place": place},
                body=_("It had to stay up until %(date)s. Record the day it is taken down.")
                % {"date": f"{until:%d/%m/%Y}"},
                url=place.posting.get_absolute_url(),
            )
    return sent
