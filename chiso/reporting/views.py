"""Reporting screens: thin views over reporting.services; every one declares its permission."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.core.permissions import AUTHENTICATED, declare, policy
from chiso.core.personcache import person_page
from chiso.core.services import ConflictError
from chiso.core.views import _attach_errors, error_messages, refuse, scoped_object
from chiso.indices.models import Dimension
from chiso.lib import filetypes
from chiso.plans.models import Plan

from . import pageversions, services
from .exporters import rate_xlsx, report_docx
from .forms import AdHocForm, ApproveForm, ConsolidatedForm, ReasonForm, ScheduleForm
from .models import (
    ConsolidatedReport,
    Period,
    Request,
    Schedule,
    Submission,
    Timeliness,
    timeliness_aggregates,
)


def _dimensions(year=None):
    qs = Dimension.objects.filter(index__code="PAPI").order_by("order")
    if year:
        qs = qs.filter(Q(since__isnull=True) | Q(since__lte=year)).filter(Q(until__isnull=True) | Q(until__gte=year))
    return list(qs)


# --- my reports -------------------------------------------------------------------------------------------
@declare(AUTHENTICATED)
def home(request):
    """What I owe, what I review, what awaits my approval."""
    user, today = request.user, timezone.localdate()
    owed = (
        policy.scope(user, "report", Request.objects.all())
        .exclude(status=Request.Status.ACCEPTED)
        .filter(period__status=Period.Status.OPEN)
        .select_related("agency__unit", "period__schedule__plan__unit")
        .order_by("due_on", "agency__name")[:200]
    )
    reviewing = (
        policy.scope(user, "review", Period.objects.all())
        .filter(status=Period.Status.OPEN)
        .select_related("schedule__plan__unit")
        .annotate(
            n_expected=Count("requests", distinct=True),
            n_waiting=Count("requests", filter=Q(requests__status=Request.Status.SUBMITTED), distinct=True),
        )
        .order_by("-cutoff_end")[:100]
    )
    approving = (
        policy.scope(user, "approve", ConsolidatedReport.objects.all())
        .filter(status=ConsolidatedReport.Status.AWAITING)
        .select_related("unit", "period")
    )
    return render(
        request,
        "reporting/home.html",
        {"owed": owed, "reviewing": reviewing, "approving": approving, "today": today},
    )


# --- schedules --------------------------------------------------------------------------------------------
@declare("add", Schedule)
def schedule_add(request, plan):
    plan = scoped_object(request, Plan, "change", plan, Plan.objects.select_related("unit"))
    initial = {
        "title": _("Periodic report on the plan to improve the PAPI index, %(year)s") % {"year": plan.year},
        "recipient": services.default_recipient(plan),
    }
    form = ScheduleForm(request.POST or None, plan=plan, initial=initial, instance=Schedule(plan=plan))
    if request.method == "POST" and form.is_valid():
        schedule = form.save(commit=False)
        reporters = form.cleaned_data["reporters"]
        try:
            schedule = services.create_schedule(schedule, actor=request.user, reporters=reporters)
            opened = schedule.periods.count()
            messages.success(
                request,
                _("The reporting schedule was saved; %(n)s period(s) are open.") % {"n": opened},
            )
            return HttpResponseRedirect(schedule.get_absolute_url())
        except ValidationError as exc:
            _attach_errors(form, exc)
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/schedule_form.html", {"form": form, "plan": plan}, status=status)


@declare("change", Schedule)
def schedule_edit(request, pk):
    schedule = scoped_object(request, Schedule, "change", pk, Schedule.objects.select_related("plan__unit"))
    form = ScheduleForm(request.POST or None, instance=schedule)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_schedule(
                    form.save(commit=False),
                    actor=request.user,
                    loaded_version=form.cleaned_data.get("loaded_version"),
                    m2m_form=form,
                )
                messages.success(request, _("Saved “%(name)s”.") % {"name": schedule})
                return HttpResponseRedirect(schedule.get_absolute_url())
            except ValidationError as exc:
                status = refuse(form, schedule, exc)
    return render(
        request,
        "reporting/schedule_form.html",
        {"form": form, "plan": schedule.plan, "object": schedule},
        status=status,
    )


@declare("view", Schedule)
def schedule_detail(request, pk):
    schedule = scoped_object(
        request, Schedule, "view", pk, Schedule.objects.select_related("plan__unit", "recipient__unit")
    )
    today = timezone.localdate()
    periods = list(schedule.periods.order_by("cutoff_end", "id"))
    requests = list(
        Request.objects.filter(period__schedule=schedule)
        .select_related("agency__unit")
        .order_by("agency__unit__path", "agency__name")
    )
    # Each agency's timeliness over the periods (DHIS2's reporting-rate history).
    history, cells = {}, {}
    for r in requests:
        history.setdefault(r.agency, {})[r.period_id] = r
    rows = []
    for agency, by_period in history.items():
        row = []
        for period in periods:
            r = by_period.get(period.pk)
            row.append(_timeliness(r, today) if r else None)
        on_time = sum(1 for c in row if c and c[0] == "on_time")
        expected = sum(1 for c in row if c)
        rows.append((agency, row, on_time, expected))
    del cells
    context = {
        "schedule": schedule,
        "plan": schedule.plan,
        "periods": [(p, services.reporting_rate(p.requests.all(), today)) for p in periods],
        "history": rows,
        "history_periods": periods,
        "reporters": schedule.reporters.select_related("unit").order_by("unit__path", "name"),
        "can_change": policy.can(request.user, "change", schedule),
    }
    return render(request, "reporting/schedule_detail.html", context)


def _timeliness(r, today):
    code = r.timeliness(today)
    return (code, Timeliness(code).label)


@declare("change", Schedule)
def period_add(request, pk):
    schedule = scoped_object(request, Schedule, "change", pk, Schedule.objects.select_related("plan"))
    form = AdHocForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.open_ad_hoc_period(schedule, actor=request.user, **form.cleaned_data)
            messages.success(
                request, _("The ad-hoc report was requested from %(n)s agencies.") % {"n": period.requests.count()}
            )
            return HttpResponseRedirect(period.get_absolute_url())
        except ValidationError as exc:
            _attach_errors(form, exc)
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/period_form.html", {"form": form, "schedule": schedule}, status=status)


# --- periods ----------------------------------------------------------------------------------------------
@declare("view", Period)
@person_page(lambda request, pk: pageversions.period_names(pk))
def period_detail(request, pk):
    period = scoped_object(
        request, Period, "view", pk, Period.objects.select_related("schedule__plan__unit", "schedule__recipient")
    )
    today = timezone.localdate()
    requests = list(period.requests.select_related("agency__unit").order_by("agency__unit__path", "agency__name"))
    current = {
        s.request_id: s
        for s in Submission.objects.filter(request__period=period)
        .exclude(status=Submission.Status.SUPERSEDED)
        .only("id", "request_id", "status", "number", "submitted_at")
    }
    rows = [(r, current.get(r.pk), _timeliness(r, today)) for r in requests]
    plan = period.schedule.plan
    # The units below: the same window in their own plans' schedules, one aggregate per unit.
    below = (
        Request.objects.filter(
            period__schedule__plan__unit__parent=plan.unit,
            period__schedule__plan__year=plan.year,
            period__cutoff_end__gte=period.cutoff_start,
            period__cutoff_end__lte=period.unit_due_on,
        )
        .values("period__schedule__plan__unit__name", "period_id")
        .annotate(
            n_expected=Count("id"),
            **timeliness_aggregates(today),
        )
        .order_by("period__schedule__plan__unit__name")
    )
    user = request.user
    context = {
        "period": period,
        "plan": plan,
        "rate": services.reporting_rate(period.requests.all(), today),
        "rows": rows,
        "below": below,
        "report": ConsolidatedReport.objects.filter(period=period).first(),
        "can_review": policy.can(user, "review", period),
        "can_consolidate": policy.can(user, "consolidate", period),
    }
    return render(request, "reporting/period_detail.html", context)


@require_POST
@declare("change", Period)
def period_status(request, pk):
    period = scoped_object(request, Period, "change", pk)
    status = Period.Status.CLOSED if request.POST.get("status") == "closed" else Period.Status.OPEN
    services.set_period_status(period, actor=request.user, status=status)
    messages.success(request, _("The period is now %(status)s.") % {"status": Period.Status(status).label.lower()})
    return HttpResponseRedirect(period.get_absolute_url())


@require_POST
@declare("consolidate", Period)
def period_consolidate(request, pk):
    period = scoped_object(request, Period, "consolidate", pk)
    try:
        report = services.consolidate_report(period, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
        return HttpResponseRedirect(period.get_absolute_url())
    waiting = len(report.figures.get("under_review", [])) + len(report.figures.get("returned", []))
    if waiting:
        messages.warning(
            request,
            _("%(n)s report(s) are not accepted yet and were left out; they are listed in the report.")
            % {"n": waiting},
        )
    messages.success(
        request,
        _("The consolidated report was built from %(n)s accepted report(s).") % {"n": report.figures["accepted"]},
    )
    return HttpResponseRedirect(report.get_absolute_url())


@declare("view", Period)
def period_rate_xlsx(request, pk):

    period = scoped_object(request, Period, "view", pk, Period.objects.select_related("schedule__plan__unit"))
    return filetypes.attachment(rate_xlsx(period), f"ty-le-bao-cao-{period.pk}.xlsx")


# --- what an agency owes ----------------------------------------------------------------------------------
@declare("view", Request)
def request_detail(request, pk):
    req = scoped_object(
        request, Request, "view", pk, Request.objects.select_related("agency__unit", "period__schedule__plan")
    )
    current = req.submissions.order_by("-number").first()
    if current is not None:
        return HttpResponseRedirect(current.get_absolute_url())
    return render(
        request,
        "reporting/request_detail.html",
        {"req": req, "can_report": policy.can(request.user, "report", req), "today": timezone.localdate()},
    )


@require_POST
@declare("report", Request)
def request_start(request, pk):
    req = scoped_object(request, Request, "report", pk)
    submission = services.start_submission(req, actor=request.user)
    return HttpResponseRedirect(submission.get_absolute_url())


# --- the consolidated report ------------------------------------------------------------------------------
@declare("view", ConsolidatedReport)
@person_page(lambda request, pk: pageversions.report_names(pk))
def consolidated_detail(request, pk):
    report = scoped_object(
        request,
        ConsolidatedReport,
        "view",
        pk,
        ConsolidatedReport.objects.select_related("unit", "period__schedule__plan", "approved_by"),
    )
    if request.method == "GET" and request.GET.get("part") == "appendix":  # loaded when scrolled to (htmx)
        template = "reporting/_task_results.html" if request.htmx else "reporting/consolidated_appendix.html"
        return render(request, template, {"report": report})
    user = request.user
    can_change = policy.can(user, "change", report)
    form = None
    status = 200
    if report.is_editable and can_change:
        form = ConsolidatedForm(
            request.POST or None,
            initial={
                "title": report.title,
                "summary": report.summary,
                "shortcomings": report.shortcomings,
                "next_steps": report.next_steps,
                "proposals": report.proposals,
                "loaded_version": report.version,
            },
        )
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "loaded_version"}
                try:
                    services.update_report(
                        report, actor=user, loaded_version=form.cleaned_data.get("loaded_version"), data=data
                    )
                    messages.success(request, _("The draft was saved."))
                    return HttpResponseRedirect(report.get_absolute_url())
                except ConflictError as exc:
                    form.add_error(None, exc)
                    status = 409
                except ValidationError as exc:
                    _attach_errors(form, exc)
    elif request.method == "POST":
        raise PermissionDenied
    dimensions = {d.code: d for d in _dimensions()}
    sources = (
        Submission.objects.filter(request__period=report.period)
        .exclude(status=Submission.Status.SUPERSEDED)
        .select_related("request__agency__unit")
        .order_by("request__agency__unit__path", "request__agency__name")
    )
    context = {
        "report": report,
        "period": report.period,
        "form": form,
        "narratives": [(dimensions.get(code), code, text) for code, text in report.narratives.items()],
        "sources": sources,
        "upper": report.sent_as.select_related("request__period").first(),
        "can_change": can_change,
        "can_approve": policy.can(user, "approve", report),
        "approve_form": ApproveForm(initial={"report_date": timezone.localdate()}),
        "reason_form": ReasonForm(),
    }
    return render(request, "reporting/consolidated_detail.html", context, status=status)


@require_POST
@declare("view", ConsolidatedReport)
def consolidated_action(request, pk):
    report = scoped_object(request, ConsolidatedReport, "view", pk, ConsolidatedReport.objects.select_related("period"))
    action = request.POST.get("action")
    try:
        if action == "rebuild":
            services.consolidate_report(report.period, actor=request.user)
            messages.success(request, _("The report was built again from the accepted reports."))
        elif action == "send_for_approval":
            services.send_report_for_approval(report, actor=request.user)
            messages.success(request, _("The report was sent to the leader for approval."))
        elif action == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.approve_report(report, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The report was approved."))
        elif action == "return":
            services.return_report(report, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("The report was returned to the standing body."))
        elif action == "send_up":
            sent = services.send_report_up(report, actor=request.user)
            messages.success(
                request,
                _("The report was sent to %(to)s.") % {"to": sent.request.period.schedule.recipient},
            )
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    return HttpResponseRedirect(report.get_absolute_url())


@declare("view", ConsolidatedReport)
def consolidated_docx(request, pk):

    report = scoped_object(
        request, ConsolidatedReport, "view", pk, ConsolidatedReport.objects.select_related("unit", "period")
    )
    return filetypes.attachment(report_docx(report), f"bao-cao-{report.pk}.docx")
