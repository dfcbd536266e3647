"""Reception sessions and dialogues: cases and questions become feedback, results, commitments become tasks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core.permissions import policy
from chiso.core.services import transition
from chiso.lib.text import nfc
from chiso.plans import services as plans
from chiso.plans.models import Plan
from chiso.units.models import Agency

from ..models import Dialogue, DialogueCommitment, Feedback, ReceptionSession
from .intake import submit_feedback


def record_reception_case(session, *, actor, category, subject, text, **contact):
    """A case heard at a reception session becomes a feedback item of the session's unit, received on the
    session's day. A session still to come has heard nobody: recording a case there is refused (it would carry a
    receipt date in the future and mark the session held before it took place)."""
    _may_record(
        actor,
        session,
        _("This session is on %(date)s: cases are recorded once it has taken place."),
        "future_session",
    )
    with transaction.atomic():
        item = _heard(
            session, Feedback.Source.RECEPTION, actor, category, subject, text, reception_session=session, **contact
        )
        fields = ["citizens_received", "status"]
        with transition(session, actor=actor, event="receptionsession.case_recorded", fields=fields) as t:
            t.obj.citizens_received = max(t.obj.citizens_received, t.obj.cases.count())
            if t.obj.status == ReceptionSession.Status.SCHEDULED:
                t.obj.status = ReceptionSession.Status.HELD
            t.data["feedback"] = item.tracking_code
    return item


def record_dialogue_question(dialogue, *, actor, category, subject, text, **contact):
    """A question raised at a dialogue and not settled on the spot becomes a feedback item (refused before the
    dialogue has taken place, as for reception sessions)."""
    _may_record(
        actor,
        dialogue,
        _("This dialogue is on %(date)s: questions are recorded once it has taken place."),
        "future_dialogue",
    )
    return _heard(dialogue, Feedback.Source.DIALOGUE, actor, category, subject, text, dialogue=dialogue, **contact)


def _may_record(actor, meeting, future, code):
    """Refuses recording at a session or dialogue the actor may not record at, or one still to come (``future``,
    a message with ``%(date)s``)."""
    if not policy.can(actor, "record", meeting):
        raise PermissionDenied
    if meeting.date > timezone.localdate():
        raise ValidationError(future % {"date": f"{meeting.date:%d/%m/%Y}"}, code=code)


def _heard(meeting, source, actor, category, subject, text, **links):
    """What a citizen raised at ``meeting`` as a feedback item of its unit, received on its day."""
    return submit_feedback(
        unit=meeting.unit,
        category=category,
        subject=subject,
        text=text,
        source=source,
        received_on=meeting.date,
        actor=actor,
        **links,
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
        # The portal's task table shows the activity: it says what was promised, then where.
        activity=_("%(text)s (commitment made at the dialogue of %(date)s)")
        % {"text": nfc(text.strip()), "date": f"{dialogue.date:%d/%m/%Y}"},
        timeframe_kind="by_date",
        timeframe_text=f"{due_on:%d/%m/%Y}",
        start_on=dialogue.date,
        due_on=due_on,
    )
    commitment = DialogueCommitment.objects.create(dialogue=dialogue, text=nfc(text.strip()), task=task)
    return commitment
