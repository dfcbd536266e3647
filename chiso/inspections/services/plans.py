"""Inspection plans: drafted, sent for approval, issued."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.permissions import policy
from chiso.core.services import Guard, create_object, transition

from ..models import InspectionPlan
from ._common import document_number, inspecting_units


@transaction.atomic
def create_plan(plan, *, actor):
    policy.require_usable(actor, plan.unit, field="unit", among=inspecting_units(actor))
    if plan.papi_plan_id:
        policy.require_usable(actor, plan.papi_plan, field="papi_plan")
        if plan.papi_plan.unit_id != plan.unit_id:
            raise ValidationError({"papi_plan": _("Choose a PAPI plan of the same unit.")}, code="other_unit")
    plan.status = InspectionPlan.Status.DRAFT
    return create_object(plan, actor=actor)


def _require_inspections(plan):
    if not plan.inspections.exists():
        raise ValidationError(_("The plan has no inspections yet: add the planned inspections first."), code="empty")


_DRAFT = Guard(
    [InspectionPlan.Status.DRAFT],
    gettext_lazy("Only a draft inspection plan can be sent for approval."),
    code="not_draft",
)
_NOT_ISSUED = Guard(
    [InspectionPlan.Status.DRAFT, InspectionPlan.Status.SUBMITTED],
    gettext_lazy("This inspection plan has already been issued."),
    code="already_issued",
)


@transaction.atomic
def submit_plan(plan, *, actor):
    with transition(plan, actor=actor, event="inspectionplan.submitted", action="submit", guard=_DRAFT) as t:
        _require_inspections(t.obj)
        t.obj.status = InspectionPlan.Status.SUBMITTED
    return t.obj


@transaction.atomic
def issue_plan(plan, *, actor, code, issued_on):
    with transition(plan, actor=actor, event="inspectionplan.issued", action="issue", guard=_NOT_ISSUED) as t:
        code = document_number(code, issued_on, _("An issued plan needs its number and its issue date."))
        _require_inspections(t.obj)
        t.obj.status = InspectionPlan.Status.ISSUED
        t.obj.code, t.obj.issued_on, t.obj.approved_by = code, issued_on, actor
        t.data.update(code=code)
    return t.obj
