"""The reporting rate, and the level's consolidated report: built from the accepted reports, approved by the
leader, sent up as a submission to the upper level's request."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.audit import record_created
from chiso.core.permissions import policy
from chiso.core.services import Guard, transition
from chiso.indices.models import Dimension
from chiso.notifications.services import notify
from chiso.units.models import Agency

from ..extensions import build_sections
from ..models import (
    ConsolidatedReport,
    Period,
    Request,
    Submission,
    SubmissionLine,
    Timeliness,
    timeliness_aggregates,
)
from .submissions import officials, submit_submission


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
    figures["sections"] = build_sections(unit, period)
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
        record_created(report, actor)
    else:
        with transition(report, actor=actor, event="consolidatedreport.rebuilt") as t:
            for key, value in fields.items():
                setattr(t.obj, key, value)
        report = t.obj
    return report


def _order(dimensions, code):
    d = dimensions.get(code)
    return (d.order if d else 99, code)


_EDITABLE = Guard(lambda r: r.is_editable, gettext_lazy("Only a draft report can be edited."), code="not_editable")


@transaction.atomic
def update_report(report, *, actor, loaded_version, data):
    """Save what the coordinator edited in the draft of the consolidated report."""
    with transition(
        report,
        actor=actor,
        action="consolidate",
        target=lambda r: r.period,
        guard=_EDITABLE,
        loaded_version=loaded_version,
        conflict=lambda: _("Someone else saved this report after you opened it. Your changes are kept below."),
    ) as t:
        for key, value in data.items():
            setattr(t.obj, key, value)
        t.obj.full_clean()
    return t.obj


def _wrong_status(report):
    return _("This step is not possible while the report is %(status)s.") % {"status": report.get_status_display()}


_DRAFT = Guard([ConsolidatedReport.Status.DRAFT], _wrong_status)
_AWAITING = Guard([ConsolidatedReport.Status.AWAITING], _wrong_status)
_APPROVED = Guard(
    [ConsolidatedReport.Status.APPROVED],
    gettext_lazy("Only an approved report can be sent to the upper level."),
    code="not_approved",
)


def _move(report, *, actor, action, guard, event):
    """The transition of the consolidated report that ``guard`` allows."""
    queryset = ConsolidatedReport.objects.select_related("period")
    return transition(report, actor=actor, event=event, action=action, queryset=queryset, guard=guard)


@transaction.atomic
def send_report_for_approval(report, *, actor):
    """The coordinator sends the built report to the unit's leaders."""

    event = "consolidatedreport.sent_for_approval"
    with _move(report, actor=actor, action="change", guard=_DRAFT, event=event) as t:
        t.obj.status = ConsolidatedReport.Status.AWAITING
    report = t.obj
    leaders = []
    for agency in Agency.objects.filter(unit=report.unit, is_active=True):
        leaders += officials(agency, roles=("leader",))
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
    with _move(report, actor=actor, action="approve", guard=_AWAITING, event="consolidatedreport.returned") as t:
        t.obj.status = ConsolidatedReport.Status.DRAFT
        t.data["reason"] = reason
    return t.obj


@transaction.atomic
def approve_report(report, *, actor, code="", report_date=None):
    """The leader approves the report under its number and date."""
    if not code or not report_date:
        raise ValidationError(_("An approved report needs its number and its date."), code="missing_number")
    with _move(report, actor=actor, action="approve", guard=_AWAITING, event="consolidatedreport.approved") as t:
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
        guard=_APPROVED,
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
