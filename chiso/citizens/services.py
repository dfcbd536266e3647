"""State changes of feedback, reception sessions and dialogues: one function per change, audited.

The life of a feedback item::

    received ──accept──▶ accepted ──draft_answer──▶ awaiting_approval ──publish_answer──▶ answered
       │ └──reject──▶ rejected          ▲    └──return_answer──┘                          │
       └──merge──▶ merged               └───────────── reopen (with a reason) ◀──────────┤
                                                 confirm_resolution ──▶ resolved / closed ┘
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core import workdays
from chiso.core.audit import record_change, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.core.services import transition
from chiso.lib import filetypes, uploads
from chiso.lib.text import nfc
from chiso.plans import services as plans
from chiso.plans.models import Plan
from chiso.units.models import Agency

from .models import Dialogue, DialogueCommitment, Feedback, FeedbackAttachment, ReceptionSession, RoutingRule

MAX_FILES = getattr(settings, "CHISO_FEEDBACK_MAX_FILES", 5)
# Weeks after the answer when the citizen is asked whether the matter was actually resolved.
FOLLOW_UP_DAYS = getattr(settings, "CHISO_FEEDBACK_FOLLOW_UP_DAYS", 28)
# Days after the follow-up date when an item nobody confirmed is closed (answered, not confirmed resolved).
CLOSE_AFTER_DAYS = getattr(settings, "CHISO_FEEDBACK_CLOSE_AFTER_DAYS", 30)

# Letters and digits that cannot be misread on paper or over the phone (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    """ "PA-7K3M-9QXD": 8 random characters (31^8 ≈ 8.5·10^11), the holder's only key to the item."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"PA-{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if raw.startswith("PA"):
        raw = raw[2:]
    return f"PA-{raw[:4]}-{raw[4:8]}" if len(raw) == 8 else ""


def sniff_upload(upload):
    """(content type, extension) read from the file's first bytes, whatever it is called: a photo or a PDF document;
    refuses what is too large or anything else."""
    extension = uploads.check_upload(upload, "feedback", accept=uploads.PHOTOS_OR_PDF)
    return filetypes.CONTENT_TYPES[extension], extension


def check_uploads(files):
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError(_("At most %(n)s files may be attached.") % {"n": MAX_FILES}, code="too_many_files")
    return [(upload, *sniff_upload(upload)) for upload in files]


def route_feedback(unit, category):
    """The agency that handles feedback of ``category`` about ``unit``: the most specific rule, else the unit's
    People's Committee (which then transfers it by hand)."""

    paths = [unit.path]
    parts = unit.path.split(".")
    paths += [".".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]
    rules = list(
        RoutingRule.objects.filter(unit__path__in=paths)
        .filter(Q(category=category) | Q(category__isnull=True))
        .select_related("unit", "agency")
    )
    if rules:
        rules.sort(key=lambda r: (-len(r.unit.path), r.category_id is None))
        return rules[0].agency
    return (
        Agency.objects.filter(unit=unit, is_active=True).order_by(
            # The committee first, then the standing offices.
            models_case_committee_first(),
            "name",
        )
    ).first()


def models_case_committee_first():

    return Case(When(kind="committee", then=Value(0)), default=Value(1), output_field=IntegerField())


def _deadlines(category, received_on):
    calendar = workdays.calendar()  # read once: each read checks the administrator's exceptions in the database
    return (
        calendar.add_working_days(received_on, category.acknowledge_days),
        calendar.add_working_days(received_on, category.answer_days),
    )


def submit_feedback(
    *,
    unit,
    category,
    subject,
    text,
    contact_name="",
    contact_phone="",
    contact_email="",
    contact_consent=False,
    files=(),
    source=Feedback.Source.WEB,
    received_on=None,
    actor=None,
    reception_session=None,
    dialogue=None,
):
    """Store a citizen's feedback with its files and deadlines; return it once committed.

    The tracking code is drawn before the insert and the row is written in one transaction with its files, so a
    code the caller shows is always a stored item (a code shown is never lost). Contact details are kept only with
    the consent line ticked.
    """
    if (contact_name or contact_phone or contact_email) and not contact_consent:
        raise ValidationError(
            {
                "contact_consent": ValidationError(
                    _("Tick the consent line to leave your contact details, or leave them empty."), code="no_consent"
                )
            }
        )
    checked = check_uploads(files)
    received_on = received_on or timezone.localdate()
    acknowledge_due, answer_due = _deadlines(category, received_on)
    agency = route_feedback(unit, category)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                item = Feedback(
                    tracking_code=new_tracking_code(),
                    unit=unit,
                    category=category,
                    agency=agency,
                    source=source,
                    subject=subject.strip()[:200],
                    text=text.strip(),
                    contact_name=contact_name.strip(),
                    contact_phone=contact_phone.strip(),
                    contact_email=contact_email.strip(),
                    contact_consent=bool(contact_consent),
                    received_on=received_on,
                    acknowledge_due_on=acknowledge_due,
                    answer_due_on=answer_due,
                    reception_session=reception_session,
                    dialogue=dialogue,
                )
                # Field checks only: the related rows were loaded by the caller, and the two CHECK constraints
                # hold by construction (and in the database); skipping their queries halves a submission's cost.
                item.full_clean(
                    exclude=["tracking_code", "unit", "category", "agency", "reception_session", "dialogue"],
                    validate_constraints=False,
                )
                item.save()
                for upload, content_type, extension in checked:
                    stem = (upload.name or "file").rsplit(".", 1)[0][:80] or "file"
                    attachment = FeedbackAttachment(
                        feedback=item, name=stem + extension, content_type=content_type, size=upload.size
                    )
                    attachment.file.save(f"{secrets.token_hex(8)}{extension}", upload)
                record_change(item, AuditEntry.Action.CREATE, actor, None, snapshot(item))
            break
        except IntegrityError:
            # A tracking code drawn twice (about one in 10^11): draw again.
            continue
    else:  # pragma: no cover - five collisions in a row
        raise ValidationError(_("The item could not be stored. Please try again."), code="retry")
    if item.contact_email:
        transaction.on_commit(lambda: _send_receipt(item.pk))
    return item


def _send_receipt(pk):

    item = Feedback.objects.get(pk=pk)
    send_mail(
        _("Your feedback was received: %(code)s") % {"code": item.tracking_code},
        _("Your tracking code is %(code)s. Keep it to follow your feedback and read the answer.")
        % {"code": item.tracking_code},
        None,
        [item.contact_email],
        fail_silently=True,
    )


def _handle(item, *, actor, event, action="handle", allowed_from=None, refusal=None, code="wrong_status", fields):
    """The transition of a feedback item by an official (``action`` on the item: handle, approve)."""
    return transition(
        item,
        actor=actor,
        event=event,
        action=action,
        allowed_from=allowed_from,
        refusal=refusal,
        code=code,
        fields=fields,
    )


def _triage(item, *, actor, event, fields):
    return _handle(
        item,
        actor=actor,
        event=event,
        allowed_from=Feedback.can_be_triaged,
        refusal=_("This item has already been triaged."),
        code="already_triaged",
        fields=fields,
    )


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


def transfer_agencies(item):
    """Where an item may be transferred: the active agencies of its unit and of the units above it (a commune's
    matter may go up to the district or the province, never sideways to another commune or province)."""

    unit = item.unit
    paths = [unit.path] + [u.path for u in unit.ancestors()]
    return Agency.objects.filter(unit__path__in=paths, is_active=True).select_related("unit").order_by("unit__path")


@transaction.atomic
def transfer_feedback(item, *, actor, agency, note=""):
    """Hand an open item to another agency (the routing rules were wrong for it); deadlines do not restart.
    The agency must be one of :func:`transfer_agencies`: the citizen's contact details go nowhere else."""
    with _handle(item, actor=actor, event="feedback.transferred", fields=["agency"]) as t:
        item = t.obj
        policy.require_usable(actor, agency, field="agency", among=transfer_agencies(item))
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
def draft_answer(item, *, actor, answer):
    """The handler writes the answer and sends it to a leader; nothing is public yet."""
    with _handle(
        item,
        actor=actor,
        event="feedback.answer_drafted",
        allowed_from=Feedback.can_be_answered,
        refusal=_("Only an accepted item can be answered."),
        code="not_accepted",
        fields=["answer", "answer_author", "status"],
    ) as t:
        if not answer.strip():
            raise ValidationError({"answer": ValidationError(_("Write the answer."), code="no_answer")})
        t.obj.answer = answer.strip()
        t.obj.answer_author = actor
        t.obj.status = Feedback.Status.AWAITING_APPROVAL
    return t.obj


def _approval(item, *, actor, event, fields):
    return _handle(
        item,
        actor=actor,
        event=event,
        action="approve",
        allowed_from=Feedback.can_be_approved,
        refusal=_("There is no answer awaiting approval."),
        code="not_awaiting",
        fields=fields,
    )


@transaction.atomic
def return_answer(item, *, actor, reason):
    """The leader sends the draft back to the handler with what to change."""
    with _approval(item, actor=actor, event="feedback.answer_returned", fields=["status"]) as t:
        if not reason.strip():
            raise ValidationError({"reason": ValidationError(_("Say what should change."), code="no_reason")})
        t.obj.status = Feedback.Status.ACCEPTED
        t.data["reason"] = reason.strip()[:500]
    return t.obj


@transaction.atomic
def publish_answer(item, *, actor, answer=None, on=None):
    """The leader approves the answer (possibly edited) and publishes it; the citizen is asked later whether the
    matter was resolved. Contact details are never part of what is published."""
    on = on or timezone.localdate()
    fields = ["answer", "status", "approved_by", "answered_on", "follow_up_on"]
    with _approval(item, actor=actor, event="feedback.published", fields=fields) as t:
        item = t.obj
        if answer is not None and answer.strip():
            item.answer = answer.strip()
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


def _by_citizen(item, *, event, allowed_from, refusal, code, fields=None):
    """The transition of an item by the holder of its tracking code, or by the system's daily job: no account,
    so no policy check (the tracking code is the key)."""
    return transition(
        item, actor=None, event=event, allowed_from=allowed_from, refusal=refusal, code=code, fields=fields
    )


@transaction.atomic
def rate_answer(item, *, rating, comment=""):
    """The holder of the tracking code rates the published answer (1–5); a later rating replaces the earlier."""
    with _by_citizen(
        item,
        event="feedback.rated",
        allowed_from=Feedback.can_be_rated,
        refusal=_("There is no published answer to rate yet."),
        code="not_answered",
        fields=["rating", "rating_comment"],
    ) as t:
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
    with _by_citizen(
        item,
        event="feedback.resolved",
        allowed_from=[Feedback.Status.ANSWERED, Feedback.Status.CLOSED],
        refusal=_("This item is not waiting for your confirmation."),
        code="not_answered",
        fields=["status", "resolution", "resolution_on"],
    ) as t:
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
    with _handle(
        item,
        actor=actor,
        event="feedback.reopened",
        allowed_from=Feedback.can_be_reopened,
        refusal=_("Only an answered item can be reopened."),
        code="not_answered",
        fields=[],
    ) as t:
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
                _by_citizen(
                    item,
                    event="feedback.closed",
                    allowed_from=[Feedback.Status.ANSWERED],
                    refusal="",
                    code="changed_meanwhile",
                    fields=["status"],
                ) as t,
            ):
                t.obj.status = Feedback.Status.CLOSED
        except ValidationError:  # the citizen or a handler acted on it a moment ago
            continue
        closed += 1
    return closed


# --- reception sessions and dialogues ------------------------------------------------------------------
def record_reception_case(session, *, actor, category, subject, text, **contact):
    """A case heard at a reception session becomes a feedback item of the session's unit."""
    if not policy.can(actor, "record", session):
        raise PermissionDenied
    with transaction.atomic():
        item = submit_feedback(
            unit=session.unit,
            category=category,
            subject=subject,
            text=text,
            source=Feedback.Source.RECEPTION,
            received_on=session.date,
            actor=actor,
            reception_session=session,
            **contact,
        )
        fields = ["citizens_received", "status"]
        with transition(session, actor=actor, event="receptionsession.case_recorded", fields=fields) as t:
            t.obj.citizens_received = max(t.obj.citizens_received, t.obj.cases.count())
            if t.obj.status == ReceptionSession.Status.SCHEDULED:
                t.obj.status = ReceptionSession.Status.HELD
            t.data["feedback"] = item.tracking_code
    return item


def record_dialogue_question(dialogue, *, actor, category, subject, text, **contact):
    """A question raised at a dialogue and not settled on the spot becomes a feedback item."""
    if not policy.can(actor, "record", dialogue):
        raise PermissionDenied
    return submit_feedback(
        unit=dialogue.unit,
        category=category,
        subject=subject,
        text=text,
        source=Feedback.Source.DIALOGUE,
        received_on=dialogue.date,
        actor=actor,
        dialogue=dialogue,
        **contact,
    )


@transaction.atomic
def record_dialogue_results(dialogue, *, actor, results, published_on):
    """The dialogue was held: its results are recorded and published (due within 10 days)."""
    fields = ["status", "results", "results_published_on"]
    with transition(dialogue, actor=actor, event="dialogue.results_recorded", action="record", fields=fields) as t:
        dialogue = t.obj
        if not results.strip():
            raise ValidationError({"results": ValidationError(_("Write the results."), code="no_results")})
        if published_on < dialogue.date:
            raise ValidationError(
                {
                    "published_on": ValidationError(
                        _("The results cannot be published before the dialogue."), code="before"
                    )
                }
            )
        dialogue.status = Dialogue.Status.HELD
        dialogue.results, dialogue.results_published_on = results.strip(), published_on
    return dialogue


def commitment_plans(dialogue):
    """The plans a dialogue's commitment may become a task of: the dialogue unit's own."""

    return Plan.objects.filter(unit=dialogue.unit_id).order_by("-year")


def commitment_agencies(dialogue):
    """Who may lead a dialogue's commitment: the active agencies of the dialogue's unit."""

    return Agency.objects.filter(unit=dialogue.unit_id, is_active=True).order_by("name")


@transaction.atomic
def add_dialogue_commitment(dialogue, *, actor, text, plan, agency, due_on):
    """A commitment made at a dialogue becomes a task of the unit's plan, led by ``agency``, due ``due_on``.

    The plan may already be issued: the commitment was made in public, so it is added and audited on the plan
    rather than waiting for an amendment (the task says where it came from).
    """
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    policy.require(actor, "commit", dialogue)
    if plan.unit_id != dialogue.unit_id:
        raise ValidationError({"plan": ValidationError(_("Choose a plan of the dialogue's unit."), code="other_unit")})
    policy.require_usable(actor, agency, field="agency", among=commitment_agencies(dialogue))
    if not text.strip():
        raise ValidationError({"text": ValidationError(_("Write the commitment."), code="no_text")})
    task = plans.add_task(
        plan,
        actor=actor,
        issued_too=True,  # made in public: it joins the plan even once issued
        lead=[agency],
        event="task.committed",
        data={"dialogue": str(dialogue)[:300], "dialogue_id": dialogue.pk},
        number="ĐT",
        title=text.strip(),
        activity=_("Commitment made at the dialogue of %(date)s") % {"date": f"{dialogue.date:%d/%m/%Y}"},
        timeframe_kind="by_date",
        timeframe_text=f"{due_on:%d/%m/%Y}",
        start_on=dialogue.date,
        due_on=due_on,
    )
    commitment = DialogueCommitment.objects.create(dialogue=dialogue, text=nfc(text.strip()), task=task)
    return commitment
