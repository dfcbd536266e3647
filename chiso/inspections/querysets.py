"""Reads of inspections, their plans and remedies (STYLE rule 2)."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from chiso.core.permissions import policy
from chiso.lib import tree


class InspectionPlanQuerySet(models.QuerySet):
    def visible_to(self, user, action="view"):
        return policy.scope(user, action, self)


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user, action="view"):
        return policy.scope(user, action, self)

    def concerning(self, unit):
        """Inspections held by ``unit`` or its lower levels, or of a unit in its subtree."""
        return self.filter(tree.subtree_q([unit.path], "unit") | tree.subtree_q([unit.path], "inspected_unit"))

    def within(self, start: dt.date, end: dt.date):
        """Held (started, else decided) between ``start`` and ``end``; planned ones by their planned month."""
        held = Q(start_on__gte=start, start_on__lte=end) | Q(
            start_on__isnull=True, decision_date__gte=start, decision_date__lte=end
        )
        return self.filter(held)

    def published(self):
        return self.filter(is_public=True, status__in=["concluded", "closed"])


class RemedyQuerySet(models.QuerySet):
    def visible_to(self, user, action="view"):
        return policy.scope(user, action, self)

    def unresolved(self):
        return self.filter(status__in=["open", "reopened", "reported"])

    def overdue(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(status__in=["open", "reopened"], due_on__lt=on)
