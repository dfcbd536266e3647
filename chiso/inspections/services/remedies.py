"""Remedies: assigned to an agency with a deadline, reported done with evidence (or, for a supervision visit,
answered), verified or reopened, escalated when overdue."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.accounts.models import Membership
from chiso.core import workdays
from chiso.core.audit import record_created
from chiso.core.permissions import policy
from chiso.core.services import Guard, transition
from chiso.lib.text import nfc

from ..models import Remedy, RemedyEvidence, RemedyReport
from ._common import S, check_evidence_file, conducting, deadline, file_fields, required_text, responsible_agencies

_ASSIGNABLE = Guard(
    [S.UNDERWAY, S.AWAITING_APPROVAL, S.CONCLUDED],
    gettext_lazy("Remedies are assigned while the inspection is under way or concluded, not once it is closed."),
)


@transaction.atomic
def assign_remedy(
    finding, *, actor, text, agency, deadline_days=None, due_on=None, evidence_expected="", assigned_on=None
):
    """A remedy with its responsible agency and deadline: ``deadline_days`` working days (Tết-aware) from the day
    it is assigned, or a date; never before the finding."""
    inspection = finding.inspection
    with conducting(inspection, actor=actor, guard=_ASSIGNABLE, fields=[]) as t:
        text = required_text(text, "text", _("Say what must be remedied."))
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
        due = deadline(assigned_on, deadline_days=deadline_days, due_on=due_on)
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
        record_created(remedy, actor, event="remedy.assigned", data={"due_on": f"{due:%d/%m/%Y}"})
    return remedy


def _acts_for(actor, agency) -> bool:
    return Membership.objects.filter(user=actor, agency=agency, is_active=True).exists()


def _step(remedy, *, actor, event, action, guard):
    """A step of the remedy's course, with its finding and inspection loaded (the checks read them)."""
    queryset = Remedy.objects.select_related("finding__inspection")
    return transition(remedy, actor=actor, event=event, action=action, guard=guard, queryset=queryset)


_OPEN = Guard(
    Remedy.OPEN_STATES,
    lambda r: _("This remedy is %(status)s: it cannot be reported done now.") % {"status": r.get_status_display()},
    code="not_open",
)
_UNANSWERED = Guard(Remedy.OPEN_STATES, gettext_lazy("This recommendation has already been answered."), code="answered")
_REPORTED = Guard(
    [Remedy.Status.REPORTED], gettext_lazy("Only a remedy reported done can be verified."), code="not_reported"
)
_VERIFIED = Guard(
    [Remedy.Status.VERIFIED], gettext_lazy("Only a verified remedy can be reopened."), code="not_verified"
)


@transaction.atomic
def report_remedy(remedy, *, actor, text, files=(), reported_on=None):
    """The responsible agency reports the remedy done, with evidence (photos, PDF or Office files)."""
    with _step(remedy, actor=actor, event="remedy.reported", action="report", guard=_OPEN) as t:
        if t.obj.finding.inspection.is_supervision:
            raise ValidationError(_("A supervision recommendation is answered, not reported done."), code="supervision")
        text = required_text(text, "text", _("Say what was done."))
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
            RemedyEvidence.objects.create(report=report, **file_fields(upload))
        t.obj.status = Remedy.Status.REPORTED
        t.obj.reported_on = reported_on
    return report


def _require_not_own(actor, remedy):
    pending = remedy.reports.filter(verdict=RemedyReport.Verdict.PENDING).last()
    if (pending and pending.reported_by_id == actor.pk) or _acts_for(actor, remedy.agency):
        raise PermissionDenied(_("You cannot verify a remedy your own agency reported: another inspector verifies it."))


def _reopen(t, reason, today, *, deadline_days, due_on):
    """The remedy is open again (a report not accepted, or a verified remedy found not done) with a new deadline
    that is not in the past."""
    remedy = t.obj
    remedy.due_on = deadline(today, deadline_days=deadline_days, due_on=due_on)
    if remedy.due_on < today:
        raise ValidationError({"due_on": _("The new deadline is in the past.")}, code="past")
    remedy.status = Remedy.Status.REOPENED
    remedy.reopen_count += 1
    remedy.escalated_on = None
    t.data.update(reason=reason, due_on=f"{remedy.due_on:%d/%m/%Y}")


@transaction.atomic
def verify_remedy(remedy, *, actor, accepted, reason="", deadline_days=None, due_on=None, today=None):
    """The inspector's verdict on the report: accepted (the remedy is done), or not accepted with a reason and a new
    deadline (the remedy is open again)."""
    today = today or timezone.localdate()
    event = "remedy.verified" if accepted else "remedy.rejected"
    with _step(remedy, actor=actor, event=event, action="verify", guard=_REPORTED) as t:
        remedy = t.obj
        _require_not_own(actor, remedy)
        report = remedy.reports.filter(verdict=RemedyReport.Verdict.PENDING).last()
        if accepted:
            remedy.status = Remedy.Status.VERIFIED
            remedy.resolved_on = remedy.reported_on or today
            remedy.was_late = remedy.resolved_on > remedy.due_on
            verdict = RemedyReport.Verdict.ACCEPTED
        else:
            reason = required_text(
                reason, "reason", _("Say why the remedy is not accepted, so the agency knows what to do.")
            )
            _reopen(t, reason, today, deadline_days=deadline_days, due_on=due_on)
            verdict = RemedyReport.Verdict.REJECTED
        if report is not None:
            report.verdict, report.reason, report.decided_by, report.decided_on = verdict, reason, actor, today
            report.save(update_fields=["verdict", "reason", "decided_by", "decided_on", "updated_at"])
    return t.obj


@transaction.atomic
def reopen_remedy(remedy, *, actor, reason, deadline_days=None, due_on=None, today=None):
    """A verified remedy found not done after all (at a re-inspection): open again with a reason and a deadline."""
    today = today or timezone.localdate()
    with transition(remedy, actor=actor, event="remedy.reopened", action="verify", guard=_VERIFIED) as t:
        reason = required_text(reason, "reason", _("Say why the remedy is reopened."))
        _reopen(t, reason, today, deadline_days=deadline_days, due_on=due_on)
        t.obj.resolved_on, t.obj.was_late = None, False
    return t.obj


@transaction.atomic
def answer_recommendation(remedy, *, actor, answer, text, today=None):
    """The committee answers a supervision recommendation: accepted (and acted on) or explained — never ordered."""
    today = today or timezone.localdate()
    with _step(remedy, actor=actor, event="remedy.answered", action="report", guard=_UNANSWERED) as t:
        if not t.obj.finding.inspection.is_supervision:
            raise ValidationError(
                _("Only a supervision recommendation is answered; a remedy is reported done."), code="not_supervision"
            )
        if answer not in Remedy.Answer.values:
            raise ValidationError({"answer": _("Choose accepted or explained.")}, code="bad_answer")
        text = required_text(text, "text", _("Write the committee's answer."))
        RemedyReport.objects.create(
            remedy=t.obj, reported_by=actor, reported_on=today, text=text, verdict=RemedyReport.Verdict.ACCEPTED
        )
        t.obj.status, t.obj.answer, t.obj.resolved_on = Remedy.Status.ANSWERED, answer, today
        t.obj.was_late = today > t.obj.due_on
        t.data.update(answer=str(Remedy.Answer(answer).label))
    return t.obj


@transaction.atomic
def escalate_remedy(remedy, *, today):
    """Mark an overdue remedy as reported to the level above (by the periodic job, no actor)."""
    with transition(remedy, actor=None, event="remedy.escalated", fields=["escalated_on"]) as t:
        t.obj.escalated_on = today
    return t.obj


def days_overdue(remedy, today: dt.date) -> int:
    return workdays.working_days_between(remedy.due_on, today) if remedy.due_on < today else 0
