"""Table reads for feedback, reception sessions and dialogues (STYLE rule 2)."""

import datetime as dt

from django.db import connection, models
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.functions import Concat, Left
from django.http import Http404
from django.utils import timezone

from chiso.core.permissions import policy
from chiso.lib import tree
from chiso.lib.text import fold
from chiso.plans.models import Plan
from chiso.units.models import AdministrativeUnit

from . import decisions

# The levels the public portal shows (a village has no plan of its own).
PUBLIC_LEVELS = ("province", "district", "commune")


class _Scoped(models.QuerySet):
    def visible_to(self, user, action="view"):
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
    from .models import Dialogue  # models import this module: the model is read at call time

    held = models.Exists(
        Dialogue.objects.filter(unit=models.OuterRef("pk"), date__year=year).exclude(status="cancelled")
    )
    return units.filter(level="commune").exclude(held).order_by("path")


class Similarity(Func):
    """PostgreSQL's pg_trgm ``similarity(a, b)``: 0 (nothing shared) to 1 (the same trigrams)."""

    function = "similarity"
    output_field = FloatField()


# --- what the public portal and its API read --------------------------------------------------------------
def unit_by_code(code, era=None):
    """A unit's portal address is its official code; the current hierarchy wins over the legacy one (404 else).
    Codes were reused in 2025: ``era="legacy"`` (``?era=legacy`` on the address) reaches the abolished unit.
    Kept between changes of units (``services.decisions``): every portal page and every submission starts here."""
    unit = decisions.remembered("unit", [code, era or ""], lambda: _unit_by_code(code, era))
    if unit is None:
        raise Http404
    return unit


def _unit_by_code(code, era):
    units = AdministrativeUnit.objects.filter(code=code, level__in=PUBLIC_LEVELS).select_related("parent")
    if era in AdministrativeUnit.Era.values:
        units = units.filter(era=era)
    return units.order_by("era").first()  # "current" sorts before "legacy"


def find_units(text, limit=30):
    """The portal's one search box: a unit's code, or words of its name without accents, ranked as the pickers
    rank (``UnitQuerySet.search`` and ``ranked``): the code, the words as a phrase, as whole words, as fragments;
    current units first within each."""
    units = AdministrativeUnit.objects.filter(level__in=PUBLIC_LEVELS).select_related("parent")
    return list(units.search(text).ranked()[:limit])


def similar_feedback(item, *, days=30, limit=5):
    """Items of the same unit from the last ``days`` days whose text resembles ``item``'s: the duplicates to offer
    on triage. PostgreSQL ranks by trigram similarity of the unaccented subject and text (pg_trgm, unaccent, loaded
    by the units app's search migration); elsewhere the words they share, without accents, are counted."""
    from .models import Feedback  # models import this module: the model is read at call time

    since = item.received_on - dt.timedelta(days=days)
    candidates = (
        Feedback.objects.filter(unit=item.unit_id, received_on__gte=since)
        .exclude(pk=item.pk)
        .exclude(status="merged")
        .only("id", "tracking_code", "subject", "text", "status", "received_on")
    )
    needle = f"{item.subject} {item.text[:500]}"
    if connection.vendor == "postgresql":
        haystack = Func(Concat(F("subject"), Value(" "), Left(F("text"), 500)), function="unaccent")
        ranked = candidates.annotate(score=Similarity(haystack, Func(Value(needle), function="unaccent")))
        return list(ranked.filter(score__gte=0.2).order_by("-score", "-id")[:limit])
    words = {w for w in fold(needle).split() if len(w) > 2}
    scored = []
    for other in candidates.order_by("-id")[:300]:
        theirs = {w for w in fold(f"{other.subject} {other.text[:500]}").split() if len(w) > 2}
        if words and theirs:
            score = len(words & theirs) / len(words | theirs)
            if score >= 0.2:
                other.score = score
                scored.append(other)
    return sorted(scored, key=lambda o: (-o.score, -o.id))[:limit]


def current_plan(unit):
    """The unit's latest issued plan (the one the portal shows), or None."""
    return Plan.objects.filter(unit=unit).issued().order_by("-year", "-issued_on", "-id").first()
