"""The plan's own state changes: drafting, sending for approval, returning, issuing, amending, copying and
deriving a lower unit's plan. Each in one transaction with its audit entry."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.core.audit import record_created, snapshot
from chiso.core.permissions import policy
from chiso.core.services import Guard, create_object, transition, update_object
from chiso.lib import tree
from chiso.lib.copying import values_of
from chiso.units.models import Agency

from .. import notices
from ..models import Plan, PlanAmendment, Target, TaskAgency
from ..pilots import check_plan_pilots, prune_task_pilots
from ..targets import read_target
from .tasks import copy_task


def _snapshot_plan(plan):
    data = snapshot(plan)  # its "targets" (the lines, for the history) become the targets' own records
    data["tasks"] = [
        {**snapshot(task), "agencies": list(task.agency_links.values_list("agency_id", "role"))}
        for task in plan.tasks.all()
    ]
    data["targets"] = [snapshot(t) for t in plan.targets.all()]
    return data


def _require_editable(plan):
    if not plan.is_editable:
        raise ValidationError(
            _("An issued plan can only be changed through a recorded amendment."), code="not_editable"
        )


# --- what a write may name (the page's forms offer exactly these) ------------------------------------------
def plan_issuers(unit):
    """Who issues a unit's plan: its People's Committee."""
    return Agency.objects.filter(unit=unit, kind=Agency.Kind.COMMITTEE).select_related("unit")


def parent_plans(actor, unit):
    """The upper-level plans a unit's plan may implement: issued plans, visible to the actor, of a unit above."""
    above = unit.ancestors() if unit is not None else []
    return policy.scope(actor, "view", Plan.objects.issued()).filter(unit__in=list(above))


SUCCESSORS_NAMED = 6  # successors a refusal names before "…"


def unit_ended_for(unit, year) -> bool:
    """True when ``unit`` had ceased to exist before the year of the plan began: a legacy unit (last day
    30/6/2025) keeps its plans of 2025 and earlier — history, old documents imported — but has none from 2026."""
    return unit is not None and bool(year) and unit.ended_before(dt.date(int(year), 1, 1))


def require_unit_in_office(unit, year, *, field="unit") -> None:
    """Refuse a plan of ``year`` for a unit that no longer exists then, naming the units that took over."""
    if not unit_ended_for(unit, year):
        return
    successors = list(unit.current_successors()[: SUCCESSORS_NAMED + 1])
    names = ", ".join(u.name for u in successors[:SUCCESSORS_NAMED]) + (
        ", …" if len(successors) > SUCCESSORS_NAMED else ""
    )
    params = {"unit": unit.name, "date": f"{unit.valid_to + dt.timedelta(days=1):%d/%m/%Y}", "successors": names}
    if successors:
        message = _("%(unit)s ceased operating on %(date)s; please make the plan for its successor: %(successors)s.")
    else:
        message = _("%(unit)s ceased operating on %(date)s; please make the plan for the unit that took over its area.")
    raise ValidationError({field: ValidationError(message % params, code="unit_ended")})


def _check_plan_references(plan, *, actor, saved=None):
    """The issuer is the unit's committee; the upper-level plan is an issued plan of a unit above, which the
    actor may see. Unchanged references of a saved plan are not checked again."""
    if plan.issuer_id and (saved is None or saved.issuer_id != plan.issuer_id or saved.unit_id != plan.unit_id):
        policy.require_usable(actor, plan.issuer, field="issuer", among=plan_issuers(plan.unit))
    if plan.parent_id and (saved is None or saved.parent_id != plan.parent_id or saved.unit_id != plan.unit_id):
        policy.require_usable(actor, plan.parent, field="parent", among=parent_plans(actor, plan.unit))


def _check_pilots(plan, m2m_form):
    """The pilot localities the form chose are communes or villages below the plan's unit."""
    if m2m_form is not None and m2m_form.cleaned_data.get("pilot_units") is not None:
        check_plan_pilots(plan, m2m_form.cleaned_data["pilot_units"])


def create_plan(plan, *, actor, m2m_form=None, targets_text=None):
    """Save a new draft plan after checking what it names (its unit, still in office in the plan's year; the
    issuer, upper-level plan, pilot localities), with its targets (``targets_text``, :func:`set_plan_targets`)."""
    require_unit_in_office(plan.unit, plan.year)
    _check_plan_references(plan, actor=actor)
    _check_pilots(plan, m2m_form)
    return create_object(plan, actor=actor, m2m_form=m2m_form, related=_targets(targets_text))


def _targets(text):
    """The plan's targets set from ``text`` inside the edit's own audit entry (None: left as they are)."""
    return None if text is None else (lambda plan: set_plan_targets(plan, text))


def set_plan_targets(plan, text):
    """The plan's targets, one a line as typed ("Vào nhóm 50 xã, phường đứng đầu tỉnh"), each read by
    ``targets.read_target``: new lines added, removed lines deleted (the plan page and the API)."""
    wanted = [line.strip() for line in (text or "").splitlines() if line.strip()]
    existing = {t.text: t for t in plan.targets.all()}
    for line in wanted:
        if line not in existing:
            target = read_target(line)
            Target.objects.create(plan=plan, text=line, kind=target.kind, value=target.stored_value)
    plan.targets.exclude(text__in=wanted).delete()


def update_plan(plan, *, actor, loaded_version=None, m2m_form=None, targets_text=None):
    """Save edits of a draft plan (issued plans change only through ``amend_plan``), its targets too when
    ``targets_text`` is given (in the same history entry). A pilot locality removed from the plan leaves its tasks
    too; ``plan.tasks_losing_pilots`` on the returned plan says how many tasks."""
    current = Plan.objects.get(pk=plan.pk)
    _require_editable(current)
    if plan.unit_id != current.unit_id or plan.year != current.year:
        require_unit_in_office(plan.unit, plan.year)
    _check_plan_references(plan, actor=actor, saved=current)
    _check_pilots(plan, m2m_form)
    with transaction.atomic():
        plan = update_object(
            plan, actor=actor, loaded_version=loaded_version, m2m_form=m2m_form, related=_targets(targets_text)
        )
        plan.tasks_losing_pilots = prune_task_pilots(plan, actor)
    return plan


_DRAFT = Guard(Plan.can_be_submitted, gettext_lazy("Only a draft plan can be sent for approval."), code="not_draft")


@transaction.atomic
def submit_plan(plan, *, actor):
    """The standing body sends the draft to the leader for approval."""
    with transition(plan, actor=actor, event="plan.submitted", action="submit", guard=_DRAFT, fields=["status"]) as t:
        _require_tasks(t.obj)
        t.obj.status = Plan.Status.SUBMITTED
    plan = t.obj
    transaction.on_commit(lambda: notices.plan_submitted(plan))
    return plan


def _require_tasks(plan):
    if not plan.tasks.exists():
        raise ValidationError(_("The plan has no tasks yet."), code="no_tasks")


_SUBMITTED = Guard(
    [Plan.Status.SUBMITTED], gettext_lazy("Only a plan awaiting approval can be returned."), code="not_submitted"
)


@transaction.atomic
def return_plan(plan, *, actor, reason):
    """The leader sends a submitted plan back to draft with a reason."""
    with transition(plan, actor=actor, event="plan.returned", action="issue", guard=_SUBMITTED, fields=["status"]) as t:
        t.obj.status = Plan.Status.DRAFT
        t.data["reason"] = reason[:500]
    plan = t.obj
    transaction.on_commit(lambda: notices.plan_returned(plan, reason=reason))
    return plan


_NOT_ISSUED = Guard(Plan.can_be_issued, gettext_lazy("This plan has already been issued."), code="already_issued")


@transaction.atomic
def issue_plan(plan, *, actor, code, issued_on):
    """The leader approves and issues the plan under its number and date; from then on it is read-only."""
    fields = ["code", "issued_on", "status", "approved_by", "approved_at"]
    with transition(plan, actor=actor, event="plan.issued", action="issue", guard=_NOT_ISSUED, fields=fields) as t:
        plan = t.obj
        if not code or not issued_on:
            raise ValidationError(_("An issued plan needs its number and its issue date."), code="missing_number")
        _require_tasks(plan)
        clash = Plan.objects.filter(unit=plan.unit, year=plan.year, code=code).exclude(pk=plan.pk)
        if clash.exists():
            raise ValidationError(
                _("Another plan of this unit already has number %(code)s.") % {"code": code}, code="duplicate_number"
            )
        plan.code, plan.issued_on = code, issued_on
        plan.status = Plan.Status.ISSUED
        plan.approved_by, plan.approved_at = actor, timezone.now()
        t.data.update(code=code, issued_on=issued_on)
    transaction.on_commit(lambda: notices.plan_issued(plan))
    return plan


_ISSUED = Guard(Plan.can_be_amended, gettext_lazy("Only an issued plan can be amended."), code="not_issued")


@transaction.atomic
def amend_plan(plan, *, actor, reason):
    """Reopen an issued plan for a recorded amendment: the version before it is kept whole."""
    fields = ["status", "amendment_count"]
    with transition(plan, actor=actor, event="plan.amended", action="amend", guard=_ISSUED, fields=fields) as t:
        plan = t.obj
        if not reason.strip():
            raise ValidationError(_("Give the reason for the amendment."), code="no_reason")
        number = plan.amendment_count + 1
        PlanAmendment.objects.create(
            plan=plan, number=number, reason=reason, actor=actor, snapshot=_snapshot_plan(plan)
        )
        plan.status = Plan.Status.DRAFT
        plan.amendment_count = number
        t.data.update(number=number, reason=reason)
    return plan


# What this year's plan keeps of last year's as it is (its year, title, parent and legal basis change).
_PLAN_KEPT = "unit issuer place purposes body implementation child_deadline_days signer_name signer_title recipients"


@transaction.atomic
def copy_plan(source, *, actor, year):
    """Start this year's plan from last year's: a draft with the same targets and tasks, dates moved."""
    policy.require(actor, "view", source)
    policy.require(actor, "add", Plan, unit=source.unit)
    require_unit_in_office(source.unit, year, field="year")
    shift = year - source.year
    title = source.title.replace(str(source.year), str(year))
    plan = Plan.objects.create(**values_of(source, _PLAN_KEPT), parent=None, year=year, title=title, basis=[])
    plan.pilot_units.set(source.pilot_units.all())
    for target in source.targets.all():
        plan.targets.create(text=target.text, kind=target.kind, value=target.value, dimension=target.dimension)
    groups = {}
    for task in source.tasks.filter(group__isnull=True).order_by("position", "id"):
        groups[task.pk] = copy_task(task, plan=plan, actor=actor, shift_years=shift)
    for task in source.tasks.filter(group__isnull=False).order_by("position", "id"):
        copy_task(task, plan=plan, actor=actor, group=groups.get(task.group_id), shift_years=shift)
    record_created(plan, actor, event="plan.copied", data={"source": str(source), "source_id": source.pk})
    return plan


def tasks_addressed_to(parent_plan, unit):
    """Tasks of ``parent_plan`` in which an agency of ``unit`` (or below it) leads or coordinates."""

    in_unit = tree.subtree_q([unit.path], "agency_links__agency__unit")
    return parent_plan.tasks.filter(in_unit).distinct().order_by("position", "id")


@transaction.atomic
def create_plan_from_parent(parent_plan, *, actor, unit, title=""):
    """A lower unit's draft plan made of the parent plan's tasks addressed to it ("UBND xã, phường" → each
    commune's committee). Each task points to the parent task it carries out, so progress rolls up."""
    policy.require(actor, "view", parent_plan)
    policy.require(actor, "add", Plan, unit=unit)
    if parent_plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Only an issued plan can be carried out by the units below."), code="not_issued")
    if not parent_plan.unit.is_ancestor_of(unit) or parent_plan.unit_id == unit.pk:
        raise ValidationError(_("The unit is not below the unit of the upper-level plan."), code="not_below")
    require_unit_in_office(unit, parent_plan.year)
    committee = unit.agencies.filter(kind="committee").first()
    plan = Plan.objects.create(
        unit=unit,
        issuer=committee,
        parent=parent_plan,
        year=parent_plan.year,
        title=title
        or _("Plan to improve the PAPI index of %(unit)s in %(year)s") % {"unit": unit.name, "year": parent_plan.year},
        basis=[
            {
                "kind": "Kế hoạch",
                "code": parent_plan.code,
                "issued_on": parent_plan.issued_on.isoformat() if parent_plan.issued_on else None,
                "issuer": str(parent_plan.issuer or parent_plan.unit),
            }
        ],
        child_deadline_days=parent_plan.child_deadline_days,
    )
    for task in tasks_addressed_to(parent_plan, unit):
        links = [
            (link.agency_id, link.role)
            for link in task.agency_links.select_related("agency__unit")
            if tree.is_within(link.agency.unit.path, unit.path)
        ]
        if committee and not any(role == TaskAgency.Role.LEAD for _a, role in links):
            links.append((committee.pk, TaskAgency.Role.LEAD))
        copy_task(task, plan=plan, actor=actor, implements=task, agencies=links)
    record_created(
        plan, actor, event="plan.created_from_parent", data={"parent": str(parent_plan), "parent_id": parent_plan.pk}
    )
    return plan
