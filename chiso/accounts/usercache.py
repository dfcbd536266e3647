"""What every page asks about the signed-in person, computed once and kept in the cache until it changes.

Every page of an official needs the person's active roles (the unit switcher of the header, and the policy's
"which units, which agencies"). They are read once per person and kept in the cache (Redis in production, shared by
every web process) under ``chiso:user:<id>:memberships``, with the *generation* they were read in:

- a role given, changed or taken away (``Membership`` saved or deleted) drops that person's entry;
- an agency or a unit saved (renamed, closed, moved in the tree) starts a new generation: every entry is read again.

Both happen at once and again when the transaction commits (a page rendered meanwhile may have stored the rows
the transaction had not yet committed). Changes made in
bulk without ``save()`` call :func:`forget` / :func:`forget_everyone` themselves. An entry also expires after
``ENTRY_SECONDS``: the bound on staleness after ``chiso load-reference`` rewrites units' paths in bulk (a
reorganisation), which cannot call into this app (it sits below it). Within one request the rows are kept on the
user object (no second cache call).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from chiso.core import personcache

logger = logging.getLogger(__name__)

GENERATION_KEY = "chiso:users:generation"
ENTRY_SECONDS = 60 * 60


def _key(user_id) -> str:
    return f"chiso:user:{user_id}:memberships"


def memberships(user) -> list:
    """The user's active memberships (``agency`` and ``agency.unit`` loaded), by unit depth and agency name."""
    rows = getattr(user, "_chiso_membership_rows", None)
    if rows is not None:
        return rows
    from .models import Membership

    key = _key(user.pk)
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:  # an entry written by another version of the code that cannot be read back
        logger.warning("membership cache entry of user %s unreadable; read again", user.pk, exc_info=True)
        found = {}
    generation = found.get(GENERATION_KEY, 0)
    user._chiso_directory_generation = generation
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        rows = entry[1]
    else:
        rows = list(
            Membership.objects.filter(user_id=user.pk, is_active=True)
            .select_related("agency__unit")
            .order_by("agency__unit__depth", "agency__name")
        )
        cache.set(key, (generation, rows), ENTRY_SECONDS)
    user._chiso_membership_rows = rows
    return rows


def policy_rows(user) -> list[tuple[str, int, str]]:
    """(role, agency id, unit path) of the roles the policy counts: active memberships of active agencies."""
    return [(m.role, m.agency_id, m.agency.unit.path) for m in memberships(user) if m.agency.is_active]


def generation(user=None) -> int:
    """The directory's version: it changes when an agency or a unit is saved (a key for cached fragments that show
    agencies, such as the plan page's filter). With ``user``: as read with that person's roles in this request."""
    known = getattr(user, "_chiso_directory_generation", None)
    return known if known is not None else cache.get(GENERATION_KEY, 0)


def forget(*user_ids) -> None:
    """Drop these people's entries, now and when the transaction commits."""
    keys = [_key(pk) for pk in user_ids if pk is not None]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def forget_everyone(**_signal_kwargs) -> None:
    """Every entry is read again (now and after the transaction commits)."""
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value differs from what the entries carry
        cache.set(GENERATION_KEY, 1, None)


def _membership_changed(instance, **_kwargs) -> None:
    forget(instance.user_id)
    # The feedback inbox shows the items no one of an agency handles: it depends on everyone's roles.
    personcache.bump("memberships")


def connect() -> None:
    """Wire the invalidation (``AccountsConfig.ready``)."""
    from chiso.units.models import AdministrativeUnit, Agency

    from .models import Membership

    for signal in (post_save, post_delete):
        signal.connect(_membership_changed, sender=Membership, dispatch_uid=f"usercache-membership-{signal}")
        for model in (Agency, AdministrativeUnit):
            signal.connect(forget_everyone, sender=model, dispatch_uid=f"usercache-{model.__name__}-{signal}")
