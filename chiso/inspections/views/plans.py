"""The inspections' home page, the inspection plans and the PAPI plan page's tab."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.core.permissions import HISTORY, declare, policy
from chiso.plans.extensions import plan_tab_frame
from chiso.plans.models import Plan

from .. import services
from ..forms import IssueForm, PlanForm
from ..models import Inspection, InspectionPlan
from ..rollup import plan_rows
from ._common import S, _act, _press


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


@declare("add", InspectionPlan)
def plan_add(request):
    form = PlanForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    return _act(
        request,
        form,
        lambda d: services.create_plan(form.save(commit=False), actor=request.user),
        _("Created the draft inspection plan. Now add its inspections."),
        lambda plan: plan.get_absolute_url(),
        heading=_("New inspection plan"),
        button=_("Save"),
        cancel=reverse("inspections:home"),
    )


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


@declare("submit", InspectionPlan)
@require_POST
def plan_submit(request, pk):
    plan = get_object_or_404(policy.scope(request.user, "view", InspectionPlan.objects.all()), pk=pk)
    return _press(
        request,
        lambda: services.submit_plan(plan, actor=request.user),
        _("Sent to the leader for approval."),
        plan.get_absolute_url(),
    )


@declare("issue", InspectionPlan)
def plan_issue(request, pk):
    plan = get_object_or_404(policy.scope(request.user, "issue", InspectionPlan.objects.all()), pk=pk)
    return _act(
        request,
        IssueForm(request.POST or None),
        lambda d: services.issue_plan(plan, actor=request.user, **d),
        _("The inspection plan is issued."),
        heading=_("Approve and issue “%(name)s”") % {"name": plan},
        button=_("Issue"),
        obj=plan,
    )


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
            **plan_tab_frame(plan, "inspections"),
            "inspections": inspections,
        },
    )
