"""Inspection screens: thin views over ``inspections.services``; every one declares its permission."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.core.permissions import HISTORY, declare, policy
from chiso.core.views import ObjectHistoryView, _attach_errors
from chiso.lib import filetypes
from chiso.plans.extensions import plan_tabs
from chiso.plans.models import Plan

from . import exporters, services
from .forms import (
    AnswerForm,
    ApproveForm,
    CloseForm,
    ConclusionForm,
    DecisionForm,
    EvidenceForm,
    FindingForm,
    InspectionForm,
    IssueForm,
    PlanForm,
    ReasonForm,
    RemedyForm,
    ReportForm,
    VerifyForm,
)
from .models import (
    Answer,
    Finding,
    Inspection,
    InspectionEvidence,
    InspectionPlan,
    Remedy,
    RemedyEvidence,
    RemedyReport,
    Timeliness,
)
from .rollup import plan_rows

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
S = Inspection.Status


def _form_page(request, form, *, heading, button, cancel, intro="", obj=None, status=200, multipart=False):
    return render(
        request,
        "inspections/form.html",
        {
            "form": form,
            "heading": heading,
            "button": button,
            "cancel_url": cancel,
            "intro": intro,
            "object": obj,
            "multipart": multipart,
        },
        status=status,
    )


def _run(request, form, run, **page):
    """Call the service with the valid form's data; on a refusal show the form again with what was typed."""
    try:
        return run(form.cleaned_data), None
    except ValidationError as exc:
        _attach_errors(form, exc)
        return None, _form_page(request, form, status=400, **page)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You are not allowed to make this change."))
        return None, _form_page(request, form, status=403, **page)


def _act(request, form, run, success, redirect_to, **page):
    """A form that runs one service: on a valid POST call it, flash ``success`` and go to ``redirect_to``; a
    refusal or an invalid form shows the form again with what was typed."""
    if request.method == "POST" and form.is_valid():
        _done, refused = _run(request, form, run, **page)
        if refused:
            return refused
        messages.success(request, success)
        return HttpResponseRedirect(redirect_to)
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


def _inspection(request, pk, action="view"):
    rows = Inspection.objects.select_related(
        "unit", "inspected_unit", "inspected_agency", "lead_agency", "theme", "plan", "previous", "approved_by"
    )
    return get_object_or_404(policy.scope(request.user, action, rows), pk=pk)


def _conductor(request, inspection):
    """The conduct pages refuse, already on GET, whoever the service would refuse (a supervisor on an inspection,
    an inspector on a supervision visit)."""
    services._require_role_for_kind(request.user, inspection)


# --- home, lists ---------------------------------------------------------------------------------------------
@declare("view", Inspection)
def home(request):
    user = request.user
    status = request.GET.get("status", "")
    inspections = plan_rows(
        Inspection.objects.visible_to(user).select_related("theme", "inspected_unit", "unit")
    ).order_by("-year", "planned_month", "id")
    if status in S.values:
        inspections = inspections.filter(status=status)
    plans = InspectionPlan.objects.visible_to(user).select_related("unit").annotate(n=Count("inspections"))
    return render(
        request,
        "inspections/home.html",
        {
            "inspections": inspections[:200],
            "plans": plans[:50],
            "statuses": S.choices,
            "status": status,
            "can_plan": policy.can(user, "add", InspectionPlan),
            "can_add": policy.can(user, "add", Inspection),
        },
    )


@declare("view", Remedy)
def remedy_list(request):
    """The remedies the user may see — for an inspected agency, what it owes; for inspectors, what awaits them."""
    today = timezone.localdate()
    remedies = (
        Remedy.objects.visible_to(request.user)
        .select_related("agency__unit", "finding__inspection__inspected_unit")
        .order_by("due_on", "id")
    )
    state = request.GET.get("state", "unresolved")
    if state == "unresolved":
        remedies = remedies.unresolved()
    elif state == "overdue":
        remedies = remedies.overdue(on=today)
    elif state == "awaiting":
        remedies = remedies.filter(status=Remedy.Status.REPORTED)
    rows = [{"remedy": r, "timeliness": Timeliness(r.timeliness(today))} for r in remedies[:500]]
    return render(
        request,
        "inspections/remedy_list.html",
        {
            "rows": rows,
            "state": state,
            "states": [
                ("unresolved", _("Not yet resolved")),
                ("overdue", _("Overdue")),
                ("awaiting", _("Awaiting verification")),
                ("all", _("All")),
            ],
        },
    )


# --- inspection plans ----------------------------------------------------------------------------------------
@declare("add", InspectionPlan)
def plan_add(request):
    form = PlanForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    page = {"heading": _("New inspection plan"), "button": _("Save"), "cancel": reverse("inspections:home")}
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400, **page)
        plan, refused = _run(
            request, form, lambda d: services.create_plan(form.save(commit=False), actor=request.user), **page
        )
        if refused:
            return refused
        messages.success(request, _("Created the draft inspection plan. Now add its inspections."))
        return HttpResponseRedirect(plan.get_absolute_url())
    return _form_page(request, form, **page)


@declare("view", InspectionPlan)
def plan_detail(request, pk):
    plan = get_object_or_404(
        policy.scope(request.user, "view", InspectionPlan.objects.select_related("unit", "papi_plan", "approved_by")),
        pk=pk,
    )
    user = request.user
    inspections = plan_rows(plan.inspections.select_related("theme", "inspected_unit", "lead_agency")).order_by(
        "planned_month", "id"
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "object": plan,
            "inspections": inspections,
            "can_add": plan.is_editable and policy.can(user, "change", plan),
            "can_submit": plan.status == InspectionPlan.Status.DRAFT and policy.can(user, "submit", plan),
            "can_issue": plan.status != InspectionPlan.Status.ISSUED and policy.can(user, "issue", plan),
            "history_url": reverse("inspections:inspectionplan_history", args=[plan.pk])
            if policy.can(user, HISTORY, plan)
            else None,
        },
    )


class PlanHistoryView(ObjectHistoryView):
    model = InspectionPlan


@declare("submit", InspectionPlan)
@require_POST
def plan_submit(request, pk):
    plan = get_object_or_404(policy.scope(request.user, "view", InspectionPlan.objects.all()), pk=pk)
    try:
        services.submit_plan(plan, actor=request.user)
        messages.success(request, _("Sent to the leader for approval."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(
            request, " ".join(getattr(exc, "messages", [str(exc)])) or _("You are not allowed to make this change.")
        )
    return HttpResponseRedirect(plan.get_absolute_url())


@declare("issue", InspectionPlan)
def plan_issue(request, pk):
    plan = get_object_or_404(policy.scope(request.user, "issue", InspectionPlan.objects.all()), pk=pk)
    form = IssueForm(request.POST or None)
    page = {
        "heading": _("Approve and issue “%(name)s”") % {"name": plan},
        "button": _("Issue"),
        "cancel": plan.get_absolute_url(),
        "obj": plan,
    }
    if request.method == "POST" and form.is_valid():
        done, refused = _run(request, form, lambda d: services.issue_plan(plan, actor=request.user, **d), **page)
        if refused:
            return refused
        messages.success(request, _("The inspection plan is issued."))
        return HttpResponseRedirect(plan.get_absolute_url())
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


# --- inspections ---------------------------------------------------------------------------------------------
@declare("add", Inspection)
def inspection_add(request):
    plan = None
    if request.GET.get("plan") or request.POST.get("plan"):
        plan = get_object_or_404(
            policy.scope(request.user, "change", InspectionPlan.objects.select_related("unit")),
            pk=request.GET.get("plan") or request.POST.get("plan"),
        )
    form = InspectionForm(request.POST or None, user=request.user, plan=plan)
    page = {
        "heading": _("Plan an inspection in “%(plan)s”") % {"plan": plan}
        if plan
        else _("A surprise inspection, re-inspection or supervision visit"),
        "button": _("Save"),
        "cancel": plan.get_absolute_url() if plan else reverse("inspections:home"),
    }
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, status=400, **page)

        def run(data):
            inspection = form.save(commit=False)
            if plan is not None:
                inspection.plan, inspection.unit, inspection.kind = plan, plan.unit, Inspection.Kind.SCHEDULED
            return services.plan_inspection(inspection, actor=request.user)

        inspection, refused = _run(request, form, run, **page)
        if refused:
            return refused
        messages.success(request, _("The inspection is planned."))
        return HttpResponseRedirect(inspection.get_absolute_url())
    return _form_page(request, form, **page)


@declare("view", Inspection)
def inspection_detail(request, pk):
    inspection = _inspection(request, pk)
    user = request.user
    today = timezone.localdate()
    findings = list(
        inspection.findings.select_related("answer", "recurs").prefetch_related(
            Prefetch(
                "remedies",
                queryset=Remedy.objects.select_related("agency").prefetch_related(
                    Prefetch(
                        "reports",
                        queryset=RemedyReport.objects.select_related("reported_by", "decided_by").prefetch_related(
                            "evidence"
                        ),
                    )
                ),
            )
        )
    )
    reportable = set(
        policy.scope(user, "report", Remedy.objects.filter(finding__inspection=inspection)).values_list("pk", flat=True)
    )
    verifiable = set(
        policy.scope(user, "verify", Remedy.objects.filter(finding__inspection=inspection)).values_list("pk", flat=True)
    )
    for finding in findings:
        for remedy in finding.remedies.all():
            remedy.timeliness_label = Timeliness(remedy.timeliness(today)).label
            remedy.timeliness_code = remedy.timeliness(today)
            remedy.can_report = remedy.pk in reportable and remedy.status in Remedy.OPEN_STATES
            remedy.can_verify = remedy.pk in verifiable and remedy.status == Remedy.Status.REPORTED
            remedy.can_reopen = remedy.pk in verifiable and remedy.status == Remedy.Status.VERIFIED
    can_change = policy.can(user, "change", inspection)
    try:
        services._require_role_for_kind(user, inspection)
    except PermissionDenied:
        can_change = False
    earlier = []
    if inspection.previous_id:
        earlier = list(inspection.previous.findings.prefetch_related("remedies", "recurrences").order_by("number"))
        for finding in earlier:
            finding.remedy_states = [Timeliness(r.timeliness(today)).label for r in finding.remedies.all()]
            finding.found_again = any(r.inspection_id == inspection.pk for r in finding.recurrences.all())
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "object": inspection,
            "team": inspection.team.all(),
            "answers": inspection.answers.all(),
            "answer_values": Answer.Value.choices,
            "evidence": inspection.evidence.all(),
            "findings": findings,
            "earlier": earlier,
            "can_change": can_change,
            "can_record": can_change and inspection.can_record(),
            "can_decide": can_change and inspection.status in (S.PLANNED, S.UNDERWAY),
            "can_assign": can_change and inspection.status in (S.UNDERWAY, S.AWAITING_APPROVAL, S.CONCLUDED),
            "can_conclude": can_change and inspection.status == S.UNDERWAY,
            "can_approve": inspection.status == S.AWAITING_APPROVAL and policy.can(user, "approve", inspection),
            "can_publish": inspection.status in (S.CONCLUDED, S.CLOSED) and policy.can(user, "publish", inspection),
            "can_close": can_change and inspection.status == S.CONCLUDED,
            "evidence_form": EvidenceForm() if can_change and inspection.can_record() else None,
            "history_url": reverse("inspections:inspection_history", args=[inspection.pk])
            if policy.can(user, HISTORY, inspection)
            else None,
        },
    )


class InspectionHistoryView(ObjectHistoryView):
    model = Inspection


@declare("change", Inspection)
def inspection_decide(request, pk):
    inspection = _inspection(request, pk, "change")
    _conductor(request, inspection)
    initial = {
        "decision_number": inspection.decision_number,
        "decision_date": inspection.decision_date or timezone.localdate(),
        "start_on": inspection.start_on,
        "end_on": inspection.end_on,
        "scope": inspection.scope,
        "head_name": getattr(request.user, "full_name", "") or "",
        "head_position": getattr(request.user, "position", "") or "",
    }
    form = DecisionForm(request.POST or None, initial=initial)
    page = {
        "heading": _("Decision to inspect: %(name)s") % {"name": inspection},
        "button": _("Save the decision"),
        "cancel": inspection.get_absolute_url(),
        "obj": inspection,
    }
    if request.method == "POST" and form.is_valid():
        done, refused = _run(
            request,
            form,
            lambda d: services.decide_inspection(
                inspection,
                actor=request.user,
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
                start_on=d["start_on"],
                end_on=d["end_on"],
                scope=d.get("scope", ""),
                team=form.team(request.user),
            ),
            **page,
        )
        if refused:
            return refused
        messages.success(request, _("The decision is recorded: the inspection is under way."))
        return HttpResponseRedirect(inspection.get_absolute_url())
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


@declare("change", Inspection)
@require_POST
def inspection_checklist(request, pk):
    inspection = _inspection(request, pk, "change")
    answers = {}
    for answer in inspection.answers.all():
        if f"value-{answer.pk}" in request.POST:
            answers[answer.pk] = (request.POST.get(f"value-{answer.pk}", ""), request.POST.get(f"note-{answer.pk}", ""))
    try:
        services.answer_checklist(inspection, actor=request.user, answers=answers)
        messages.success(request, _("Checklist saved."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return HttpResponseRedirect(inspection.get_absolute_url() + "#checklist")


@declare("change", Inspection)
@require_POST
def inspection_evidence(request, pk):
    inspection = _inspection(request, pk, "change")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(inspection, actor=request.user, upload=form.cleaned_data["file"])
            messages.success(request, _("Evidence added."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.error(request, _("Choose a file to add."))
    return HttpResponseRedirect(inspection.get_absolute_url() + "#evidence")


@declare("change", Inspection)
def finding_add(request, pk):
    inspection = _inspection(request, pk, "change")
    _conductor(request, inspection)
    initial = {"answer": request.GET.get("answer")} if request.GET.get("answer") else None
    form = FindingForm(request.POST or None, inspection=inspection, initial=initial)
    heading = _("A recommendation of the visit") if inspection.is_supervision else _("Record a finding")
    page = {"heading": heading, "button": _("Save"), "cancel": inspection.get_absolute_url(), "obj": inspection}
    if request.method == "POST" and form.is_valid():
        finding, refused = _run(
            request, form, lambda d: services.record_finding(inspection, actor=request.user, **d), **page
        )
        if refused:
            return refused
        messages.success(request, _("Finding %(n)s recorded. Now assign its remedy.") % {"n": finding.number})
        return HttpResponseRedirect(reverse("inspections:remedy_add", args=[finding.pk]))
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


@declare("change", Inspection)
def remedy_add(request, pk):
    finding = get_object_or_404(
        Finding.objects.select_related("inspection").filter(
            inspection__in=policy.scope(request.user, "change", Inspection.objects.all())
        ),
        pk=pk,
    )
    inspection = finding.inspection
    _conductor(request, inspection)
    form = RemedyForm(request.POST or None, inspection=inspection)
    page = {
        "heading": _("Remedy for finding %(n)s") % {"n": finding.number},
        "intro": finding.text,
        "button": _("Assign"),
        "cancel": inspection.get_absolute_url(),
        "obj": inspection,
    }
    if request.method == "POST" and form.is_valid():
        remedy, refused = _run(
            request, form, lambda d: services.assign_remedy(finding, actor=request.user, **d), **page
        )
        if refused:
            return refused
        messages.success(
            request,
            _("Remedy assigned to %(agency)s, due %(date)s.")
            % {"agency": remedy.agency, "date": f"{remedy.due_on:%d/%m/%Y}"},
        )
        return HttpResponseRedirect(remedy.get_absolute_url())
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


def _remedy(request, pk, action):
    rows = Remedy.objects.select_related("finding__inspection", "agency")
    return get_object_or_404(policy.scope(request.user, action, rows), pk=pk)


@declare("report", Remedy)
def remedy_report(request, pk):
    remedy = _remedy(request, pk, "report")
    form = ReportForm(request.POST or None, request.FILES or None)
    intro = remedy.text + (
        f" — {_('Evidence expected')}: {remedy.evidence_expected}" if remedy.evidence_expected else ""
    )
    page = {
        "heading": _("Report the remedy done"),
        "intro": intro,
        "button": _("Send"),
        "cancel": remedy.get_absolute_url(),
        "obj": remedy,
        "multipart": True,
    }
    if request.method == "POST" and form.is_valid():
        done, refused = _run(
            request,
            form,
            lambda d: services.report_remedy(remedy, actor=request.user, text=d["text"], files=d.get("files") or []),
            **page,
        )
        if refused:
            return refused
        messages.success(request, _("Reported done: the inspector will verify it."))
        return HttpResponseRedirect(remedy.get_absolute_url())
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


@declare("report", Remedy)
def remedy_answer(request, pk):
    remedy = _remedy(request, pk, "report")
    form = AnswerForm(request.POST or None)
    page = {
        "heading": _("Answer the recommendation"),
        "intro": remedy.text,
        "button": _("Send"),
        "cancel": remedy.get_absolute_url(),
        "obj": remedy,
    }
    return _act(
        request,
        form,
        lambda d: services.answer_recommendation(remedy, actor=request.user, **d),
        _("The answer is recorded."),
        remedy.get_absolute_url(),
        **page,
    )


@declare("verify", Remedy)
def remedy_verify(request, pk):
    remedy = _remedy(request, pk, "verify")
    report = remedy.reports.prefetch_related("evidence").last()
    form = VerifyForm(request.POST or None)
    page = {
        "heading": _("Verify the remedy"),
        "intro": f"{remedy.text} — {report.text if report else ''}",
        "button": _("Save the verdict"),
        "cancel": remedy.get_absolute_url(),
        "obj": remedy,
    }
    if request.method == "POST" and form.is_valid():

        def run(d):
            return services.verify_remedy(
                remedy,
                actor=request.user,
                accepted=d["verdict"] == "accept",
                reason=d.get("reason", ""),
                deadline_days=d.get("deadline_days"),
                due_on=d.get("due_on"),
            )

        done, refused = _run(request, form, run, **page)
        if refused:
            return refused
        messages.success(request, _("The verdict is recorded."))
        return HttpResponseRedirect(remedy.get_absolute_url())
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


@declare("verify", Remedy)
def remedy_reopen(request, pk):
    remedy = _remedy(request, pk, "verify")
    form = VerifyForm(request.POST or None, initial={"verdict": "reject"})
    page = {
        "heading": _("Reopen the remedy"),
        "intro": remedy.text,
        "button": _("Reopen"),
        "cancel": remedy.get_absolute_url(),
        "obj": remedy,
    }
    if request.method == "POST" and form.is_valid():

        def run(d):
            return services.reopen_remedy(
                remedy,
                actor=request.user,
                reason=d.get("reason", ""),
                deadline_days=d.get("deadline_days"),
                due_on=d.get("due_on"),
            )

        done, refused = _run(request, form, run, **page)
        if refused:
            return refused
        messages.success(request, _("The remedy is open again."))
        return HttpResponseRedirect(remedy.get_absolute_url())
    return _form_page(request, form, status=400 if request.method == "POST" else 200, **page)


@declare("change", Inspection)
def inspection_conclude(request, pk):
    inspection = _inspection(request, pk, "change")
    _conductor(request, inspection)
    form = ConclusionForm(
        request.POST or None,
        initial={
            "conclusion": inspection.conclusion,
            "signer_name": inspection.signer_name,
            "signer_title": inspection.signer_title or "Chủ tịch",
        },
    )
    page = {
        "heading": _("Conclusion of “%(name)s”") % {"name": inspection},
        "button": _("Send for approval"),
        "cancel": inspection.get_absolute_url(),
        "obj": inspection,
    }
    return _act(
        request,
        form,
        lambda d: services.submit_conclusion(inspection, actor=request.user, **d),
        _("The conclusion is sent to the leader for approval."),
        inspection.get_absolute_url(),
        **page,
    )


@declare("approve", Inspection)
def inspection_approve(request, pk):
    inspection = _inspection(request, pk, "approve")
    form = ApproveForm(request.POST or None)
    page = {
        "heading": _("Approve the conclusion of “%(name)s”") % {"name": inspection},
        "intro": inspection.conclusion,
        "button": _("Approve"),
        "cancel": inspection.get_absolute_url(),
        "obj": inspection,
    }
    return _act(
        request,
        form,
        lambda d: services.approve_conclusion(inspection, actor=request.user, **d),
        _("The conclusion is approved."),
        inspection.get_absolute_url(),
        **page,
    )


@declare("approve", Inspection)
def inspection_return(request, pk):
    inspection = _inspection(request, pk, "approve")
    form = ReasonForm(request.POST or None)
    page = {
        "heading": _("Return the conclusion"),
        "button": _("Return"),
        "cancel": inspection.get_absolute_url(),
        "obj": inspection,
    }
    return _act(
        request,
        form,
        lambda d: services.return_conclusion(inspection, actor=request.user, **d),
        _("The conclusion is returned to the team."),
        inspection.get_absolute_url(),
        **page,
    )


@declare("publish", Inspection)
@require_POST
def inspection_publish(request, pk):
    inspection = _inspection(request, pk, "publish")
    public = request.POST.get("public", "1") == "1"
    try:
        services.publish_conclusion(inspection, actor=request.user, public=public)
        messages.success(
            request,
            _("The conclusion is published on the unit's portal.")
            if public
            else _("The conclusion is withdrawn from the portal."),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return HttpResponseRedirect(inspection.get_absolute_url())


@declare("change", Inspection)
def inspection_close(request, pk):
    inspection = _inspection(request, pk, "change")
    _conductor(request, inspection)
    form = CloseForm(request.POST or None)
    unresolved = Remedy.objects.filter(finding__inspection=inspection).unresolved().count()
    intro = (
        _("%(n)s remedies are not yet resolved; they stay tracked after closing.") % {"n": unresolved}
        if unresolved
        else ""
    )
    page = {
        "heading": _("Close “%(name)s”") % {"name": inspection},
        "intro": intro,
        "button": _("Close the inspection"),
        "cancel": inspection.get_absolute_url(),
        "obj": inspection,
    }
    return _act(
        request,
        form,
        lambda d: services.close_inspection(inspection, actor=request.user, **d),
        _("The inspection is closed."),
        inspection.get_absolute_url(),
        **page,
    )


# --- documents and files -------------------------------------------------------------------------------------
def _download(content, name):
    ascii_name = slugify(name.rsplit(".", 1)[0]) + ".docx"
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return response


def _documents(inspection):
    return (
        inspection.__class__.objects.prefetch_related(
            "team", "answers", Prefetch("findings", queryset=Finding.objects.prefetch_related("remedies__agency"))
        )
        .select_related("unit", "inspected_unit", "inspected_agency", "theme", "plan")
        .get(pk=inspection.pk)
    )


@declare("view", Inspection)
def decision_docx(request, pk):
    inspection = _documents(_inspection(request, pk))
    return _download(
        exporters.decision_docx(inspection), f"QĐ kiểm tra {inspection.decision_number or inspection.pk}.docx"
    )


@declare("view", Inspection)
def conclusion_docx(request, pk):
    inspection = _documents(_inspection(request, pk))
    return _download(
        exporters.conclusion_docx(inspection), f"Kết luận kiểm tra {inspection.conclusion_number or inspection.pk}.docx"
    )


@declare("view", InspectionEvidence)
def evidence_download(request, pk):
    evidence = get_object_or_404(policy.scope(request.user, "view", InspectionEvidence.objects.all()), pk=pk)
    return filetypes.serve(evidence.file, filename=evidence.name)


@declare("view", RemedyEvidence)
def remedy_evidence_download(request, pk):
    evidence = get_object_or_404(policy.scope(request.user, "view", RemedyEvidence.objects.all()), pk=pk)
    return filetypes.serve(evidence.file, filename=evidence.name)


# --- the plan page's tab -------------------------------------------------------------------------------------
@declare("view", Plan)
def plan_tab(request, pk):
    """The inspections carried out under a PAPI plan (its inspection plans) and of its tasks."""
    plan = get_object_or_404(policy.scope(request.user, "view", Plan.objects.select_related("unit")), pk=pk)
    inspections = plan_rows(
        Inspection.objects.visible_to(request.user)
        .filter(Q(plan__papi_plan=plan) | Q(task__plan=plan))
        .select_related("theme", "inspected_unit")
    ).order_by("-year", "planned_month", "id")
    return render(
        request,
        "inspections/plan_tab.html",
        {
            "object": plan,
            "plan": plan,
            "inspections": inspections,
            "active_tab": "inspections",
            "extra_tabs": plan_tabs(plan),
            "history_url": reverse("plans:plan_history", args=[plan.pk]),
            "list_url": reverse("plans:plan_list"),
            "verbose_name_plural": Plan._meta.verbose_name_plural,
        },
    )
