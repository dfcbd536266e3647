"""Table reads for units and agencies (STYLE rule 2: reads are QuerySet methods)."""

import datetime as dt

from django.db import models
from django.db.models import Q

from chiso.core.permissions import policy
from chiso.lib import tree
from chiso.lib.text import fold


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit, include_self=True):
        """Every unit below ``unit`` (one indexed prefix scan on ``path``)."""
        return self.filter(tree.subtree_q([unit.path], include_self=include_self))

    def valid_on(self, day: dt.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def legacy(self):
        return self.filter(era="legacy")

    def current(self):
        return self.filter(era="current")

    def provinces(self):
        return self.filter(level="province")

    def search(self, text: str):
        """Accent-insensitive: "bach sam" finds "Phường Bạch Sam"; every word must appear."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(name_folded__contains=word)
        return qs

    def visible_to(self, user, action="view"):

        return policy.scope(user, action, self)


class AgencyQuerySet(models.QuerySet):
    def for_unit(self, unit, descendants=False):
        if descendants:
            return self.filter(tree.subtree_q([unit.path], "unit"))
        return self.filter(unit=unit)

    def search(self, text: str):
        qs = self
        for word in fold(text).split():
            qs = qs.filter(name_folded__contains=word)
        return qs

    def active(self):
        return self.filter(is_active=True)

    def commune_committees(self, unit):
        """The committees of the communes below ``unit``: what plans mean by "UBND các xã, phường"."""
        below = tree.subtree_q([unit.path], "unit", include_self=False)
        return self.filter(below, kind="committee", unit__level="commune").order_by("unit__path")

    def visible_to(self, user, action="view"):

        return policy.scope(user, action, self)
