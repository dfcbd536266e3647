"""An agency's report for a period: drafted, submitted, returned or accepted, reopened as a new version."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.accounts.people import holding
from chiso.core.audit import record_created
from chiso.core.permissions import policy
from chiso.core.services import Guard, transition
from chiso.lib import filetypes, uploads
from chiso.lib.copying import values_of
from chiso.notifications.services import notify
from chiso.plans.models import ProgressUpdate, Task

from ..models import (
    Attachment,
    Request,
    Submission,
    SubmissionLine,
)


# --- submissions ------------------------------------------------------------------------------------------
def tasks_for(request):
    """The tasks an agency reports on: those of the plan it leads or coordinates; for the committee of a unit
    below, the tasks of that unit's own plan(s) implementing the plan (else the tasks addressed to it)."""

    plan = request.period.schedule.plan
    own = Task.objects.filter(plan=plan, agency_links__agency=request.agency)
    if request.agency.unit_id != plan.unit_id:
        child = Task.objects.filter(plan__parent=plan, plan__unit=request.agency.unit)
        if child.exists():
            own = child
    return own.activities().distinct().order_by("plan_id", "position", "id")


def _prefill_lines(submission):

    request = submission.request
    period = request.period
    tasks = list(
        tasks_for(request).prefetch_related(
            "dimensions",
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.filter(reported_on__lte=period.cutoff_end)
                .annotate(n_evidence=Count("evidence"))
                .order_by("-reported_on", "-id"),
            ),
        )
    )
    lines, narratives = [], defaultdict(list)
    for i, task in enumerate(tasks):
        updates = list(task.updates.all())
        within = [u for u in updates if u.reported_on >= period.cutoff_start]
        latest = next((u.percent for u in updates if u.percent is not None), None)
        dims = list(task.dimensions.all())
        code = dims[0].code if dims else ""
        result = "\n".join(f"{u.reported_on:%d/%m/%Y}: {u.description}" for u in reversed(within))
        lines.append(
            SubmissionLine(
                submission=submission,
                task=task,
                position=i,
                task_number=task.number,
                task_title=task.activity or task.title,
                dimension_code=code,
                task_status=task.status_on(period.cutoff_end),
                percent=latest if latest is not None else (100 if task.completed_on else 0),
                result=result,
                evidence_count=sum(u.n_evidence for u in within),
            )
        )
        if within and code:
            narratives[code].append(f"- {task.number} {within[-1].description}".strip())
    SubmissionLine.objects.bulk_create(lines)
    return {code: "\n".join(items) for code, items in narratives.items()}


@transaction.atomic
def start_submission(request, *, actor):
    """The draft of the current version, pre-filled from the task progress within the cut-off window."""
    request = Request.objects.select_for_update().select_related("period__schedule__plan", "agency").get(pk=request.pk)
    policy.require(actor, "report", request)
    current = request.submissions.order_by("-number").first()
    if current is not None and current.status != Submission.Status.SUPERSEDED:
        return current
    submission = Submission.objects.create(
        request=request,
        number=(current.number + 1) if current else 1,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        metrics=dict.fromkeys(request.period.schedule.metric_labels()),
    )
    submission.narratives = _prefill_lines(submission)
    submission.save(update_fields=["narratives"])
    record_created(submission, actor)
    return submission


def _not_editable(submission):
    return _("This report is %(status)s and can no longer be edited.") % {"status": submission.get_status_display()}


_EDITABLE = Guard(lambda s: s.is_editable, _not_editable, code="not_editable")


def _reporting(submission, *, actor, related, **options):
    """A change of the agency's own report while it may still be edited (a draft, or returned): the agency's
    officers report on their request."""
    rows = Submission.objects.select_related(related)
    return transition(
        submission, actor=actor, action="report", target=lambda s: s.request, queryset=rows, guard=_EDITABLE, **options
    )


@transaction.atomic
def save_draft(submission, *, actor, loaded_version, data, lines=None):
    """Save what the officer typed. ``data``: summary, difficulties, proposals, narratives, metrics;
    ``lines``: {line id: {"percent", "result"}}. A second writer gets a conflict with both versions."""
    with _reporting(
        submission,
        actor=actor,
        related="request",
        loaded_version=loaded_version,
        conflict=lambda: _(
            "Someone else saved this report after you opened it. Your changes are kept below: "
            "review them against the latest version and save again."
        ),
    ) as t:
        current = t.obj
        for field in ("summary", "difficulties", "proposals", "narratives", "metrics"):
            if field in data:
                setattr(current, field, _one_kind_of_newline(data[field]))
        # a dimension left empty is no text of the report: the form sends them all, the draft keeps those written
        current.narratives = {code: text for code, text in (current.narratives or {}).items() if (text or "").strip()}
        for line in current.lines.filter(pk__in=list((lines or {}).keys())):
            values = lines[line.pk]
            # a browser sends a text area's lines as "\r\n": the same text is not a change of the line
            typed = (values.get("percent", line.percent), _one_kind_of_newline(values.get("result", line.result)))
            if typed != (line.percent, line.result):
                line.percent, line.result = typed
                line.save(update_fields=["percent", "result"])
    return current


def _one_kind_of_newline(value):
    """``value`` with the line ends a browser sends for a text area (CR LF) as LF, in a dict in its texts."""
    if isinstance(value, dict):
        return {key: _one_kind_of_newline(text) for key, text in value.items()}
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def officials(agency, roles=("officer", "coordinator")):
    return holding(roles, agencies=[agency])


def period_coordinators(period):
    return officials(period.schedule.recipient, roles=("coordinator",))


@transaction.atomic
def submit_submission(submission, *, actor, now=None):
    """Send the report to the standing body. After the due date or a closed period it is accepted and marked late."""

    now = now or timezone.now()
    with _reporting(submission, actor=actor, related="request__period__schedule", event="submission.submitted") as t:
        submission = t.obj
        request = Request.objects.select_for_update().select_related("period__schedule").get(pk=submission.request_id)
        missing = [
            label
            for code, label in request.period.schedule.metric_labels().items()
            if submission.metrics.get(code) in (None, "")
        ]
        if missing:
            raise ValidationError(
                _("Fill in the figures the schedule asks for: %(list)s.") % {"list": ", ".join(missing)},
                code="metrics",
            )
        submission.status = Submission.Status.SUBMITTED
        submission.submitted_at, submission.submitted_by = now, actor
        request.status = Request.Status.SUBMITTED
        if request.first_submitted_at is None:
            request.first_submitted_at = now
            request.decide_on_time(now)
        request.save(update_fields=["status", "first_submitted_at", "on_time"])
        t.data["late"] = not request.on_time
    late = "" if request.on_time else _(" (late)")
    period = request.period
    transaction.on_commit(
        lambda: notify(
            period_coordinators(period),
            key=f"reporting:submitted:{submission.pk}:{submission.version}",
            subject=_("Report received: %(agency)s — %(period)s") % {"agency": request.agency, "period": period.label},
            body=_("%(agency)s has submitted its report%(late)s. Review it and accept or return it.")
            % {"agency": request.agency, "late": late},
            url=submission.get_absolute_url(),
        )
    )
    return submission


_UNDER_REVIEW = Guard(
    [Submission.Status.SUBMITTED],
    gettext_lazy("Only a report under review can be returned or accepted."),
    code="not_submitted",
)
_ACCEPTED = Guard(
    [Submission.Status.ACCEPTED], gettext_lazy("Only an accepted report can be reopened."), code="not_accepted"
)


def _review(submission, *, actor, event):
    """The transition of a report under review (returned or accepted) by the standing body."""
    queryset = Submission.objects.select_related("request__period__schedule")
    return transition(
        submission,
        actor=actor,
        event=event,
        action="review",
        target=lambda s: s.request.period,
        queryset=queryset,
        guard=_UNDER_REVIEW,
    )


@transaction.atomic
def return_submission(submission, *, actor, comment, line_comments=None, now=None):
    """Send the report back with a comment on it and on single lines; the officer corrects and resubmits."""

    with _review(submission, actor=actor, event="submission.returned") as t:
        submission = t.obj
        if not (comment or "").strip() and not any((line_comments or {}).values()):
            raise ValidationError(_("Say what must be corrected."), code="no_comment")
        submission.status = Submission.Status.RETURNED
        submission.review_comment = comment
        submission.reviewed_at, submission.reviewed_by = now or timezone.now(), actor
        for line in submission.lines.filter(pk__in=list((line_comments or {}).keys())):
            line.comment = line_comments[line.pk]
            line.save(update_fields=["comment"])
        Request.objects.filter(pk=submission.request_id).update(status=Request.Status.RETURNED)
        t.data["comment"] = comment
    request = submission.request
    transaction.on_commit(
        lambda: notify(
            officials(request.agency),
            key=f"reporting:returned:{submission.pk}:{submission.version}",
            subject=_("Report returned: %(period)s") % {"period": request.period.label},
            body=comment,
            url=submission.get_absolute_url(),
        )
    )
    return submission


@transaction.atomic
def accept_submission(submission, *, actor, comment="", now=None):
    """Accept the report: it is locked from now on."""
    with _review(submission, actor=actor, event="submission.accepted") as t:
        submission = t.obj
        submission.status = Submission.Status.ACCEPTED
        submission.review_comment = comment
        submission.reviewed_at, submission.reviewed_by = now or timezone.now(), actor
        Request.objects.filter(pk=submission.request_id).update(status=Request.Status.ACCEPTED)
        t.data["comment"] = comment
    return submission


def _copied_line(line, submission):
    """``line`` for the new version of a reopened report: all it says but the reviewer's comment on the old one."""
    kept = {f.attname: getattr(line, f.attname) for f in SubmissionLine._meta.concrete_fields}
    return SubmissionLine(**{**kept, "id": None, "submission_id": submission.pk, "comment": ""})


@transaction.atomic
def reopen_submission(submission, *, actor, reason):
    """Reopen one accepted report for a correction: the accepted version is kept, a new version is drafted."""
    with transition(
        submission,
        actor=actor,
        event="submission.reopened",
        action="review",
        target=lambda s: s.request.period,
        queryset=Submission.objects.select_related("request__period"),
        guard=_ACCEPTED,
        fields=["status"],
    ) as t:
        submission = t.obj
        if not (reason or "").strip():
            raise ValidationError(_("Give the reason for reopening."), code="no_reason")
        submission.status = Submission.Status.SUPERSEDED
        t.data["reason"] = reason
    kept = values_of(submission, "request narratives summary difficulties proposals metrics author consolidated_from")
    copy = Submission.objects.create(
        **kept, number=submission.number + 1, status=Submission.Status.DRAFT, reopen_reason=reason
    )
    SubmissionLine.objects.bulk_create([_copied_line(line, copy) for line in submission.lines.all()])
    Request.objects.filter(pk=submission.request_id).update(status=Request.Status.RETURNED)
    record_created(copy, actor, event="submission.corrected", data={"reason": reason, "number": copy.number})
    return copy


def attach_file(submission, *, actor, upload):
    """Attach a file to a draft report: the same checks (size, content) as evidence of task progress."""
    policy.require(actor, "report", submission.request)
    _EDITABLE.check(submission)
    uploads.check_upload(upload, "evidence", accept=uploads.DOCUMENTS, name_must_match=True)
    item = Attachment(
        submission=submission, name=upload.name, size=upload.size, content_type=filetypes.content_type(upload)
    )
    item.file.save(upload.name, upload, save=True)
    return item
