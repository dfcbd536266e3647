"""The officers' handling of an item: triage (accept, reject, merge), transfer, the answer and its approval."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.permissions import policy
from chiso.core.services import Guard, transition
from chiso.lib.text import nfc

from ..models import Feedback
from .intake import normalise_code
from .ownership import is_staffed
from .routing import transfer_agencies

# Weeks after the answer when the citizen is asked whether the matter was actually resolved.
FOLLOW_UP_DAYS = getattr(settings, "CHISO_FEEDBACK_FOLLOW_UP_DAYS", 28)


def _handle(item, *, actor, event, action="handle", guard=None, fields):
    """The transition of a feedback item by an official (``action`` on the item: handle, approve)."""
    return transition(item, actor=actor, event=event, action=action, guard=guard, fields=fields)


_UNTRIAGED = Guard(Feedback.can_be_triaged, gettext_lazy("This item has already been triaged."), code="already_triaged")
_ACCEPTED = Guard(Feedback.can_be_answered, gettext_lazy("Only an accepted item can be answered."), code="not_accepted")
_AWAITING = Guard(Feedback.can_be_approved, gettext_lazy("There is no answer awaiting approval."), code="not_awaiting")


def _triage(item, *, actor, event, fields):
    return _handle(item, actor=actor, event=event, guard=_UNTRIAGED, fields=fields)


@transaction.atomic
def accept_feedback(item, *, actor, on=None):
    """The handler accepts the item: it will be answered by ``answer_due_on``."""
    with _triage(item, actor=actor, event="feedback.accepted", fields=["status", "acknowledged_on"]) as t:
        t.obj.status = Feedback.Status.ACCEPTED
        t.obj.acknowledged_on = on or timezone.localdate()
    return t.obj


@transaction.atomic
def reject_feedback(item, *, actor, reason, note="", on=None):
    """Not accepted, with the reason the citizen reads on the status page."""
    fields = ["status", "reject_reason", "reject_note", "acknowledged_on"]
    with _triage(item, actor=actor, event="feedback.rejected", fields=fields) as t:
        if reason not in Feedback.RejectReason.values:
            raise ValidationError({"reason": ValidationError(_("Choose a reason."), code="no_reason")})
        if reason == Feedback.RejectReason.OTHER and not note.strip():
            raise ValidationError({"note": ValidationError(_("Explain the reason."), code="no_note")})
        item = t.obj
        item.status = Feedback.Status.REJECTED
        item.reject_reason, item.reject_note = reason, note.strip()
        item.acknowledged_on = on or timezone.localdate()
        t.data.update(reason=reason, note=item.reject_note)
    return item


@transaction.atomic
def merge_feedback(item, *, actor, into_code, on=None):
    """Merge a duplicate into the item that is being handled; its citizen follows the other item's answer."""
    fields = ["status", "duplicate_of", "reject_reason", "acknowledged_on"]
    with _triage(item, actor=actor, event="feedback.merged", fields=fields) as t:
        item = t.obj
        target = Feedback.objects.filter(tracking_code=normalise_code(into_code)).exclude(pk=item.pk).first()
        if target is None or not policy.can(actor, "view", target):
            raise ValidationError(
                {"into_code": ValidationError(_("No item with this tracking code in your inbox."), code="no_target")}
            )
        if target.status in (Feedback.Status.MERGED, Feedback.Status.REJECTED):
            raise ValidationError(
                {"into_code": ValidationError(_("That item was itself merged or not accepted."), code="target_closed")}
            )
        item.status = Feedback.Status.MERGED
        item.duplicate_of = target
        item.reject_reason = Feedback.RejectReason.DUPLICATE
        item.acknowledged_on = on or timezone.localdate()
        t.data["into"] = target.tracking_code
    return item


@transaction.atomic
def transfer_feedback(item, *, actor, agency, note=""):
    """Hand an open item to another agency (the routing rules were wrong for it); deadlines do not restart.
    The agency must be one of :func:`transfer_agencies`: the citizen's contact details go nowhere else."""
    with _handle(item, actor=actor, event="feedback.transferred", fields=["agency"]) as t:
        item = t.obj
        policy.require_usable(actor, agency, field="agency", among=transfer_agencies(item, staffed_only=False))
        if not is_staffed(agency):
            raise ValidationError(
                {
                    "agency": ValidationError(
                        _("%(agency)s has no active staff in the system: nobody would read the item there.")
                        % {"agency": agency},
                        code="no_staff",
                    )
                }
            )
        if not item.is_open:
            raise ValidationError(_("Only an open item can be transferred."), code="not_open")
        if agency.pk == item.agency_id:
            raise ValidationError(
                {"agency": ValidationError(_("The item is already with this agency."), code="same_agency")}
            )
        item.agency = agency
        t.data.update(agency=agency.pk, agency_name=str(agency), note=note[:500])
    return item


@transaction.atomic
def _public_title(title):
    title = nfc((title or "").strip())[:200]
    if not title:
        raise ValidationError(
            {
                "public_subject": ValidationError(
                    _("Write the title the public will read (without names, addresses or phone numbers)."),
                    code="no_public_title",
                )
            }
        )
    return title


@transaction.atomic
def draft_answer(item, *, actor, answer, public_subject=None):
    """The handler writes the answer and the public title and sends them to a leader; nothing is public yet.
    The title is the citizen's subject only if the handler keeps it (the form pre-fills it)."""
    fields = ["answer", "answer_author", "status", "public_subject", "return_reason"]
    with _handle(item, actor=actor, event="feedback.answer_drafted", guard=_ACCEPTED, fields=fields) as t:
        if not answer.strip():
            raise ValidationError({"answer": ValidationError(_("Write the answer."), code="no_answer")})
        # Pre-filled from the citizen's subject when nobody set it (as the form does): the leader sees it and
        # approves or edits it before anything is published.
        t.obj.public_subject = _public_title(
            public_subject if public_subject is not None else (t.obj.public_subject or t.obj.subject)
        )
        t.obj.return_reason = ""
        t.obj.answer = answer.strip()
        t.obj.answer_author = actor
        t.obj.status = Feedback.Status.AWAITING_APPROVAL
    return t.obj


def _approval(item, *, actor, event, fields):
    return _handle(item, actor=actor, event=event, action="approve", guard=_AWAITING, fields=fields)


@transaction.atomic
def return_answer(item, *, actor, reason):
    """The leader sends the draft back to the handler with what to change."""
    with _approval(item, actor=actor, event="feedback.answer_returned", fields=["status", "return_reason"]) as t:
        if not reason.strip():
            raise ValidationError({"reason": ValidationError(_("Say what should change."), code="no_reason")})
        t.obj.status = Feedback.Status.ACCEPTED
        t.obj.return_reason = reason.strip()  # shown on the item until the next draft
        t.data["reason"] = reason.strip()[:500]
    return t.obj


@transaction.atomic
def publish_answer(item, *, actor, answer=None, public_subject=None, on=None):
    """The leader approves the answer and the public title (either possibly edited) and publishes them; the citizen
    is asked later whether the matter was resolved. Contact details and the citizen's own subject are never part of
    what is published: without a public title (set by the handler or here) nothing is published."""
    on = on or timezone.localdate()
    fields = ["answer", "status", "approved_by", "answered_on", "follow_up_on", "public_subject"]
    with _approval(item, actor=actor, event="feedback.published", fields=fields) as t:
        item = t.obj
        if answer is not None and answer.strip():
            item.answer = answer.strip()
        item.public_subject = _public_title(item.public_subject if public_subject is None else public_subject)
        item.status = Feedback.Status.ANSWERED
        item.approved_by = actor
        item.answered_on = on
        item.follow_up_on = on + dt.timedelta(days=FOLLOW_UP_DAYS)
    for duplicate in item.duplicates.filter(status=Feedback.Status.MERGED):
        with transition(
            duplicate, actor=actor, event="feedback.answered_with", fields=["answer", "answered_on"]
        ) as merged:
            merged.obj.answer, merged.obj.answered_on = item.answer, on
            merged.data["code"] = item.tracking_code
    return item
