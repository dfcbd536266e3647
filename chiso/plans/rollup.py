"""Progress roll-ups of a plan: by group, by PAPI dimension, by lead agency. Pure Python over prefetched rows.

Percent rolls up as the weighted mean of one-off activities (weights default to 1); ongoing activities
("Thường xuyên") have no percent and are counted apart: their progress is what was done in each period.
"""

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from .models import Task, TaskAgency


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
    today = today or dt.date.today()
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
    from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum

    today = today or dt.date.today()
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
