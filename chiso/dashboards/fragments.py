"""The figures part of a unit's dashboard page, rendered once and then read from the cache (issue 20's speed: a
province's page under 300 ms at p95 for 50 users).

What is cached is what every reader of the unit sees alike: the breadcrumbs, the history line, the PAPI cards, the
panels, the chart and table by dimension, the units below, the agencies, the surveys and the links to the unit's
scorecards. What belongs to the reader stays outside and is rendered on each request: the menu, the notifications
badge, the "Recount now" button, the offer to set up a scorecard. The permission check runs before the cache is
read.

An entry is keyed by the unit, the filters (year, period, dimension, "every unit below"), the language and the
*version of the figures* — the latest recount of the year and period, read from the database on each request (one
small query), so a recount (hourly, or "Recount now" anywhere) shows at once in every process. The rest the part
shows (the names of units, agencies, surveys and PAPI dimensions, the unit tree's history, the scorecards) is
covered by a *generation*: saving or deleting one of those rows bumps it (:func:`invalidate`), and an entry made in
an older generation is rebuilt.
Rows changed in bulk without signals are caught by the hourly recount (a new version) and by the entries' lifetime
(an hour).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from . import recount
from .read import DIMENSIONS_KEY, Filters

GENERATION_KEY = "dashboards:generation"
LIFETIME = 3600  # seconds: the hourly recount makes a new version anyway


def invalidate(**_signal_kwargs) -> None:
    """Every cached figures part is rebuilt on its next reading (now, and again once the transaction commits: a
    part rendered meanwhile may hold rows the transaction had not committed yet)."""
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    cache.delete(DIMENSIONS_KEY)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value differs from what the entries carry
        cache.set(GENERATION_KEY, 1, None)


def invalidate_on(*models) -> None:
    """Saving or deleting a row of ``models`` (or changing one of their many-to-many links) renews the parts."""
    for model in models:
        label = model._meta.label
        post_save.connect(invalidate, sender=model, weak=False, dispatch_uid=f"dashboards-save-{label}")
        post_delete.connect(invalidate, sender=model, weak=False, dispatch_uid=f"dashboards-delete-{label}")


def invalidate_on_links(*through_models) -> None:
    for through in through_models:
        label = through._meta.label
        m2m_changed.connect(invalidate, sender=through, weak=False, dispatch_uid=f"dashboards-m2m-{label}")


def key_of(unit, filters: Filters, every: bool, version: str, reach: str = "") -> str:
    return f"dashboards:part:{unit.pk}:{filters.query()}:{int(every)}:{get_language()}:{version}:{reach}"


def reach_of(paths) -> str:
    """A short name for the subtrees a reader may read figures of (None: every unit): readers with the same reach
    share an entry; the part links only the units above and the predecessors or successors they may open."""
    if paths is None:
        return "all"
    return hashlib.sha1("|".join(sorted(paths)).encode()).hexdigest()[:12]


def figures_part(unit, filters: Filters, *, every: bool, build, reach: str = "") -> dict:
    """The cached part of ``unit``'s page for ``filters``: ``build(computed_at, version)`` makes it (a dict of
    strings) when it is missing or stale. The answer carries ``computed_at`` (when the unit's figures were counted)
    and ``cached`` (whether it came from the cache)."""
    computed_at, version = recount.stamps(unit, filters.year, filters.period)
    key = key_of(unit, filters, every, version, reach)
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    entry = found.get(key)
    if entry is not None and entry["generation"] == generation:
        return {**entry, "computed_at": computed_at, "cached": True}
    entry = {**build(computed_at, version), "generation": generation}
    cache.set(key, entry, LIFETIME)
    return {**entry, "computed_at": computed_at, "cached": False}
