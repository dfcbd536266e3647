"""Table reads for units and agencies (STYLE rule 2: reads are QuerySet methods)."""

import datetime as dt

from django.db import models
from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.functions import Concat
from django.db.models.lookups import Contains

from chiso.core.permissions import policy
from chiso.lib import tree
from chiso.lib.text import fold


def match_rank(words: list[str], field: str = "name_folded"):
    """0 when the folded name holds the typed words as a phrase ("hung yen" in "tinh hung yen"), 1 when it holds
    each as a whole word ("xa yen hung"), 2 when some are only fragments ("xa hung nguyen": "yen" in "nguyen").
    Names are padded with spaces so the first and last words count; plain LIKEs, the same on SQLite and
    PostgreSQL, in the one query that filters."""
    if not words:
        return Value(0, output_field=IntegerField())
    padded = Concat(Value(" "), F(field), Value(" "), output_field=CharField())

    def holds(part: str):
        return Contains(padded, Value(f" {part} "))

    whole = [holds(word) for word in words]
    return Case(
        When(holds(" ".join(words)), then=Value(0)),
        When(Q(*whole), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


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
        """Accent-insensitive: "bach sam" finds "Phường Bạch Sam"; every word must appear, whole or as a fragment
        ("nguy" finds "Hưng Nguyên"). Each row gets ``match_rank`` (:func:`match_rank`) to order by. Digits are
        also an official code ("12130", "747"): the unit so coded, exactly (never by database id), comes before
        every name that merely holds them (``match_rank`` -1). The one rule of the unit list, the API's ``q`` and
        the pickers."""
        text = (text or "").strip()
        words = fold(text).split()
        by_name = Q(*(Q(name_folded__contains=word) for word in words))
        rank = match_rank(words)
        if not text.isdigit():
            return self.filter(by_name).annotate(match_rank=rank)
        coded = Q(code=text)
        return self.filter(coded | by_name).annotate(
            match_rank=Case(When(coded, then=Value(-1)), default=rank, output_field=IntegerField())
        )

    def ranked(self):
        """In the order of a unit search, wherever units are searched (the pickers, the public portal): by
        ``match_rank`` when :meth:`search` gave one, then current units before legacy ones, higher levels first,
        by name."""
        current_first = Case(When(era="current", then=Value(0)), default=Value(1), output_field=IntegerField())
        first = ["match_rank"] if "match_rank" in self.query.annotations else []
        return self.annotate(current_first=current_first).order_by(*first, "current_first", "depth", "name_folded")

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
