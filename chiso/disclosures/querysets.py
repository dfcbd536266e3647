"""Table reads of disclosures (STYLE rule 2)."""

import datetime as dt

from django.db import models
from django.db.models import Q

from chiso.core.permissions import policy
from chiso.lib import tree


class _Scoped(models.QuerySet):
    def visible_to(self, user, action="view"):
        return policy.scope(user, action, self)


class DutyQuerySet(_Scoped):
    def for_unit(self, unit, descendants=False):
        if descendants:
            return self.filter(tree.subtree_q([unit.path], "unit"))
        return self.filter(unit=unit)

    def due_between(self, start: dt.date, end: dt.date):
        return self.filter(due_on__gte=start, due_on__lte=end)


class PostingQuerySet(_Scoped):
    def confirmed(self):
        return self.filter(status="confirmed")


class PlaceQuerySet(_Scoped):
    def confirmed(self):
        return self.filter(posting__status="confirmed")

    def current(self, today: dt.date):
        """Places of confirmed postings that are up today: what a citizen can see on the board."""
        return (
            self.confirmed().filter(posted_from__lte=today).filter(Q(posted_to__isnull=True) | Q(posted_to__gte=today))
        )

    def for_unit(self, unit):
        return self.filter(posting__duty__unit=unit)
