"""State changes of reporting: one function per change, each in one transaction with its audit entry.

schedule → periods (opened by the tick, or by hand when ad hoc) → requests (what each agency owes) →
submissions (draft, submitted, returned, accepted; a later correction is a new version) → the level's
consolidated report (built, approved by the leader, sent up as a submission to the upper level's request).
"""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core.audit import record_change, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.core.services import transition, update_object
from chiso.lib import filetypes, uploads
from chiso.units.models import Agency

from . import windows
from .models import (
    Attachment,
    Cadence,
    ConsolidatedReport,
    Period,
    Request,
    Schedule,
    Submission,
    SubmissionLine,
    Timeliness,
    timeliness_aggregates,
)

DONE = ("done_on_time", "done_late")


# --- schedules --------------------------------------------------------------------------------------------
def default_reporters(plan):
    """Who reports by default: the lead agencies of the plan's tasks and the committees of the units below."""
    leads = Agency.objects.filter(task_links__task__plan=plan, task_links__role="lead", is_active=True)
    below = Agency.objects.filter(unit__parent=plan.unit, kind=Agency.Kind.COMMITTEE, is_active=True)
    return Agency.objects.filter(Q(pk__in=leads.values("pk")) | Q(pk__in=below.values("pk"))).distinct()


def default_recipient(plan):
    """The standing body: the unit's internal-affairs office, else the committee office, else the committee."""
    agencies = Agency.objects.filter(unit=plan.unit, is_active=True)
    for condition in (Q(name__icontains="Nội vụ"), Q(name__icontains="Văn phòng"), Q(kind=Agency.Kind.COMMITTEE)):
        found = agencies.filter(condition).order_by("id").first()
        if found:
            return found
    return plan.issuer


def schedule_recipients(plan):
    """Who may receive a schedule's reports (the standing body): the active agencies of the plan's unit."""
    return Agency.objects.filter(unit=plan.unit_id, is_active=True).order_by("name")


def schedule_reporters(plan):
    """Who may be asked to report on a plan: the active agencies of its unit and of the units just below."""
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(unit=plan.unit_id) | Q(unit__parent=plan.unit_id))
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def _check_schedule_references(schedule, *, actor, reporters):
    policy.require_usable(actor, schedule.recipient, field="recipient", among=schedule_recipients(schedule.plan))
    policy.require_usable(actor, reporters, field="reporters", among=schedule_reporters(schedule.plan))


@transaction.atomic
def create_schedule(schedule, *, actor, reporters=None, today=None):
    """Save a new schedule (reporters default to :func:`default_reporters`) and open the periods already due.
    The recipient and the reporters must be among :func:`schedule_recipients` and :func:`schedule_reporters`."""
    policy.require(actor, "change", schedule.plan)
    _check_schedule_references(schedule, actor=actor, reporters=reporters)
    schedule.full_clean()
    schedule.save()
    schedule.reporters.set(reporters if reporters is not None else default_reporters(schedule.plan))
    record_change(schedule, AuditEntry.Action.CREATE, actor, None, snapshot(schedule))
    open_due_periods(today=today, schedules=[schedule])
    return schedule


@transaction.atomic
def update_schedule(schedule, *, actor, loaded_version, m2m_form=None):
    """Save edits of a schedule, with the same checks of the recipient and the reporters as a new one."""
    saved = Schedule.objects.get(pk=schedule.pk)
    reporters = list(m2m_form.cleaned_data.get("reporters") or []) if m2m_form is not None else []
    kept = set(saved.reporters.values_list("pk", flat=True))
    # What was already saved is not checked again: an edit never fails on a link made earlier.
    if schedule.recipient_id != saved.recipient_id:
        policy.require_usable(actor, schedule.recipient, field="recipient", among=schedule_recipients(saved.plan))
    new = [agency for agency in reporters if agency.pk not in kept]
    policy.require_usable(actor, new, field="reporters", among=schedule_reporters(saved.plan))
    return update_object(schedule, actor=actor, loaded_version=loaded_version, m2m_form=m2m_form)


# --- periods ----------------------------------------------------------------------------------------------
def _add_days(day, days):
    return day + dt.timedelta(days=days)


def _create_requests(period):
    schedule = period.schedule
    rows = []
    for agency in schedule.reporters.filter(is_active=True).select_related("unit"):
        below = agency.unit_id != schedule.plan.unit_id
        rows.append(Request(period=period, agency=agency, due_on=period.unit_due_on if below else period.due_on))
    Request.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def open_due_periods(today=None, schedules=None) -> int:
    """Open every regular period whose time has come (idempotent: the tick calls it again and again)."""
    today = today or timezone.localdate()
    if schedules is None:
        schedules = (
            Schedule.objects.filter(is_active=True, plan__status="issued")
            .exclude(cadence=Cadence.AD_HOC)
            .select_related("plan")
        )
    opened = 0
    for schedule in schedules:
        if schedule.cadence == Cadence.AD_HOC or not schedule.is_active or schedule.plan.status != "issued":
            continue
        existing = set(schedule.periods.filter(is_ad_hoc=False).values_list("cutoff_start", "cutoff_end"))
        for span in windows.spans(schedule.cadence, schedule.window, schedule.plan.year):
            if (span.start, span.end) in existing or _add_days(span.end, -schedule.open_days_before) > today:
                continue
            try:
                with transaction.atomic():
                    period = Period.objects.create(
                        schedule=schedule,
                        label=span.label,
                        cutoff_start=span.start,
                        cutoff_end=span.end,
                        due_on=_add_days(span.end, schedule.agency_due_days),
                        unit_due_on=_add_days(span.end, schedule.unit_due_days),
                    )
                    _create_requests(period)
                    record_change(period, AuditEntry.Action.CREATE, None, None, snapshot(period), event="period.opened")
            except IntegrityError:  # another worker opened it a moment ago
                continue
            opened += 1
    return opened


@transaction.atomic
def open_ad_hoc_period(schedule, *, actor, label, cutoff_start, cutoff_end, due_on, note="", unit_due_on=None):
    """The coordinator asks for a report on demand ("báo cáo đột xuất") with its own due date."""
    policy.require(actor, "change", schedule)
    unit_due_on = unit_due_on or due_on
    errors = {}
    if cutoff_end < cutoff_start:
        errors["cutoff_end"] = _("The cut-off ends before it starts.")
    if due_on < cutoff_end:
        errors["due_on"] = _("The due date is before the end of the data cut-off.")
    if unit_due_on < cutoff_end:
        errors["unit_due_on"] = _("The due date is before the end of the data cut-off.")
    if errors:
        raise ValidationError(errors)
    period = Period.objects.create(
        schedule=schedule,
        label=label,
        is_ad_hoc=True,
        note=note,
        cutoff_start=cutoff_start,
        cutoff_end=cutoff_end,
        due_on=due_on,
        unit_due_on=unit_due_on,
    )
    _create_requests(period)
    record_change(period, AuditEntry.Action.CREATE, actor, None, snapshot(period), event="period.requested_ad_hoc")
    return period


@transaction.atomic
def set_period_status(period, *, actor, status):
    """Close a period (no more reports expected) or open it again."""
    event = "period.closed" if status == Period.Status.CLOSED else "period.reopened"
    with transition(period, actor=actor, event=event, action="change", fields=["status"]) as t:
        t.obj.status = status
    return t.obj


# --- submissions ------------------------------------------------------------------------------------------
def tasks_for(request):
    """The tasks an agency reports on: those of the plan it leads or coordinates; for the committee of a unit
    below, the tasks of that unit's own plan(s) implementing the plan (else the tasks addressed to it)."""
    from chiso.plans.models import Task

    plan = request.period.schedule.plan
    own = Task.objects.filter(plan=plan, agency_links__agency=request.agency)
    if request.agency.unit_id != plan.unit_id:
        child = Task.objects.filter(plan__parent=plan, plan__unit=request.agency.unit)
        if child.exists():
            own = child
    return own.activities().distinct().order_by("plan_id", "position", "id")


def _prefill_lines(submission):
    from chiso.plans.models import ProgressUpdate

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
    record_change(submission, AuditEntry.Action.CREATE, actor, None, snapshot(submission))
    return submission


def _not_editable(submission):
    return _("This report is %(status)s and can no longer be edited.") % {"status": submission.get_status_display()}


def _require_editable(submission):
    if not submission.is_editable:
        raise ValidationError(_not_editable(submission), code="not_editable")


@transaction.atomic
def save_draft(submission, *, actor, loaded_version, data, lines=None):
    """Save what the officer typed. ``data``: summary, difficulties, proposals, narratives, metrics;
    ``lines``: {line id: {"percent", "result"}}. A second writer gets a conflict with both versions."""
    with transition(
        submission,
        actor=actor,
        action="report",
        target=lambda s: s.request,
        queryset=Submission.objects.select_related("request"),
        allowed_from=lambda s: s.is_editable,
        refusal=_not_editable,
        code="not_editable",
        loaded_version=loaded_version,
        conflict=lambda: _(
            "Someone else saved this report after you opened it. Your changes are kept below: "
            "review them against the latest version and save again."
        ),
    ) as t:
        current = t.obj
        for field in ("summary", "difficulties", "proposals", "narratives", "metrics"):
            if field in data:
                setattr(current, field, data[field])
        for line in current.lines.filter(pk__in=list((lines or {}).keys())):
            values = lines[line.pk]
            line.percent = values.get("percent", line.percent)
            line.result = values.get("result", line.result)
            line.save(update_fields=["percent", "result"])
    return current


def _officials(agency, roles=("officer", "coordinator")):
    from chiso.accounts.models import User

    return list(
        User.objects.filter(
            memberships__agency=agency, memberships__is_active=True, memberships__role__in=roles, is_active=True
        ).distinct()
    )


def _coordinators(period):
    return _officials(period.schedule.recipient, roles=("coordinator",))


@transaction.atomic
def submit_submission(submission, *, actor, now=None):
    """Send the report to the standing body. After the due date or a closed period it is accepted and marked late."""
    from chiso.notifications.services import notify

    now = now or timezone.now()
    with transition(
        submission,
        actor=actor,
        event="submission.submitted",
        action="report",
        target=lambda s: s.request,
        queryset=Submission.objects.select_related("request__period__schedule"),
        allowed_from=lambda s: s.is_editable,
        refusal=_not_editable,
        code="not_editable",
    ) as t:
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
            _coordinators(period),
            key=f"reporting:submitted:{submission.pk}:{submission.version}",
            subject=_("Report received: %(agency)s — %(period)s") % {"agency": request.agency, "period": period.label},
            body=_("%(agency)s has submitted its report%(late)s. Review it and accept or return it.")
            % {"agency": request.agency, "late": late},
            url=submission.get_absolute_url(),
        )
    )
    return submission


def _review(submission, *, actor, event):
    """The transition of a report under review (returned or accepted) by the standing body."""
    return transition(
        submission,
        actor=actor,
        event=event,
        action="review",
        target=lambda s: s.request.period,
        queryset=Submission.objects.select_related("request__period__schedule"),
        allowed_from=[Submission.Status.SUBMITTED],
        refusal=_("Only a report under review can be returned or accepted."),
        code="not_submitted",
    )


@transaction.atomic
def return_submission(submission, *, actor, comment, line_comments=None, now=None):
    """Send the report back with a comment on it and on single lines; the officer corrects and resubmits."""
    from chiso.notifications.services import notify

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
            _officials(request.agency),
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
        allowed_from=[Submission.Status.ACCEPTED],
        refusal=_("Only an accepted report can be reopened."),
        code="not_accepted",
        fields=["status"],
    ) as t:
        submission = t.obj
        if not (reason or "").strip():
            raise ValidationError(_("Give the reason for reopening."), code="no_reason")
        submission.status = Submission.Status.SUPERSEDED
        t.data["reason"] = reason
    copy = Submission.objects.create(
        request=submission.request,
        number=submission.number + 1,
        status=Submission.Status.DRAFT,
        narratives=submission.narratives,
        summary=submission.summary,
        difficulties=submission.difficulties,
        proposals=submission.proposals,
        metrics=submission.metrics,
        author=submission.author,
        reopen_reason=reason,
        consolidated_from=submission.consolidated_from,
    )
    SubmissionLine.objects.bulk_create(
        [
            SubmissionLine(
                submission=copy,
                task_id=line.task_id,
                position=line.position,
                task_number=line.task_number,
                task_title=line.task_title,
                dimension_code=line.dimension_code,
                task_status=line.task_status,
                percent=line.percent,
                result=line.result,
                evidence_count=line.evidence_count,
            )
            for line in submission.lines.all()
        ]
    )
    Request.objects.filter(pk=submission.request_id).update(status=Request.Status.RETURNED)
    record_change(
        copy,
        AuditEntry.Action.CREATE,
        actor,
        None,
        snapshot(copy),
        event="submission.corrected",
        data={"reason": reason, "number": copy.number},
    )
    return copy


def attach_file(submission, *, actor, upload):
    """Attach a file to a draft report: the same checks (size, content) as evidence of task progress."""
    policy.require(actor, "report", submission.request)
    _require_editable(submission)
    uploads.check_upload(upload, "evidence", accept=uploads.DOCUMENTS, name_must_match=True)
    item = Attachment(
        submission=submission, name=upload.name, size=upload.size, content_type=filetypes.content_type(upload)
    )
    item.file.save(upload.name, upload, save=True)
    return item


# --- reporting rate ---------------------------------------------------------------------------------------
def reporting_rate(requests, today=None) -> dict:
    """Expected, submitted on time, late, missing (due date passed, nothing sent), not yet due — and by status."""
    today = today or timezone.localdate()
    # Aliases carry a prefix: an aggregate may not share its name with a field (``on_time``).
    counts = requests.aggregate(
        n_expected=Count("id"),
        **timeliness_aggregates(today),
        n_accepted=Count("id", filter=Q(status=Request.Status.ACCEPTED)),
        n_under_review=Count("id", filter=Q(status=Request.Status.SUBMITTED)),
        n_returned=Count("id", filter=Q(status=Request.Status.RETURNED)),
    )
    figures = {key[2:]: value for key, value in counts.items()}
    figures["submitted"] = figures["on_time"] + figures["late"]
    figures["rate"] = percent(figures["submitted"], figures["expected"])
    figures["on_time_rate"] = percent(figures["on_time"], figures["expected"])
    return figures


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


# --- consolidation ----------------------------------------------------------------------------------------
def _current_submissions(period):
    """The latest version of each request's report (superseded ones excluded)."""
    return (
        Submission.objects.filter(request__period=period)
        .exclude(status=Submission.Status.SUPERSEDED)
        .select_related("request__agency__unit")
    )


@transaction.atomic
def consolidate_report(period, *, actor, today=None):
    """Build (or rebuild, while still a draft) the level's report from the accepted submissions.

    Reports still under review, returned or missing are listed by name — never silently dropped.
    """
    from chiso.indices.models import Dimension

    today = today or timezone.localdate()
    period = Period.objects.select_related("schedule__plan__unit").get(pk=period.pk)
    policy.require(actor, "consolidate", period)
    report = ConsolidatedReport.objects.select_for_update().filter(period=period).first()
    if report is not None and not report.is_editable:
        raise ValidationError(
            _("The consolidated report is %(status)s: it can no longer be rebuilt.")
            % {"status": report.get_status_display()},
            code="not_editable",
        )
    requests = list(period.requests.select_related("agency__unit").order_by("agency__unit__path", "agency__name"))
    current = {s.request_id: s for s in _current_submissions(period)}
    accepted = [
        current[r.pk] for r in requests if r.pk in current and current[r.pk].status == Submission.Status.ACCEPTED
    ]
    lines = list(
        SubmissionLine.objects.filter(submission__in=[s.pk for s in accepted])
        .select_related("submission__request__agency")
        .order_by("submission__request__agency__unit__path", "submission__request__agency__name", "position")
    )
    statuses = defaultdict(int)
    for line in lines:
        statuses[line.task_status] += 1
    total = len(lines)
    done = statuses["done_on_time"] + statuses["done_late"]
    figures = {
        "requests": len(requests),
        "accepted": len(accepted),
        "tasks": total,
        "done": done,
        "done_on_time": statuses["done_on_time"],
        "done_late": statuses["done_late"],
        "on_track": statuses["on_track"],
        "overdue": statuses["overdue"],
        "not_started": statuses["not_started"],
        "ongoing": statuses["ongoing"],
        "done_percent": percent(done, total - statuses["ongoing"]),
        "average_percent": round(sum(line.percent for line in lines) / total, 1) if total else None,
        "late": [str(r.agency) for r in requests if r.timeliness(today) == Timeliness.LATE],
        "missing": [str(r.agency) for r in requests if r.timeliness(today) == Timeliness.MISSING],
        "not_due": [str(r.agency) for r in requests if r.timeliness(today) == Timeliness.NOT_DUE],
        "under_review": [str(r.agency) for r in requests if r.status == Request.Status.SUBMITTED],
        "returned": [str(r.agency) for r in requests if r.status == Request.Status.RETURNED],
    }
    metrics = defaultdict(float)
    for s in accepted:
        for code, value in (s.metrics or {}).items():
            try:
                metrics[code] += float(value)
            except (TypeError, ValueError):
                continue
    figures["metrics"] = {code: (int(v) if float(v).is_integer() else v) for code, v in metrics.items()}
    dimensions = {d.code: d for d in Dimension.objects.filter(index__code="PAPI")}
    narratives = defaultdict(list)
    for s in accepted:
        for code, text in (s.narratives or {}).items():
            if (text or "").strip():
                narratives[code].append(f"{s.request.agency}: {text.strip()}")
    gathered = lambda field: "\n".join(  # noqa: E731
        f"- {s.request.agency}: {getattr(s, field).strip()}" for s in accepted if getattr(s, field).strip()
    )
    unit = period.schedule.plan.unit
    fields = {
        "unit": unit,
        "title": _("Report on the results of implementing the plan to improve the PAPI index, %(period)s")
        % {"period": period.label},
        "narratives": {
            code: "\n".join(items)
            for code, items in sorted(narratives.items(), key=lambda kv: _order(dimensions, kv[0]))
        },
        "shortcomings": gathered("difficulties"),
        "proposals": gathered("proposals"),
        "summary": "\n".join(s.summary.strip() for s in accepted if s.summary.strip()),
        "figures": figures,
        "task_results": [
            {
                "agency": str(line.submission.request.agency),
                "number": line.task_number,
                "task": line.task_title,
                "dimension": line.dimension_code,
                "status": line.task_status,
                "percent": line.percent,
                "result": line.result,
            }
            for line in lines
        ],
        "built_at": timezone.now(),
    }
    if report is None:
        report = ConsolidatedReport.objects.create(period=period, **fields)
        record_change(report, AuditEntry.Action.CREATE, actor, None, snapshot(report))
    else:
        with transition(report, actor=actor, event="consolidatedreport.rebuilt") as t:
            for key, value in fields.items():
                setattr(t.obj, key, value)
        report = t.obj
    return report


def _order(dimensions, code):
    d = dimensions.get(code)
    return (d.order if d else 99, code)


@transaction.atomic
def update_report(report, *, actor, loaded_version, data):
    """Save what the coordinator edited in the draft of the consolidated report."""
    with transition(
        report,
        actor=actor,
        action="consolidate",
        target=lambda r: r.period,
        allowed_from=lambda r: r.is_editable,
        refusal=_("Only a draft report can be edited."),
        code="not_editable",
        loaded_version=loaded_version,
        conflict=lambda: _("Someone else saved this report after you opened it. Your changes are kept below."),
    ) as t:
        for key, value in data.items():
            setattr(t.obj, key, value)
        t.obj.full_clean()
    return t.obj


def _move(report, *, actor, action, allowed, event):
    """The transition of the consolidated report from one of the ``allowed`` statuses."""
    return transition(
        report,
        actor=actor,
        event=event,
        action=action,
        queryset=ConsolidatedReport.objects.select_related("period"),
        allowed_from=allowed,
        refusal=lambda r: (
            _("This step is not possible while the report is %(status)s.") % {"status": r.get_status_display()}
        ),
        code="wrong_status",
    )


@transaction.atomic
def send_report_for_approval(report, *, actor):
    """The coordinator sends the built report to the unit's leaders."""
    from chiso.notifications.services import notify

    allowed, event = [ConsolidatedReport.Status.DRAFT], "consolidatedreport.sent_for_approval"
    with _move(report, actor=actor, action="change", allowed=allowed, event=event) as t:
        t.obj.status = ConsolidatedReport.Status.AWAITING
    report = t.obj
    leaders = []
    for agency in Agency.objects.filter(unit=report.unit, is_active=True):
        leaders += _officials(agency, roles=("leader",))
    transaction.on_commit(
        lambda: notify(
            leaders,
            key=f"reporting:approve:{report.pk}:{report.version}",
            subject=_("A report awaits your approval: %(title)s") % {"title": report.title},
            url=report.get_absolute_url(),
        )
    )
    return report


@transaction.atomic
def return_report(report, *, actor, reason):
    """The leader sends the report back to draft with what must be corrected."""
    if not (reason or "").strip():
        raise ValidationError(_("Say what must be corrected."), code="no_comment")
    allowed = [ConsolidatedReport.Status.AWAITING]
    with _move(report, actor=actor, action="approve", allowed=allowed, event="consolidatedreport.returned") as t:
        t.obj.status = ConsolidatedReport.Status.DRAFT
        t.data["reason"] = reason
    return t.obj


@transaction.atomic
def approve_report(report, *, actor, code="", report_date=None):
    """The leader approves the report under its number and date."""
    if not code or not report_date:
        raise ValidationError(_("An approved report needs its number and its date."), code="missing_number")
    allowed = [ConsolidatedReport.Status.AWAITING]
    with _move(report, actor=actor, action="approve", allowed=allowed, event="consolidatedreport.approved") as t:
        report = t.obj
        report.status = ConsolidatedReport.Status.APPROVED
        report.code, report.report_date = code, report_date
        report.approved_by, report.approved_at = actor, timezone.now()
        report.signer_name = actor.full_name if hasattr(actor, "full_name") else str(actor)
        t.data.update(code=code, report_date=report_date)
    return report


def upper_request(report):
    """The upper level's request this report answers: the request of the parent plan's schedules to this unit's
    People's Committee whose cut-off overlaps this period's most."""
    period = report.period
    plan = period.schedule.plan
    if plan.parent_id is None:
        return None
    candidates = (
        Request.objects.filter(
            period__schedule__plan=plan.parent_id,
            agency__unit=report.unit,
            agency__kind=Agency.Kind.COMMITTEE,
            period__cutoff_start__lte=period.cutoff_end,
            period__cutoff_end__gte=period.cutoff_start,
        )
        .select_related("period")
        .order_by("-period__cutoff_end")
    )

    def overlap(r):
        start, end = max(r.period.cutoff_start, period.cutoff_start), min(r.period.cutoff_end, period.cutoff_end)
        return (end - start).days

    return max(candidates, key=overlap, default=None)


@transaction.atomic
def send_report_up(report, *, actor, now=None):
    """Send the approved report to the upper level: it becomes the unit's submission there, under review."""
    with transition(
        report,
        actor=actor,
        event="consolidatedreport.sent_up",
        action="change",
        queryset=ConsolidatedReport.objects.select_related("period__schedule__plan"),
        allowed_from=[ConsolidatedReport.Status.APPROVED],
        refusal=_("Only an approved report can be sent to the upper level."),
        code="not_approved",
    ) as t:
        submission = _send_up(t.obj, actor=actor, now=now)
        t.obj.status = ConsolidatedReport.Status.SENT
    return submission


def _send_up(report, *, actor, now):
    """The upper level's submission made of the approved ``report``, submitted on the committee's behalf."""
    request = upper_request(report)
    if request is None:
        raise ValidationError(
            _("The upper level has not asked for this report: no reporting period of the upper-level plan covers it."),
            code="no_upper_request",
        )
    previous = request.submissions.order_by("-number").first()
    if previous is not None and previous.status in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED):
        raise ValidationError(_("The upper level already has a report for this period."), code="already_sent")
    if previous is not None and previous.is_editable:
        submission = previous
        submission.lines.all().delete()
    else:
        submission = Submission(request=request, number=(previous.number + 1) if previous else 1)
    submission.narratives = report.narratives
    submission.summary = report.summary
    submission.difficulties = report.shortcomings
    submission.proposals = report.proposals
    submission.metrics = {
        **dict.fromkeys(request.period.schedule.metric_labels()),
        **report.figures.get("metrics", {}),
    }
    submission.consolidated_from = report
    submission.author = actor
    submission.save()
    SubmissionLine.objects.bulk_create(
        [
            SubmissionLine(
                submission=submission,
                position=i,
                task_number=row["number"],
                task_title=row["task"],
                dimension_code=row["dimension"],
                task_status=row["status"],
                percent=row["percent"],
                result=f"{row['agency']}: {row['result']}".strip(": ") if row["result"] else "",
            )
            for i, row in enumerate(report.task_results)
        ]
    )
    # The coordinator sends on the committee's behalf: the committee's unit is inside their subtree.
    return submit_submission(submission, actor=actor, now=now)
