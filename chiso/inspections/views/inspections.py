"""One inspection from its planning to its closing: decision, checklist, evidence, findings, conclusion."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.core.permissions import HISTORY, declare, policy

from .. import services
from ..forms import (
    ApproveForm,
    CloseForm,
    ConclusionForm,
    DecisionForm,
    EvidenceForm,
    FindingForm,
    InspectionForm,
    ReasonForm,
)
from ..models import Answer, Inspection, InspectionPlan, Remedy, RemedyReport, Timeliness
from ._common import S, _act, _conductor, _inspection, _press


@declare("add", Inspection)
def inspection_add(request):
    plan = None
    if request.GET.get("plan") or request.POST.get("plan"):
        plan = get_object_or_404(
            policy.scope(request.user, "change", InspectionPlan.objects.select_related("unit")),
            pk=request.GET.get("plan") or request.POST.get("plan"),
        )
    form = InspectionForm(request.POST or None, user=request.user, plan=plan)

    def run(data):
        inspection = form.save(commit=False)
        if plan is not None:
            inspection.plan, inspection.unit, inspection.kind = plan, plan.unit, Inspection.Kind.SCHEDULED
        return services.plan_inspection(inspection, actor=request.user)

    return _act(
        request,
        form,
        run,
        _("The inspection is planned."),
        lambda inspection: inspection.get_absolute_url(),
        heading=_("Plan an inspection in “%(plan)s”") % {"plan": plan}
        if plan
        else _("A surprise inspection, re-inspection or supervision visit"),
        button=_("Save"),
        cancel=plan.get_absolute_url() if plan else reverse("inspections:home"),
    )


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
        services.require_role_for_kind(user, inspection)
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
    return _act(
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
        _("The decision is recorded: the inspection is under way."),
        heading=_("Decision to inspect: %(name)s") % {"name": inspection},
        button=_("Save the decision"),
        obj=inspection,
    )


@declare("change", Inspection)
@require_POST
def inspection_checklist(request, pk):
    inspection = _inspection(request, pk, "change")
    answers = {}
    for answer in inspection.answers.all():
        if f"value-{answer.pk}" in request.POST:
            answers[answer.pk] = (request.POST.get(f"value-{answer.pk}", ""), request.POST.get(f"note-{answer.pk}", ""))
    return _press(
        request,
        lambda: services.answer_checklist(inspection, actor=request.user, answers=answers),
        _("Checklist saved."),
        inspection.get_absolute_url() + "#checklist",
    )


@declare("change", Inspection)
@require_POST
def inspection_evidence(request, pk):
    inspection = _inspection(request, pk, "change")
    form = EvidenceForm(request.POST, request.FILES)
    back = inspection.get_absolute_url() + "#evidence"
    if not form.is_valid():
        messages.error(request, _("Choose a file to add."))
        return HttpResponseRedirect(back)
    return _press(
        request,
        lambda: services.add_evidence(inspection, actor=request.user, upload=form.cleaned_data["file"]),
        _("Evidence added."),
        back,
    )


@declare("change", Inspection)
def finding_add(request, pk):
    inspection = _inspection(request, pk, "change")
    _conductor(request, inspection)
    initial = {"answer": request.GET.get("answer")} if request.GET.get("answer") else None
    return _act(
        request,
        FindingForm(request.POST or None, inspection=inspection, initial=initial),
        lambda d: services.record_finding(inspection, actor=request.user, **d),
        lambda finding: _("Finding %(n)s recorded. Now assign its remedy.") % {"n": finding.number},
        lambda finding: reverse("inspections:remedy_add", args=[finding.pk]),
        heading=_("A recommendation of the visit") if inspection.is_supervision else _("Record a finding"),
        button=_("Save"),
        obj=inspection,
    )


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
    return _act(
        request,
        form,
        lambda d: services.submit_conclusion(inspection, actor=request.user, **d),
        _("The conclusion is sent to the leader for approval."),
        heading=_("Conclusion of “%(name)s”") % {"name": inspection},
        button=_("Send for approval"),
        obj=inspection,
    )


@declare("approve", Inspection)
def inspection_approve(request, pk):
    inspection = _inspection(request, pk, "approve")
    return _act(
        request,
        ApproveForm(request.POST or None),
        lambda d: services.approve_conclusion(inspection, actor=request.user, **d),
        _("The conclusion is approved."),
        heading=_("Approve the conclusion of “%(name)s”") % {"name": inspection},
        intro=inspection.conclusion,
        button=_("Approve"),
        obj=inspection,
    )


@declare("approve", Inspection)
def inspection_return(request, pk):
    inspection = _inspection(request, pk, "approve")
    return _act(
        request,
        ReasonForm(request.POST or None),
        lambda d: services.return_conclusion(inspection, actor=request.user, **d),
        _("The conclusion is returned to the team."),
        heading=_("Return the conclusion"),
        button=_("Return"),
        obj=inspection,
    )


@declare("publish", Inspection)
@require_POST
def inspection_publish(request, pk):
    inspection = _inspection(request, pk, "publish")
    public = request.POST.get("public", "1") == "1"
    return _press(
        request,
        lambda: services.publish_conclusion(inspection, actor=request.user, public=public),
        _("The conclusion is published on the unit's portal.")
        if public
        else _("The conclusion is withdrawn from the portal."),
        inspection.get_absolute_url(),
    )


@declare("change", Inspection)
def inspection_close(request, pk):
    inspection = _inspection(request, pk, "change")
    _conductor(request, inspection)
    unresolved = Remedy.objects.filter(finding__inspection=inspection).unresolved().count()
    return _act(
        request,
        CloseForm(request.POST or None),
        lambda d: services.close_inspection(inspection, actor=request.user, **d),
        _("The inspection is closed."),
        heading=_("Close “%(name)s”") % {"name": inspection},
        intro=_("%(n)s remedies are not yet resolved; they stay tracked after closing.") % {"n": unresolved}
        if unresolved
        else "",
        button=_("Close the inspection"),
        obj=inspection,
    )
