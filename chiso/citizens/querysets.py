"""Table reads for feedback, reception sessions and dialogues (STYLE rule 2)."""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from chiso.lib import tree
from chiso.plans.models import Plan
from chiso.units.models import AdministrativeUnit

# The levels the public portal shows (a village has no plan of its own).
PUBLIC_LEVELS = ("province", "district", "commune")


class _Scoped(models.QuerySet):
    def visible_to(self, user, action="view"):
        from chiso.core.permissions import policy

        return policy.scope(user, action, self)

    def for_unit(self, unit, descendants=False):
        if descendants:
            return self.filter(tree.subtree_q([unit.path], "unit"))
        return self.filter(unit=unit)


class FeedbackQuerySet(_Scoped):
    def open(self):
        return self.filter(status__in=["received", "accepted", "awaiting_approval"])

    def published(self):
        """Answers the public may read: approved and published, never the merged or rejected ones."""
        return self.filter(status__in=["answered", "resolved", "closed"]).exclude(answer="")

    def overdue(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.open().filter(
            Q(status="received", acknowledge_due_on__lt=on) | Q(~Q(status="received"), answer_due_on__lt=on)
        )

    def due_soon(self, on: dt.date | None = None, days: int = 2):
        on = on or timezone.localdate()
        until = on + dt.timedelta(days=days)
        return self.open().filter(
            Q(status="received", acknowledge_due_on__gte=on, acknowledge_due_on__lte=until)
            | Q(~Q(status="received"), answer_due_on__gte=on, answer_due_on__lte=until)
        )

    def answered_on_time(self):
        return self.filter(answered_on__isnull=False, answered_on__lte=F("answer_due_on"))

    def awaiting_follow_up(self, on: dt.date | None = None):
        """Answered items whose citizen has not yet said whether the matter was resolved, asked for by now."""
        on = on or timezone.localdate()
        return self.filter(status="answered", resolution="", follow_up_on__lte=on)


class ReceptionSessionQuerySet(_Scoped):
    def upcoming(self, on: dt.date | None = None):
        return (
            self.filter(date__gte=on or timezone.localdate()).exclude(status="cancelled").order_by("date", "start_time")
        )


class DialogueQuerySet(_Scoped):
    def upcoming(self, on: dt.date | None = None):
        return self.filter(date__gte=on or timezone.localdate()).exclude(status="cancelled").order_by("date")

    def past(self, on: dt.date | None = None):
        return self.filter(date__lt=on or timezone.localdate()).order_by("-date")


def communes_without_dialogue(units, year):
    """Communes among ``units`` (a unit queryset, already scoped) with no dialogue held or planned in ``year``:
    the law asks each commune for at least one a year."""
    from .models import Dialogue

    held = models.Exists(
        Dialogue.objects.filter(unit=models.OuterRef("pk"), date__year=year).exclude(status="cancelled")
    )
    return units.filter(level="commune").exclude(held).order_by("path")


# --- what the public portal and its API read --------------------------------------------------------------
def unit_by_code(code):
    """A unit's portal address is its official code; the current hierarchy wins over the legacy one (404 else)."""
    units = AdministrativeUnit.objects.filter(code=code, level__in=PUBLIC_LEVELS).select_related("parent")
    unit = units.order_by("era").first()  # "current" sorts before "legacy"
    if unit is None:
        raise Http404
    return unit


def current_plan(unit):
    """The unit's latest issued plan (the one the portal shows), or None."""
    return Plan.objects.filter(unit=unit).issued().order_by("-year", "-issued_on", "-id").first()
