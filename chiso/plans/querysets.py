"""Table reads for plans and tasks (STYLE rule 2)."""

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from chiso.core.permissions import policy
from chiso.lib import tree


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user, action="view"):

        return policy.scope(user, action, self)

    def issued(self):
        return self.filter(status__in=["issued", "closed"])

    def for_unit(self, unit, descendants=False):
        if descendants:
            return self.filter(tree.subtree_q([unit.path], "unit"))
        return self.filter(unit=unit)


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user, action="view"):

        return policy.scope(user, action, self)

    def for_agencies(self, agencies, role=None):
        """Tasks where any of ``agencies`` leads or coordinates (or only ``role``)."""
        condition = Q(agency_links__agency__in=agencies)
        if role:
            condition &= Q(agency_links__role=role)
        return self.filter(condition).distinct()

    def activities(self):
        """Rows that carry work (not group headings that only have sub-tasks)."""
        return self.filter(subtasks__isnull=True)

    def one_off(self):
        return self.exclude(timeframe_kind="ongoing")

    def ongoing(self):
        return self.filter(timeframe_kind="ongoing")

    def with_status(self, today: dt.date | None = None):
        """Annotate ``status_code``: the same derivation as ``Task.status_on`` in SQL, for filters and counts."""
        today = today or timezone.localdate()
        return self.annotate(
            status_code=Case(
                When(timeframe_kind="ongoing", then=Value("ongoing")),
                When(
                    completed_on__isnull=False,
                    due_on__isnull=False,
                    completed_on__gt=models.F("due_on"),
                    then=Value("done_late"),
                ),
                When(completed_on__isnull=False, then=Value("done_on_time")),
                When(due_on__lt=today, then=Value("overdue")),
                When(last_progress_on__isnull=True, then=Value("not_started")),
                default=Value("on_track"),
                output_field=models.CharField(),
            )
        )

    def with_status_code(self, code, today=None):
        return self.with_status(today).filter(status_code=code)

    def overdue(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.one_off().filter(completed_on__isnull=True, due_on__lt=on)

    def due_soon(self, on: dt.date | None = None, days: int = 14):
        on = on or timezone.localdate()
        return self.one_off().filter(completed_on__isnull=True, due_on__gte=on, due_on__lte=on + dt.timedelta(days))


class ProgressUpdateQuerySet(models.QuerySet):
    def visible_to(self, user, action="view"):

        return policy.scope(user, action, self)

    def within(self, start: dt.date, end: dt.date):
        return self.filter(reported_on__gte=start, reported_on__lte=end)
