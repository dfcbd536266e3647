"""The versions the plans' cached pages depend on (``core.personcache``), and what bumps them.

- ``plan:<id>``: the plan page, its cascade and its coverage roll-up. Bumped when the plan, one of its tasks (with
  their agencies, PAPI tags, pilot localities, progress updates and evidence), targets, amendments or indicator
  responsibilities change; a lower plan's change also bumps the plan it implements (its cascade row).
- ``plan-list``: the plans API's list (plans, their targets, pilot localities, task and amendment counts).
- ``agency-tasks:<id>``: "my tasks" of the people of an agency. Bumped for every agency named on a task of a
  plan that changed (a plan issued, a task or its progress changed), and for an agency linked or unlinked.

Apps above this one bump ``plan:<id>`` for what they add to the plan page (a reporting schedule) with
:func:`plan_changed`. Statuses that move with the date are handled by the day in every key.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed

from chiso.core import personcache

from .models import Evidence, Plan, PlanAmendment, ProgressUpdate, Responsibility, Target, Task, TaskAgency


def plan_names(plan_id) -> list[str]:
    return [f"plan:{plan_id}"]


def list_names(request, **kwargs):
    """The plans API's list (not a plan's own answers: they are few and some are files)."""
    return None if kwargs else ["plan-list"]


def agency_names(agency_ids) -> list[str]:
    return [f"agency-tasks:{pk}" for pk in sorted(set(agency_ids))]


def plan_changed(plan_id, *, agencies=()) -> None:
    """Bump the plan, the plan it implements and the agencies of its tasks (now and when the transaction commits,
    when the rows it reads are committed)."""
    if plan_id is None:
        return
    _bump_plan(plan_id, agencies)
    transaction.on_commit(lambda: _bump_plan(plan_id, agencies))


def _bump_plan(plan_id, agencies) -> None:
    parent = Plan.objects.filter(pk=plan_id).values_list("parent_id", flat=True).first()
    linked = TaskAgency.objects.filter(task__plan_id=plan_id).values_list("agency_id", flat=True).distinct()
    names = plan_names(plan_id) + agency_names([*linked, *agencies])
    if parent is not None:
        names += plan_names(parent)
    personcache.bump_now(*names)


def _plan_saved(instance, **_kwargs):
    plan_changed(instance.pk)
    personcache.bump("plan-list")
    if instance.parent_id:
        personcache.bump(*plan_names(instance.parent_id))


def _task_saved(instance, **_kwargs):
    plan_changed(instance.plan_id)
    personcache.bump("plan-list")  # its task count


def _link_saved(instance, **_kwargs):
    plan_id = Task.objects.filter(pk=instance.task_id).values_list("plan_id", flat=True).first()
    plan_changed(plan_id, agencies=[instance.agency_id])


def _update_saved(instance, **_kwargs):
    plan_changed(Task.objects.filter(pk=instance.task_id).values_list("plan_id", flat=True).first())


def _evidence_saved(instance, **_kwargs):
    plan_id = ProgressUpdate.objects.filter(pk=instance.update_id).values_list("task__plan_id", flat=True).first()
    plan_changed(plan_id)


def _part_of_plan_saved(instance, **_kwargs):
    plan_changed(instance.plan_id)
    personcache.bump("plan-list")  # its targets, its amendments' count


def _task_tags_changed(instance, action, model, pk_set, **_kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Task):
        plan_changed(instance.plan_id)
    else:  # from the other side (a dimension's tasks): the tasks named
        for plan_id in Task.objects.filter(pk__in=pk_set or ()).values_list("plan_id", flat=True).distinct():
            plan_changed(plan_id)


def _plan_pilots_changed(instance, action, **_kwargs):
    if action.startswith("post_") and isinstance(instance, Plan):
        plan_changed(instance.pk)
        personcache.bump("plan-list")


def connect() -> None:
    """Wire the bumps (``PlansConfig.ready``)."""
    handlers = [
        (Plan, _plan_saved),
        (Task, _task_saved),
        (TaskAgency, _link_saved),
        (ProgressUpdate, _update_saved),
        (Evidence, _evidence_saved),
        (Target, _part_of_plan_saved),
        (PlanAmendment, _part_of_plan_saved),
        (Responsibility, _part_of_plan_saved),
    ]
    for model, handler in handlers:
        personcache.watch(model, handler, "plans")
    for field in ("dimensions", "subdimensions", "indicators", "pilot_units"):
        through = getattr(Task, field).through
        m2m_changed.connect(_task_tags_changed, sender=through, dispatch_uid=f"pageversions-task-{field}")
    m2m_changed.connect(_plan_pilots_changed, sender=Plan.pilot_units.through, dispatch_uid="pageversions-pilots")
    coordinating = Responsibility.coordinating.through
    m2m_changed.connect(_responsibility_m2m, sender=coordinating, dispatch_uid="pageversions-responsibility")


def _responsibility_m2m(instance, action, **_kwargs):
    if action.startswith("post_") and isinstance(instance, Responsibility):
        plan_changed(instance.plan_id)
