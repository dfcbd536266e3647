"""One inspection's course: planned, decided (the team), checklist and evidence, findings, the conclusion drafted,
returned or approved, published, closed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.audit import record_created
from chiso.core.permissions import policy
from chiso.core.services import Guard, create_object, transition
from chiso.lib.text import nfc
from chiso.units.models import Agency

from ..models import Answer, Finding, Inspection, InspectionEvidence, InspectionPlan, Remedy, TeamMember
from ._common import (
    S,
    check_evidence_file,
    conducting,
    document_number,
    file_fields,
    inspectable_units,
    inspecting_units,
    recording,
    require_role_for_kind,
    required_text,
)


@transaction.atomic
def plan_inspection(inspection, *, actor):
    """Add an inspection: a row of a draft inspection plan, or a surprise inspection, a re-inspection or a
    supervision visit at any time. The checklist is copied from the theme's template."""
    policy.require_usable(actor, inspection.unit, field="unit", among=inspecting_units(actor))
    require_role_for_kind(actor, inspection)
    policy.require_usable(
        actor, inspection.inspected_unit, field="inspected_unit", among=inspectable_units(inspection.unit)
    )
    if inspection.plan_id:
        policy.require_usable(
            actor, inspection.plan, field="plan", among=InspectionPlan.objects.filter(unit=inspection.unit)
        )
        if inspection.plan.status != InspectionPlan.Status.DRAFT and inspection.kind == Inspection.Kind.SCHEDULED:
            raise ValidationError(
                {"plan": _("The inspection plan is no longer a draft: add a surprise inspection instead.")},
                code="plan_issued",
            )
        inspection.year = inspection.year or inspection.plan.year
    elif inspection.kind == Inspection.Kind.SCHEDULED:
        raise ValidationError({"plan": _("A scheduled inspection belongs to an inspection plan.")}, code="no_plan")
    if inspection.inspected_agency_id:
        policy.require_usable(
            actor,
            inspection.inspected_agency,
            field="inspected_agency",
            among=Agency.objects.filter(unit=inspection.inspected_unit),
        )
    if inspection.lead_agency_id:
        policy.require_usable(
            actor, inspection.lead_agency, field="lead_agency", among=Agency.objects.filter(unit=inspection.unit)
        )
    if inspection.previous_id:
        policy.require_usable(
            actor,
            inspection.previous,
            field="previous",
            among=Inspection.objects.visible_to(actor).filter(inspected_unit=inspection.inspected_unit),
        )
        inspection.kind = Inspection.Kind.REINSPECTION
    elif inspection.kind == Inspection.Kind.REINSPECTION:
        raise ValidationError({"previous": _("Choose the earlier inspection this one follows up.")}, code="no_previous")
    if inspection.task_id:
        policy.require_usable(actor, inspection.task, field="task")
    inspection.year = inspection.year or timezone.localdate().year
    inspection.status = S.PLANNED
    inspection.created_by = actor
    if not inspection.title:
        inspection.title = f"{inspection.theme.name} — {inspection.inspected_unit.name}"
    inspection = create_object(inspection, actor=actor)
    Answer.objects.bulk_create(
        [
            Answer(inspection=inspection, position=item.position, text=item.text, papi_code=item.papi_code)
            for item in inspection.theme.items.all()
        ]
    )
    return inspection


_DECIDABLE = Guard(
    [S.PLANNED, S.UNDERWAY],
    gettext_lazy("The decision can no longer be changed: the conclusion has been drafted."),
    code="not_planned",
)


@transaction.atomic
def decide_inspection(inspection, *, actor, decision_number, decision_date, start_on, end_on, scope="", team=()):
    """The decision to inspect (number, date, dates of the inspection, its content) and the team: the inspection is
    under way. ``team`` is a list of ``{"name", "position", "role", "user"}``."""
    with conducting(inspection, actor=actor, event="inspection.decided", guard=_DECIDABLE) as t:
        number = nfc(decision_number or "").strip()
        errors = {}
        if not number:
            errors["decision_number"] = _("Give the decision's number.")
        if not decision_date:
            errors["decision_date"] = _("Give the decision's date.")
        if not start_on or not end_on:
            errors["start_on"] = _("Give the dates of the inspection.")
        elif end_on < start_on:
            errors["end_on"] = _("The end date is before the start date.")
        elif decision_date and start_on < decision_date:
            errors["start_on"] = _("The inspection starts before its decision.")
        members = [m for m in team if nfc(m.get("name") or "").strip()]
        if not members:
            errors["team"] = _("Name at least the head of the team.")
        if errors:
            raise ValidationError(errors, code="invalid")
        obj = t.obj
        obj.decision_number, obj.decision_date, obj.start_on, obj.end_on = number, decision_date, start_on, end_on
        obj.scope = nfc(scope or "")
        obj.status = S.UNDERWAY
        obj.team.all().delete()
        TeamMember.objects.bulk_create(
            [
                TeamMember(
                    inspection=obj,
                    name=nfc(m["name"]).strip(),
                    position=nfc(m.get("position") or "").strip(),
                    role=m.get("role") or TeamMember.Role.MEMBER,
                    user=m.get("user"),
                )
                for m in members
            ]
        )
        t.data.update(number=number)
    return t.obj


@transaction.atomic
def answer_checklist(inspection, *, actor, answers):
    """``answers``: {answer id: (value, note)} for the inspection's checklist items."""
    with recording(inspection, actor, "inspection.checklist_answered") as t:
        rows = {a.pk: a for a in t.obj.answers.all()}
        unknown = set(answers) - set(rows)
        if unknown:
            raise ValidationError(
                _("These checklist items are not of this inspection: %(ids)s") % {"ids": sorted(unknown)}
            )
        valid = set(Answer.Value.values)
        for pk, (value, note) in answers.items():
            if value not in valid:
                raise ValidationError(_("“%(value)s” is not an answer.") % {"value": value}, code="bad_answer")
            row = rows[pk]
            row.value, row.note = value, nfc(note or "").strip()
        Answer.objects.bulk_update(rows.values(), ["value", "note"])
    return t.obj


@transaction.atomic
def add_evidence(inspection, *, actor, upload, answer=None):
    with recording(inspection, actor, "inspection.evidence_added") as t:
        if answer is not None:
            policy.require_usable(actor, answer, field="answer", among=t.obj.answers.all())
        check_evidence_file(upload)
        evidence = InspectionEvidence.objects.create(inspection=t.obj, answer=answer, **file_fields(upload))
        t.data.update(name=upload.name)
    return evidence


@transaction.atomic
def record_finding(inspection, *, actor, text, severity, found_on=None, answer=None, recurs=None):
    """A shortcoming found, against a checklist item where it fits; ``recurs`` flags the same shortcoming found by
    the earlier inspection (a re-inspection)."""
    with recording(inspection, actor, "inspection.finding_recorded") as t:
        obj = t.obj
        text = required_text(text, "text", _("Describe the finding."))
        if severity not in Finding.Severity.values:
            raise ValidationError({"severity": _("Choose the severity.")}, code="bad_severity")
        found_on = found_on or timezone.localdate()
        if found_on > timezone.localdate():
            raise ValidationError({"found_on": _("The date is in the future.")}, code="future")
        if obj.start_on and found_on < obj.start_on:
            raise ValidationError({"found_on": _("The finding is dated before the inspection started.")}, code="early")
        if answer is not None:
            policy.require_usable(actor, answer, field="answer", among=obj.answers.all())
        if recurs is not None:
            earlier = Finding.objects.filter(inspection=obj.previous) if obj.previous_id else Finding.objects.none()
            policy.require_usable(actor, recurs, field="recurs", among=earlier)
        number = (obj.findings.aggregate(n=Max("number"))["n"] or 0) + 1
        finding = Finding.objects.create(
            inspection=obj, answer=answer, number=number, text=text, severity=severity, found_on=found_on, recurs=recurs
        )
        record_created(finding, actor)
        t.data.update(number=number)
    return finding


_UNDERWAY = Guard(
    [S.UNDERWAY], gettext_lazy("The conclusion is drafted while the inspection is under way."), code="not_underway"
)
_TO_RETURN = Guard(
    [S.AWAITING_APPROVAL], gettext_lazy("Only a conclusion awaiting approval can be returned."), code="not_awaiting"
)
_TO_APPROVE = Guard(
    [S.AWAITING_APPROVAL], gettext_lazy("Only a conclusion awaiting approval can be approved."), code="not_awaiting"
)
_CONCLUDED = Guard([S.CONCLUDED], gettext_lazy("Only a concluded inspection can be closed."), code="not_concluded")
_PUBLISHABLE = Guard(
    [S.CONCLUDED, S.CLOSED], gettext_lazy("Only an approved conclusion can be published."), code="not_concluded"
)


@transaction.atomic
def submit_conclusion(inspection, *, actor, conclusion, signer_name="", signer_title=""):
    with conducting(inspection, actor=actor, event="inspection.conclusion_submitted", guard=_UNDERWAY) as t:
        t.obj.conclusion = required_text(conclusion, "conclusion", _("Write the conclusion."))
        t.obj.signer_name, t.obj.signer_title = nfc(signer_name or "").strip(), nfc(signer_title or "").strip()
        t.obj.status = S.AWAITING_APPROVAL
    return t.obj


@transaction.atomic
def return_conclusion(inspection, *, actor, reason):
    event = "inspection.conclusion_returned"
    with transition(inspection, actor=actor, event=event, action="approve", guard=_TO_RETURN) as t:
        t.data.update(reason=required_text(reason, "reason", _("Say why the conclusion is returned.")))
        t.obj.status = S.UNDERWAY
    return t.obj


@transaction.atomic
def approve_conclusion(inspection, *, actor, number, concluded_on):
    """The leader approves the conclusion under its number and date."""
    with transition(inspection, actor=actor, event="inspection.concluded", action="approve", guard=_TO_APPROVE) as t:
        number = document_number(number, concluded_on, _("An approved conclusion needs its number and its date."))
        if t.obj.start_on and concluded_on < t.obj.start_on:
            raise ValidationError({"concluded_on": _("The conclusion is dated before the inspection.")}, code="early")
        t.obj.conclusion_number, t.obj.conclusion_date, t.obj.approved_by = number, concluded_on, actor
        t.obj.status = S.CONCLUDED
        t.data.update(number=number)
    return t.obj


@transaction.atomic
def publish_conclusion(inspection, *, actor, public=True, today=None):
    """Mark the approved conclusion public on the inspected unit's portal (findings summary, remedy status), or
    withdraw it."""
    event = "inspection.published" if public else "inspection.unpublished"
    with transition(inspection, actor=actor, event=event, action="publish", guard=_PUBLISHABLE) as t:
        t.obj.is_public = bool(public)
        t.obj.published_on = (today or timezone.localdate()) if public else None
    return t.obj


@transaction.atomic
def close_inspection(inspection, *, actor, note=""):
    """Close an inspection. With remedies not yet resolved, say so in the note (they stay tracked)."""
    with transition(inspection, actor=actor, event="inspection.closed", action="change", guard=_CONCLUDED) as t:
        unresolved = Remedy.objects.filter(finding__inspection=t.obj).unresolved().count()
        note = nfc(note or "").strip()
        if unresolved and not note:
            raise ValidationError(
                {
                    "note": _("%(n)s remedies are not yet resolved: say why the inspection is closed anyway.")
                    % {"n": unresolved}
                },
                code="unresolved",
            )
        t.obj.closing_note, t.obj.status = note, S.CLOSED
        t.data.update(unresolved=unresolved)
    return t.obj
