"""Who takes a unit's feedback and which agency an item goes to, kept in the cache between changes (issue 16).

Both decisions are on the path of every submission and each is a few reads whose building costs more than their
answer (the staffed agencies, the ranked rules): a citizen's form asked them for every item although they change
only when an official's role, an agency, a unit, a succession or a routing rule changes. Each answer is kept per
unit (and category) under the version ``feedback-routing`` (``core.personcache``), which those changes bump, now and
when their transaction commits (``pageversions.connect``); an answer computed while a change was being committed is
stored under the version it was read with and never served after the bump. An entry lives
``CHISO_FEEDBACK_ROUTING_SECONDS`` (600) at most, which also bounds a change made by a bulk write that sends no
signal. While Redis is down every request decides afresh (each process's fallback cache would keep its own).
"""

from django.conf import settings
from django.core.cache import cache

from chiso.core import personcache

VERSION = "feedback-routing"


def remembered(kind: str, parts, decide):
    """``decide()``, or its answer stored for these ``parts`` while ``feedback-routing`` has not changed. The entry
    keeps the version it was decided under beside the answer, so the version and the entry are read together: one
    cache round trip for a decision already made."""
    if getattr(cache, "redis_is_down", False):
        return decide()
    policy = getattr(settings, "CHISO_FEEDBACK_UNSET_UNITS", "")
    key = f"chiso:feedback-{kind}:{':'.join(str(p) for p in parts)}:{policy}"
    current, stored = personcache.versions_and([VERSION], key)
    stamp = ":".join(str(v) for v in current)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp:
        return stored[1]
    answer = decide()
    cache.set(key, (stamp, answer), settings.CHISO_FEEDBACK_ROUTING_SECONDS)
    return answer


def changed(**_signal_kwargs) -> None:
    """Something a decision reads has changed: every stored decision is stale."""
    personcache.bump(VERSION)


def user_changed(instance, update_fields=None, **_kwargs) -> None:
    """A person's record: only whether they are active counts (a login saves ``last_login`` alone)."""
    if update_fields is None or "is_active" in update_fields:
        changed()
