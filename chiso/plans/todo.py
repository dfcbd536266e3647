"""The plans' lines of a person's to-do (``chiso.core.home.register_todo``): plans to issue under the parent's duty,
plans awaiting my approval, tasks of my agencies due or overdue. A fixed handful of queries whatever the rows."""

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core import workdays
from chiso.core.home import HORIZON_DAYS, Todo
from chiso.core.permissions import COORDINATOR, LEADER, policy
from chiso.units.models import AdministrativeUnit

from .models import Plan, Task, TaskAgency

LIMIT = 10


def plans_to_issue(user, today):
    """For each unit where ``user`` coordinates: the issued plans of the unit just above that this unit has not yet
    answered with an issued plan of its own, due ``child_deadline_days`` working days after theirs (seed 001:
    "chậm nhất 15 ngày làm việc")."""
    units = list(AdministrativeUnit.objects.filter(path__in=policy.unit_paths(user, {COORDINATOR})))
    by_parent = {u.parent_id: u for u in units if u.parent_id}
    if not by_parent:
        return []
    parents = list(
        Plan.objects.filter(
            unit_id__in=by_parent, status=Plan.Status.ISSUED, issued_on__isnull=False, year__gte=today.year - 1
        ).select_related("unit")
    )
    if not parents:
        return []
    own = {}
    for plan in Plan.objects.filter(unit__in=units, year__in={p.year for p in parents}).only(
        "pk", "unit_id", "year", "status", "parent_id"
    ):
        own.setdefault((plan.unit_id, plan.year), []).append(plan)
    cal = workdays.calendar()
    lines = []
    for parent in parents:
        unit = by_parent[parent.unit_id]
        mine = own.get((unit.pk, parent.year), [])
        if any(p.status in (Plan.Status.ISSUED, Plan.Status.CLOSED) for p in mine):
            continue
        draft = next((p for p in mine if p.parent_id == parent.pk), mine[0] if mine else None)
        lines.append(
            Todo(
                due_on=cal.add_working_days(parent.issued_on, parent.child_deadline_days),
                text=_("Issue the plan of %(unit)s implementing plan %(code)s of %(parent)s (%(n)s working days)")
                % {
                    "unit": unit.name,
                    "code": parent.code or parent.title,
                    "parent": parent.unit.name,
                    "n": parent.child_deadline_days,
                },
                url=draft.get_absolute_url() if draft else reverse("plans:plan_cascade", args=[parent.pk]),
                kind="plan.issue",
            )
        )
    return lines


def plans_to_approve(user, today):
    """Plans sent for approval to a leader of their unit (or above): due by the parent's deadline if any."""
    if not policy.unit_paths(user, {LEADER}):
        return []
    plans = (
        policy.scope(user, "issue", Plan.objects.filter(status=Plan.Status.SUBMITTED))
        .select_related("parent")
        .order_by("updated_at")[:LIMIT]
    )
    cal = workdays.calendar()
    lines = []
    for plan in plans:
        parent = plan.parent
        if parent is not None and parent.issued_on:
            due = cal.add_working_days(parent.issued_on, parent.child_deadline_days)
        else:
            due = timezone.localdate(plan.updated_at)
        lines.append(
            Todo(
                due_on=due,
                text=_("A plan awaits your approval: %(title)s") % {"title": plan.title},
                url=plan.get_absolute_url(),
                kind="plan.approve",
            )
        )
    return lines


def _open_tasks(today):
    """One-off leaf tasks of issued plans, not completed, due within the to-do's horizon or overdue."""
    return Task.objects.one_off().filter(
        plan__status=Plan.Status.ISSUED,
        completed_on__isnull=True,
        due_on__isnull=False,
        due_on__lte=today + dt.timedelta(days=HORIZON_DAYS),
        subtasks__isnull=True,
    )


def tasks_due(user, today):
    """One-off tasks led by an agency where ``user`` acts, in an issued plan, not completed, due soon or overdue.
    An upper plan's task that the unit's own plan carries out (a task implementing it, led by the same agency) is
    listed once, as the unit's own task."""
    agencies = policy.agency_ids(user, "progress")
    if not agencies:
        return []
    carried_out = Task.objects.filter(
        implements__isnull=False, agency_links__agency_id__in=agencies, agency_links__role=TaskAgency.Role.LEAD
    ).values("implements_id")
    tasks = (
        _open_tasks(today)
        .for_agencies(agencies, role=TaskAgency.Role.LEAD)
        .exclude(pk__in=carried_out)
        .order_by("due_on")[:LIMIT]
    )
    return [
        Todo(
            due_on=task.due_on, text=_("Task: %(task)s") % {"task": task}, url=task.get_absolute_url(), kind="task.due"
        )
        for task in tasks
    ]


def tasks_to_follow(user, today):
    """For the standing body (đầu mối tổng hợp) of a unit: its own plans' tasks led by other agencies, due soon or
    overdue, to follow up — the ward's office sees what the ward committee has to do by when."""
    paths = policy.unit_paths(user, {COORDINATOR})
    if not paths:
        return []
    mine = policy.agency_ids(user, "progress")
    led_by_me = TaskAgency.objects.filter(agency_id__in=mine, role=TaskAgency.Role.LEAD).values("task_id")
    tasks = (
        _open_tasks(today)
        .filter(plan__unit__path__in=paths)
        .exclude(pk__in=led_by_me)
        .prefetch_related(
            Prefetch(
                "agency_links",
                queryset=TaskAgency.objects.filter(role=TaskAgency.Role.LEAD).select_related("agency"),
                to_attr="leads",
            )
        )
        .order_by("due_on")[:LIMIT]
    )
    return [
        Todo(
            due_on=task.due_on,
            text=_("To follow up: task %(task)s (lead: %(lead)s)")
            % {"task": task, "lead": ", ".join(link.agency.name for link in task.leads) or "—"},
            url=task.get_absolute_url(),
            kind="task.follow",
        )
        for task in tasks
    ]


def lines(user, today):
    return [
        *plans_to_issue(user, today),
        *plans_to_approve(user, today),
        *tasks_due(user, today),
        *tasks_to_follow(user, today),
    ]
