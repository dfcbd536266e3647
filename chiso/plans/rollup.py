"""The read models of a plan: progress roll-ups (by group, by PAPI dimension, by lead agency; pure Python over
prefetched rows), the task table, the PAPI coverage tree and the lower units' plans (the cascade). Pages, the API and
the public portal all read them from here.

Percent rolls up as the weighted mean of one-off activities (weights default to 1); ongoing activities
("Thường xuyên") have no percent and are counted apart: their progress is what was done in each period.
"""

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.core import workdays
from chiso.indices.models import Dimension
from chiso.units.models import AdministrativeUnit, Agency

from .models import Plan, Task, TaskAgency


@dataclass
class Tally:
    label: str
    key: object = None
    total: int = 0
    ongoing: int = 0
    statuses: dict = field(default_factory=dict)
    weight: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)

    def add(self, task, status):
        self.total += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if task.is_ongoing:
            self.ongoing += 1
            return
        self.weight += task.weight
        self.weighted += task.weight * task.percent

    @property
    def percent(self):
        return round(self.weighted / self.weight) if self.weight else None

    @property
    def overdue(self):
        return self.statuses.get(Task.Status.OVERDUE, 0)

    @property
    def done(self):
        return self.statuses.get(Task.Status.DONE_ON_TIME, 0) + self.statuses.get(Task.Status.DONE_LATE, 0)


def plan_rollup(tasks, today: dt.date | None = None):
    """``tasks``: the plan's tasks with ``agency_links__agency`` and ``dimensions`` prefetched."""
    today = today or timezone.localdate()
    tasks = list(tasks)
    has_children = {t.group_id for t in tasks if t.group_id}
    activities = [t for t in tasks if t.pk not in has_children]
    overall = Tally(label="")
    by_dimension: dict = OrderedDict()
    by_agency: dict = OrderedDict()
    by_group: dict = {}
    statuses = {}
    for task in activities:
        status = task.status_on(today)
        statuses[task.pk] = status
        overall.add(task, status)
        dims = list(task.dimensions.all()) or [None]
        for dim in dims:
            key = dim.pk if dim else None
            tally = by_dimension.setdefault(key, Tally(label=str(dim) if dim else "", key=dim))
            tally.add(task, status)
        for link in task.agency_links.all():
            if link.role == TaskAgency.Role.LEAD:
                tally = by_agency.setdefault(link.agency_id, Tally(label=link.agency.name, key=link.agency))
                tally.add(task, status)
        if task.group_id:
            by_group.setdefault(task.group_id, Tally(label="")).add(task, status)
    dimension_rows = sorted(by_dimension.values(), key=lambda t: (t.key is None, getattr(t.key, "order", 0)))
    agency_rows = sorted(by_agency.values(), key=lambda t: t.label)
    return {
        "overall": overall,
        "by_dimension": dimension_rows,
        "by_agency": agency_rows,
        "by_group": by_group,
        "statuses": statuses,
        "activities": activities,
        "tasks": tasks,
    }


def dimension_rollup(tasks, today: dt.date | None = None):
    """Progress by PAPI dimension over many plans at once (a province and everything below it), in one SQL
    aggregate rather than row by row: activities, ongoing, overdue, completed, weighted percent of one-off tasks.
    ``tasks`` is a Task queryset (already scoped)."""
    today = today or timezone.localdate()
    activities = tasks.exclude(Exists(Task.objects.filter(group=OuterRef("pk")))).with_status(today)
    one_off = ~Q(timeframe_kind="ongoing")
    weighted = ExpressionWrapper(F("weight") * F("percent"), output_field=DecimalField(max_digits=12, decimal_places=2))
    rows = (
        activities.values("dimensions__code", "dimensions__name_vi", "dimensions__order")
        .annotate(
            total=Count("id"),
            ongoing=Count("id", filter=~one_off),
            overdue=Count("id", filter=Q(status_code="overdue")),
            done=Count("id", filter=Q(status_code__in=["done_on_time", "done_late"])),
            weight_sum=Sum("weight", filter=one_off),
            weighted_sum=Sum(weighted, filter=one_off),
        )
        .order_by("dimensions__order")
    )
    result = []
    for row in rows:
        weight = row["weight_sum"] or 0
        result.append(
            {
                "code": row["dimensions__code"],
                "name": row["dimensions__name_vi"],
                "total": row["total"],
                "ongoing": row["ongoing"],
                "overdue": row["overdue"],
                "done": row["done"],
                "percent": round(row["weighted_sum"] / weight) if weight else None,
            }
        )
    return result


# --- the task table -------------------------------------------------------------------------------------------
# The columns the task table and the roll-up read: loading only these keeps a 150-row plan page fast.
TABLE_TASK_FIELDS = (
    "id",
    "plan_id",
    "group_id",
    "number",
    "position",
    "title",
    "activity",
    "timeframe_kind",
    "timeframe_text",
    "start_on",
    "due_on",
    "weight",
    "percent",
    "completed_on",
    "last_progress_on",
)


def agency_names(links, role, communes):
    """The names of a task's agencies in ``role``; the committees of all the communes below the plan's unit are one
    entry, "UBND các xã, phường (10)", as plans write it (issue 14), not ten names."""
    chosen = [link.agency for link in links if link.role == role]
    if len(communes) > 1 and communes <= {a.pk for a in chosen}:
        rest = [a.name for a in chosen if a.pk not in communes]
        return [str(_("People's Committees of all the communes (%(n)s)") % {"n": len(communes)}), *rest]
    return [a.name for a in chosen]


def task_table(plan, shown=None):
    """Rows of the task table, each prepared once (names, codes, url, status), and the plan's roll-ups."""
    tasks = (
        plan.tasks.only(*TABLE_TASK_FIELDS)
        .prefetch_related(
            Prefetch(
                "agency_links",
                queryset=TaskAgency.objects.select_related("agency")
                .only("id", "task_id", "role", "agency__id", "agency__name")
                .order_by("role", "id"),
            ),
            Prefetch("dimensions", queryset=Dimension.objects.only("id", "code", "order", "name_vi", "name_en")),
            Prefetch("pilot_units", queryset=AdministrativeUnit.objects.only("id", "name")),
        )
        .order_by("position", "id")
    )
    rollup = plan_rollup(tasks)
    communes = set(Agency.objects.active().commune_committees(plan.unit).values_list("pk", flat=True))
    task_url = reverse("plans:task_detail", args=[0]).replace("/0/", "/{}/")
    rows = []
    for task in rollup["tasks"]:
        if shown is not None and task.pk not in shown:
            continue
        links = task.agency_links.all()
        rows.append(
            {
                "task": task,
                "url": task_url.format(task.pk),
                "status": rollup["statuses"].get(task.pk),
                "group_tally": rollup["by_group"].get(task.pk),
                "lead": agency_names(links, TaskAgency.Role.LEAD, communes),
                "coordinating": agency_names(links, TaskAgency.Role.COORDINATING, communes),
                "dimensions": [d.code for d in task.dimensions.all()],
                "pilots": [u.name for u in task.pilot_units.all()],
            }
        )
    return {"rows": rows, "rollup": rollup}


# --- the PAPI coverage ----------------------------------------------------------------------------------------
def coverage_tree(plan):
    """The framework of the plan's year with the plan's tasks on each dimension, sub-dimension and indicator."""
    dims = Dimension.objects.filter(index__code="PAPI").prefetch_related("subdimensions__indicators", "indicators")
    tasks = plan.tasks.prefetch_related("dimensions", "subdimensions", "indicators")
    by_dim, by_sub, by_ind = {}, {}, {}
    for task in tasks:
        for d in task.dimensions.all():
            by_dim.setdefault(d.pk, []).append(task)
        for s in task.subdimensions.all():
            by_sub.setdefault(s.pk, []).append(task)
        for i in task.indicators.all():
            by_ind.setdefault(i.pk, []).append(task)
    tree = []
    for d in dims:
        if not d.is_scored_in(plan.year):
            continue
        subs = [
            {
                "sub": s,
                "tasks": by_sub.get(s.pk, []),
                "indicators": [{"indicator": i, "tasks": by_ind.get(i.pk, [])} for i in s.indicators.all()],
            }
            for s in d.subdimensions.all()
            if s.is_scored_in(plan.year)
        ]
        tree.append({"dimension": d, "tasks": by_dim.get(d.pk, []), "subs": subs})
    return tree


# --- the lower units' plans -----------------------------------------------------------------------------------
class CascadeState(models.TextChoices):
    """Where a unit directly below stands with its own plan for the year."""

    ON_TIME = "on_time", _("Issued on time")
    LATE = "late", _("Issued late")
    PENDING = "pending", _("Drafting, within the deadline")
    OVERDUE = "overdue", _("Not issued, past the deadline")
    MISSING = "missing", _("No plan yet")
    MISSING_OVERDUE = "missing_overdue", _("No plan, past the deadline")


def child_deadline(plan):
    """The day the units below must have issued their own plans (working days after this one's issue)."""
    if plan.issued_on is None:
        return None
    return workdays.add_working_days(plan.issued_on, plan.child_deadline_days)


def cascade_rows(plan, today=None):
    """For each unit directly below the plan's unit: every plan it has for the year (a unit may issue two: its
    PAPI plan and a propaganda plan, say), each with its state and the working days it is late, and the unit's own
    state (that of the plan implementing this one, else its latest issued one)."""
    today = today or timezone.localdate()
    deadline = child_deadline(plan)
    cal = workdays.calendar()
    children = list(plan.unit.children.exclude(level="village").order_by("name"))
    by_unit = {}
    for child_plan in Plan.objects.filter(unit__in=children, year=plan.year).order_by("issued_on", "pk"):
        by_unit.setdefault(child_plan.unit_id, []).append(child_plan)

    def state_of(child_plan):
        if child_plan.status in (Plan.Status.ISSUED, Plan.Status.CLOSED) and child_plan.issued_on:
            if deadline is None or child_plan.issued_on <= deadline:
                return CascadeState.ON_TIME, 0
            return CascadeState.LATE, cal.working_days_between(deadline, child_plan.issued_on)
        if deadline is not None and today > deadline:
            return CascadeState.OVERDUE, cal.working_days_between(deadline, today)
        return CascadeState.PENDING, 0

    rows = []
    for unit in children:
        plans = sorted(by_unit.get(unit.pk, []), key=lambda p: (p.parent_id != plan.pk, p.issued_on is None))
        entries = []
        for child_plan in plans:
            state, late = state_of(child_plan)
            entries.append({"plan": child_plan, "state": state.value, "days_late": late})
        if entries:
            main = entries[0]
            state, late = main["state"], main["days_late"]
        elif deadline is not None and today > deadline:
            state, late = CascadeState.MISSING_OVERDUE.value, cal.working_days_between(deadline, today)
        else:
            state, late = CascadeState.MISSING.value, 0
        rows.append(
            {
                "unit": unit,
                "plan": entries[0]["plan"] if entries else None,
                "plans": entries,
                "state": state,
                "days_late": late,
            }
        )
    return deadline, rows
