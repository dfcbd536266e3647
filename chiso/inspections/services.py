"""One function per state change of inspection plans, inspections, findings and remedies (the page, the API and the
jobs call these). Each checks the policy, the state and every record it is given against the actor's reach."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.accounts.models import Membership
from chiso.core import workdays
from chiso.core.audit import record_change, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import SUPERVISOR, policy
from chiso.core.services import create_object, transition
from chiso.lib import tree, uploads
from chiso.lib.text import nfc
from chiso.units.models import AdministrativeUnit, Agency

from .models import (
    Answer,
    Finding,
    Inspection,
    InspectionEvidence,
    InspectionPlan,
    Remedy,
    RemedyEvidence,
    RemedyReport,
    TeamMember,
)

S = Inspection.Status


# --- what a write may name (the forms offer the same) -------------------------------------------------------
def inspecting_units(actor, action="add"):
    """The units where ``actor`` may plan or conduct inspections: the units of their own memberships that the
    policy allows (administrators: every district and province)."""
    units = AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.VILLAGE)
    if policy.is_admin(actor):
        return units.exclude(level=AdministrativeUnit.Level.COMMUNE)
    paths = policy.unit_paths(actor, policy.roles_for(policy.rule_for(Inspection), action))
    return units.filter(path__in=paths)


def inspectable_units(unit):
    """The units an inspection of ``unit``'s level may look at: itself and the units below (no villages)."""
    return AdministrativeUnit.objects.filter(tree.subtree_q([unit.path])).exclude(
        level=AdministrativeUnit.Level.VILLAGE
    )


def responsible_agencies(inspection):
    """The agencies a remedy may be given to: those of the inspected unit and the units below it."""
    return Agency.objects.filter(is_active=True).filter(tree.subtree_q([inspection.inspected_unit.path], "unit"))


def _text(value, field, message):
    value = nfc(value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="empty")
    return value


def _require_role_for_kind(actor, inspection):
    """Supervisors record their own supervision visits only; inspectors and the standing body never record one."""
    if policy.is_admin(actor):
        return
    supervisor_here = any(tree.is_within(inspection.unit.path, path) for path in policy.unit_paths(actor, [SUPERVISOR]))
    others_here = any(
        tree.is_within(inspection.unit.path, path) for path in policy.unit_paths(actor, ["coordinator", "inspector"])
    )
    if inspection.is_supervision and not supervisor_here:
        raise PermissionDenied(
            _("Supervision visits are recorded by the Fatherland Front and the People's Inspection Board.")
        )
    if not inspection.is_supervision and not others_here:
        raise PermissionDenied(_("Supervisors record supervision visits, not inspections."))


def _deadline(start, *, deadline_days, due_on, field_days="deadline_days"):
    """The due date of a remedy: ``deadline_days`` working days after ``start`` (Tết-aware), or ``due_on``."""
    if deadline_days:
        return workdays.add_working_days(start, int(deadline_days))
    if due_on is None:
        raise ValidationError(
            {field_days: _("Give the deadline: a number of working days or a date.")}, code="no_deadline"
        )
    return due_on


# --- inspection plans ----------------------------------------------------------------------------------------
@transaction.atomic
def create_plan(plan, *, actor):
    policy.require_usable(actor, plan.unit, field="unit", among=inspecting_units(actor))
    if plan.papi_plan_id:
        policy.require_usable(actor, plan.papi_plan, field="papi_plan")
        if plan.papi_plan.unit_id != plan.unit_id:
            raise ValidationError({"papi_plan": _("Choose a PAPI plan of the same unit.")}, code="other_unit")
    plan.status = InspectionPlan.Status.DRAFT
    return create_object(plan, actor=actor)


@transaction.atomic
def submit_plan(plan, *, actor):
    with transition(
        plan,
        actor=actor,
        event="inspectionplan.submitted",
        action="submit",
        allowed_from=[InspectionPlan.Status.DRAFT],
        refusal=_("Only a draft inspection plan can be sent for approval."),
        code="not_draft",
    ) as t:
        if not t.obj.inspections.exists():
            raise ValidationError(
                _("The plan has no inspections yet: add the planned inspections first."), code="empty"
            )
        t.obj.status = InspectionPlan.Status.SUBMITTED
    return t.obj


@transaction.atomic
def issue_plan(plan, *, actor, code, issued_on):
    with transition(
        plan,
        actor=actor,
        event="inspectionplan.issued",
        action="issue",
        allowed_from=[InspectionPlan.Status.DRAFT, InspectionPlan.Status.SUBMITTED],
        refusal=_("This inspection plan has already been issued."),
        code="already_issued",
    ) as t:
        code = nfc(code or "").strip()
        if not code or not issued_on:
            raise ValidationError(_("An issued plan needs its number and its issue date."), code="missing_number")
        if not t.obj.inspections.exists():
            raise ValidationError(
                _("The plan has no inspections yet: add the planned inspections first."), code="empty"
            )
        t.obj.status = InspectionPlan.Status.ISSUED
        t.obj.code, t.obj.issued_on, t.obj.approved_by = code, issued_on, actor
        t.data.update(code=code)
    return t.obj


# --- inspections ---------------------------------------------------------------------------------------------
@transaction.atomic
def plan_inspection(inspection, *, actor):
    """Add an inspection: a row of a draft inspection plan, or a surprise inspection, a re-inspection or a
    supervision visit at any time. The checklist is copied from the theme's template."""
    policy.require_usable(actor, inspection.unit, field="unit", among=inspecting_units(actor))
    _require_role_for_kind(actor, inspection)
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


@transaction.atomic
def decide_inspection(inspection, *, actor, decision_number, decision_date, start_on, end_on, scope="", team=()):
    """The decision to inspect (number, date, dates of the inspection, its content) and the team: the inspection is
    under way. ``team`` is a list of ``{"name", "position", "role", "user"}``."""
    with transition(
        inspection,
        actor=actor,
        event="inspection.decided",
        action="change",
        allowed_from=[S.PLANNED, S.UNDERWAY],
        refusal=_("The decision can no longer be changed: the conclusion has been drafted."),
        code="not_planned",
    ) as t:
        _require_role_for_kind(actor, t.obj)
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


def _recording(inspection, actor, event):
    return transition(
        inspection,
        actor=actor,
        event=event,
        action="change",
        allowed_from=Inspection.can_record,
        refusal=_("Findings and answers are recorded while the inspection is under way (after its decision)."),
        code="not_underway",
        fields=[],
    )


@transaction.atomic
def answer_checklist(inspection, *, actor, answers):
    """``answers``: {answer id: (value, note)} for the inspection's checklist items."""
    with _recording(inspection, actor, "inspection.checklist_answered") as t:
        _require_role_for_kind(actor, t.obj)
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


def check_evidence_file(upload, *, photos_only=False):
    """A file is refused when too large or not the type its name claims (read from the content)."""
    accept = uploads.PHOTOS_OR_PDF if photos_only else uploads.DOCUMENTS
    return uploads.check_upload(upload, "evidence", accept=accept, name_must_match=True)


@transaction.atomic
def add_evidence(inspection, *, actor, upload, answer=None):
    with _recording(inspection, actor, "inspection.evidence_added") as t:
        _require_role_for_kind(actor, t.obj)
        if answer is not None:
            policy.require_usable(actor, answer, field="answer", among=t.obj.answers.all())
        check_evidence_file(upload)
        evidence = InspectionEvidence.objects.create(
            inspection=t.obj,
            answer=answer,
            file=upload,
            name=upload.name,
            content_type=getattr(upload, "content_type", "") or "",
            size=upload.size,
        )
        t.data.update(name=upload.name)
    return evidence


@transaction.atomic
def record_finding(inspection, *, actor, text, severity, found_on=None, answer=None, recurs=None):
    """A shortcoming found, against a checklist item where it fits; ``recurs`` flags the same shortcoming found by
    the earlier inspection (a re-inspection)."""
    with _recording(inspection, actor, "inspection.finding_recorded") as t:
        obj = t.obj
        _require_role_for_kind(actor, obj)
        text = _text(text, "text", _("Describe the finding."))
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
        record_change(finding, AuditEntry.Action.CREATE, actor, None, snapshot(finding))
        t.data.update(number=number)
    return finding


@transaction.atomic
def assign_remedy(
    finding, *, actor, text, agency, deadline_days=None, due_on=None, evidence_expected="", assigned_on=None
):
    """A remedy with its responsible agency and deadline: ``deadline_days`` working days (Tết-aware) from the day
    it is assigned, or a date; never before the finding."""
    inspection = finding.inspection
    with transition(
        inspection,
        actor=actor,
        event=None,
        action="change",
        allowed_from=[S.UNDERWAY, S.AWAITING_APPROVAL, S.CONCLUDED],
        refusal=_("Remedies are assigned while the inspection is under way or concluded, not once it is closed."),
        code="wrong_status",
        fields=[],
    ) as t:
        _require_role_for_kind(actor, t.obj)
        text = _text(text, "text", _("Say what must be remedied."))
        policy.require_usable(actor, agency, field="agency", among=responsible_agencies(t.obj))
        assigned_on = assigned_on or timezone.localdate()
        if assigned_on < finding.found_on:
            raise ValidationError(
                {
                    "assigned_on": _("The remedy is dated before the finding (%(date)s).")
                    % {"date": f"{finding.found_on:%d/%m/%Y}"}
                },
                code="before_finding",
            )
        due = _deadline(assigned_on, deadline_days=deadline_days, due_on=due_on)
        if due < finding.found_on or due < assigned_on:
            raise ValidationError(
                {
                    "due_on": _("The deadline is before the finding (%(date)s): give a later date.")
                    % {"date": f"{finding.found_on:%d/%m/%Y}"}
                },
                code="before_finding",
            )
        remedy = Remedy(
            finding=finding,
            text=text,
            agency=agency,
            evidence_expected=nfc(evidence_expected or "").strip(),
            assigned_on=assigned_on,
            deadline_days=deadline_days or None,
            due_on=due,
        )
        remedy.save()
        record_change(
            remedy,
            AuditEntry.Action.CREATE,
            actor,
            None,
            snapshot(remedy),
            event="remedy.assigned",
            data={"due_on": f"{due:%d/%m/%Y}"},
        )
    return remedy


def _acts_for(actor, agency) -> bool:
    return Membership.objects.filter(user=actor, agency=agency, is_active=True).exists()


@transaction.atomic
def report_remedy(remedy, *, actor, text, files=(), reported_on=None):
    """The responsible agency reports the remedy done, with evidence (photos, PDF or Office files)."""
    with transition(
        remedy,
        actor=actor,
        event="remedy.reported",
        action="report",
        allowed_from=Remedy.OPEN_STATES,
        refusal=lambda r: (
            _("This remedy is %(status)s: it cannot be reported done now.") % {"status": r.get_status_display()}
        ),
        code="not_open",
        queryset=Remedy.objects.select_related("finding__inspection"),
    ) as t:
        if t.obj.finding.inspection.is_supervision:
            raise ValidationError(_("A supervision recommendation is answered, not reported done."), code="supervision")
        text = _text(text, "text", _("Say what was done."))
        reported_on = reported_on or timezone.localdate()
        if reported_on > timezone.localdate():
            raise ValidationError({"reported_on": _("The date is in the future.")}, code="future")
        if not files and t.obj.evidence_expected:
            raise ValidationError(
                {"files": _("Attach the evidence expected: %(what)s.") % {"what": t.obj.evidence_expected}},
                code="no_evidence",
            )
        for upload in files:
            check_evidence_file(upload)
        report = RemedyReport.objects.create(remedy=t.obj, reported_by=actor, reported_on=reported_on, text=text)
        for upload in files:
            RemedyEvidence.objects.create(
                report=report,
                file=upload,
                name=upload.name,
                content_type=getattr(upload, "content_type", "") or "",
                size=upload.size,
            )
        t.obj.status = Remedy.Status.REPORTED
        t.obj.reported_on = reported_on
    return report


def _require_not_own(actor, remedy):
    pending = remedy.reports.filter(verdict=RemedyReport.Verdict.PENDING).last()
    if (pending and pending.reported_by_id == actor.pk) or _acts_for(actor, remedy.agency):
        raise PermissionDenied(_("You cannot verify a remedy your own agency reported: another inspector verifies it."))


@transaction.atomic
def verify_remedy(remedy, *, actor, accepted, reason="", deadline_days=None, due_on=None, today=None):
    """The inspector's verdict on the report: accepted (the remedy is done), or not accepted with a reason and a new
    deadline (the remedy is open again)."""
    today = today or timezone.localdate()
    with transition(
        remedy,
        actor=actor,
        event="remedy.verified" if accepted else "remedy.rejected",
        action="verify",
        allowed_from=[Remedy.Status.REPORTED],
        refusal=_("Only a remedy reported done can be verified."),
        code="not_reported",
        queryset=Remedy.objects.select_related("finding__inspection"),
    ) as t:
        remedy = t.obj
        _require_not_own(actor, remedy)
        report = remedy.reports.filter(verdict=RemedyReport.Verdict.PENDING).last()
        if accepted:
            remedy.status = Remedy.Status.VERIFIED
            remedy.resolved_on = remedy.reported_on or today
            remedy.was_late = remedy.resolved_on > remedy.due_on
            verdict = RemedyReport.Verdict.ACCEPTED
        else:
            reason = _text(reason, "reason", _("Say why the remedy is not accepted, so the agency knows what to do."))
            remedy.due_on = _deadline(today, deadline_days=deadline_days, due_on=due_on)
            if remedy.due_on < today:
                raise ValidationError({"due_on": _("The new deadline is in the past.")}, code="past")
            remedy.status = Remedy.Status.REOPENED
            remedy.reopen_count += 1
            remedy.escalated_on = None
            verdict = RemedyReport.Verdict.REJECTED
            t.data.update(reason=reason, due_on=f"{remedy.due_on:%d/%m/%Y}")
        if report is not None:
            report.verdict, report.reason, report.decided_by, report.decided_on = verdict, reason, actor, today
            report.save(update_fields=["verdict", "reason", "decided_by", "decided_on", "updated_at"])
    return t.obj


@transaction.atomic
def reopen_remedy(remedy, *, actor, reason, deadline_days=None, due_on=None, today=None):
    """A verified remedy found not done after all (at a re-inspection): open again with a reason and a deadline."""
    today = today or timezone.localdate()
    with transition(
        remedy,
        actor=actor,
        event="remedy.reopened",
        action="verify",
        allowed_from=[Remedy.Status.VERIFIED],
        refusal=_("Only a verified remedy can be reopened."),
        code="not_verified",
    ) as t:
        reason = _text(reason, "reason", _("Say why the remedy is reopened."))
        t.obj.due_on = _deadline(today, deadline_days=deadline_days, due_on=due_on)
        if t.obj.due_on < today:
            raise ValidationError({"due_on": _("The new deadline is in the past.")}, code="past")
        t.obj.status, t.obj.resolved_on, t.obj.was_late = Remedy.Status.REOPENED, None, False
        t.obj.reopen_count += 1
        t.obj.escalated_on = None
        t.data.update(reason=reason, due_on=f"{t.obj.due_on:%d/%m/%Y}")
    return t.obj


@transaction.atomic
def answer_recommendation(remedy, *, actor, answer, text, today=None):
    """The committee answers a supervision recommendation: accepted (and acted on) or explained — never ordered."""
    today = today or timezone.localdate()
    with transition(
        remedy,
        actor=actor,
        event="remedy.answered",
        action="report",
        allowed_from=Remedy.OPEN_STATES,
        refusal=_("This recommendation has already been answered."),
        code="answered",
        queryset=Remedy.objects.select_related("finding__inspection"),
    ) as t:
        if not t.obj.finding.inspection.is_supervision:
            raise ValidationError(
                _("Only a supervision recommendation is answered; a remedy is reported done."), code="not_supervision"
            )
        if answer not in Remedy.Answer.values:
            raise ValidationError({"answer": _("Choose accepted or explained.")}, code="bad_answer")
        text = _text(text, "text", _("Write the committee's answer."))
        RemedyReport.objects.create(
            remedy=t.obj, reported_by=actor, reported_on=today, text=text, verdict=RemedyReport.Verdict.ACCEPTED
        )
        t.obj.status, t.obj.answer, t.obj.resolved_on = Remedy.Status.ANSWERED, answer, today
        t.obj.was_late = today > t.obj.due_on
        t.data.update(answer=str(Remedy.Answer(answer).label))
    return t.obj


@transaction.atomic
def submit_conclusion(inspection, *, actor, conclusion, signer_name="", signer_title=""):
    with transition(
        inspection,
        actor=actor,
        event="inspection.conclusion_submitted",
        action="change",
        allowed_from=[S.UNDERWAY],
        refusal=_("The conclusion is drafted while the inspection is under way."),
        code="not_underway",
    ) as t:
        _require_role_for_kind(actor, t.obj)
        t.obj.conclusion = _text(conclusion, "conclusion", _("Write the conclusion."))
        t.obj.signer_name, t.obj.signer_title = nfc(signer_name or "").strip(), nfc(signer_title or "").strip()
        t.obj.status = S.AWAITING_APPROVAL
    return t.obj


@transaction.atomic
def return_conclusion(inspection, *, actor, reason):
    with transition(
        inspection,
        actor=actor,
        event="inspection.conclusion_returned",
        action="approve",
        allowed_from=[S.AWAITING_APPROVAL],
        refusal=_("Only a conclusion awaiting approval can be returned."),
        code="not_awaiting",
    ) as t:
        t.data.update(reason=_text(reason, "reason", _("Say why the conclusion is returned.")))
        t.obj.status = S.UNDERWAY
    return t.obj


@transaction.atomic
def approve_conclusion(inspection, *, actor, number, concluded_on):
    """The leader approves the conclusion under its number and date."""
    with transition(
        inspection,
        actor=actor,
        event="inspection.concluded",
        action="approve",
        allowed_from=[S.AWAITING_APPROVAL],
        refusal=_("Only a conclusion awaiting approval can be approved."),
        code="not_awaiting",
    ) as t:
        number = nfc(number or "").strip()
        if not number or not concluded_on:
            raise ValidationError(_("An approved conclusion needs its number and its date."), code="missing_number")
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
    with transition(
        inspection,
        actor=actor,
        event="inspection.published" if public else "inspection.unpublished",
        action="publish",
        allowed_from=[S.CONCLUDED, S.CLOSED],
        refusal=_("Only an approved conclusion can be published."),
        code="not_concluded",
    ) as t:
        t.obj.is_public = bool(public)
        t.obj.published_on = (today or timezone.localdate()) if public else None
    return t.obj


@transaction.atomic
def close_inspection(inspection, *, actor, note=""):
    """Close an inspection. With remedies not yet resolved, say so in the note (they stay tracked)."""
    with transition(
        inspection,
        actor=actor,
        event="inspection.closed",
        action="change",
        allowed_from=[S.CONCLUDED],
        refusal=_("Only a concluded inspection can be closed."),
        code="not_concluded",
    ) as t:
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


@transaction.atomic
def escalate_remedy(remedy, *, today):
    """Mark an overdue remedy as reported to the level above (by the periodic job, no actor)."""
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    before = snapshot(remedy)
    remedy.escalated_on = today
    remedy.version += 1
    remedy.save(update_fields=["escalated_on", "version", "updated_at"])
    record_change(remedy, AuditEntry.Action.UPDATE, None, before, snapshot(remedy), event="remedy.escalated")
    return remedy


def days_overdue(remedy, today: dt.date) -> int:
    return workdays.working_days_between(remedy.due_on, today) if remedy.due_on < today else 0
