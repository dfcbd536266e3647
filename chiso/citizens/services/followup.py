"""After the answer: the citizen rates it and says whether the matter was resolved; a handler may reopen it; the
daily job asks citizens and closes what nobody confirmed."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core import workdays
from chiso.core.services import Guard, transition

from ..models import Feedback
from .handling import _handle

# Days after the follow-up date when an item nobody confirmed is closed (answered, not confirmed resolved).
CLOSE_AFTER_DAYS = getattr(settings, "CHISO_FEEDBACK_CLOSE_AFTER_DAYS", 30)


def _by_citizen(item, *, event, guard, fields):
    """The transition of an item by the holder of its tracking code, or by the system's daily job: no account,
    so no policy check (the tracking code is the key)."""
    return transition(item, actor=None, event=event, guard=guard, fields=fields)


_RATABLE = Guard(Feedback.can_be_rated, gettext_lazy("There is no published answer to rate yet."), code="not_answered")
_TO_CONFIRM = Guard(
    [Feedback.Status.ANSWERED, Feedback.Status.CLOSED],
    gettext_lazy("This item is not waiting for your confirmation."),
    code="not_answered",
)
_ANSWERED = Guard(Feedback.can_be_reopened, gettext_lazy("Only an answered item can be reopened."), code="not_answered")
# The daily job's refusal is never shown: it skips the item.
_UNCONFIRMED = Guard([Feedback.Status.ANSWERED], "", code="changed_meanwhile")


@transaction.atomic
def rate_answer(item, *, rating, comment=""):
    """The holder of the tracking code rates the published answer (1–5); a later rating replaces the earlier."""
    with _by_citizen(item, event="feedback.rated", guard=_RATABLE, fields=["rating", "rating_comment"]) as t:
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            raise ValidationError({"rating": ValidationError(_("Choose from 1 to 5 stars."), code="bad_rating")})
        t.obj.rating, t.obj.rating_comment = rating, (comment or "").strip()[:500]
        t.data["rating"] = rating
    return t.obj


@transaction.atomic
def confirm_resolution(item, *, resolved, reason="", on=None):
    """The citizen says whether the matter was actually resolved. "No" with a reason reopens the item."""
    on = on or timezone.localdate()
    fields = ["status", "resolution", "resolution_on"]
    with _by_citizen(item, event="feedback.resolved", guard=_TO_CONFIRM, fields=fields) as t:
        item = t.obj
        if resolved:
            item.status, item.resolution, item.resolution_on = (
                Feedback.Status.RESOLVED,
                Feedback.Resolution.RESOLVED,
                on,
            )
        else:
            if not reason.strip():
                raise ValidationError(
                    {"reason": ValidationError(_("Tell us what is still not resolved."), code="no_reason")}
                )
            item.resolution, item.resolution_on = Feedback.Resolution.NOT_RESOLVED, on
            _reopen(t, reason, on)
    return item


@transaction.atomic
def reopen_feedback(item, *, actor, reason, on=None):
    """A handler reopens an answered item (the answer did not settle it): back to handling, new answer deadline."""
    with _handle(item, actor=actor, event="feedback.reopened", guard=_ANSWERED, fields=[]) as t:
        if not reason.strip():
            raise ValidationError({"reason": ValidationError(_("Give the reason for reopening."), code="no_reason")})
        _reopen(t, reason, on or timezone.localdate())
    return t.obj


def _reopen(t, reason, on):
    """Back to handling with a new answer deadline (inside the transition ``t`` of the item)."""
    item = t.obj
    item.status = Feedback.Status.ACCEPTED
    item.reopen_count += 1
    item.reopen_reason = reason.strip()
    item.answer_due_on = workdays.add_working_days(on, item.category.answer_days)
    item.answered_on = None
    item.follow_up_on = None
    t.event = "feedback.reopened"
    t.data["reason"] = reason.strip()[:400]
    t.fields = [
        "status",
        "reopen_count",
        "reopen_reason",
        "answer_due_on",
        "answered_on",
        "follow_up_on",
        "resolution",
        "resolution_on",
    ]


def ask_for_confirmation(*, on=None):
    """E-mail the citizens who left an address (with consent) and whose matter was answered some weeks ago:
    was it actually resolved? The link is the item's status page, where they answer yes or no."""

    on = on or timezone.localdate()
    asked = 0
    due = Feedback.objects.awaiting_follow_up(on=on).filter(follow_up_sent_at__isnull=True, contact_consent=True)
    for item in due.exclude(contact_email=""):
        # Mark first: a crash after sending cannot send twice (one lost e-mail is the cost, not a duplicate).
        marked = Feedback.objects.filter(pk=item.pk, follow_up_sent_at__isnull=True).update(
            follow_up_sent_at=timezone.now()
        )
        if not marked:
            continue
        base = getattr(settings, "CHISO_BASE_URL", "").rstrip("/")
        send_mail(
            _("Was your matter resolved? %(code)s") % {"code": item.tracking_code},
            _(
                "Some weeks ago we answered your feedback %(code)s. Please tell us whether the matter was actually "
                "resolved: %(url)s"
            )
            % {"code": item.tracking_code, "url": base + item.get_public_url()},
            None,
            [item.contact_email],
            fail_silently=True,
        )
        asked += 1
    return asked


def close_unconfirmed(*, on=None):
    """Close answered items whose citizen never said whether it was resolved: "closed", not "resolved"."""
    on = on or timezone.localdate()
    limit = on - dt.timedelta(days=CLOSE_AFTER_DAYS)
    closed = 0
    for item in Feedback.objects.filter(status=Feedback.Status.ANSWERED, resolution="", follow_up_on__lte=limit):
        try:
            with (
                transaction.atomic(),
                _by_citizen(item, event="feedback.closed", guard=_UNCONFIRMED, fields=["status"]) as t,
            ):
                t.obj.status = Feedback.Status.CLOSED
        except ValidationError:  # the citizen or a handler acted on it a moment ago
            continue
        closed += 1
    return closed
