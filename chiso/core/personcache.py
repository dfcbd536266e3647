"""Signed-in pages cached whole, per person and per version of what they show (issue 16).

A view opts in with :func:`person_page`, naming the *versions* its page depends on (``"plan:12"``,
``"period:7"``). A ``GET`` from a signed-in official is answered from the cache when the same person (same
session, same CSRF cookie, same roles, same current role, same unread badge — the parts apps add with
:func:`add_person_part`), asking the same path and query in the same language on the same day, finds an entry made
while every named version was what it is now. Otherwise the view runs and its answer is stored for
``settings.CHISO_PERSON_PAGE_SECONDS`` at most.

Freshness is explicit: a change calls :func:`bump` with the versions it touches, now and when the transaction
commits (versions are read *before* a page is rendered, so a page rendered from rows a transaction had not yet
committed is stored under the old version and never served after the commit's bump). Apps bump from their
services and from ``post_save``/``post_delete`` handlers (see ``chiso/plans/pageversions.py``). A version that is
not in the cache (never bumped, or evicted) is given a new value on first read, so an entry stored before an
eviction is never served again. Every key also carries the public pages' generation (a results release).

Never stored: an answer other than a plain ``200`` (errors, redirects, streaming), one that sets a cookie, one
that used a CSP nonce, one rendered while the session changed, or one asked with flash messages waiting (they must
be shown once). The whole page holds the person's CSRF token: it is valid because the CSRF cookie is in the key.
While Redis is unreachable the pages are rendered every time (each process would hold its own versions). A change
made during an outage bumps only the process's fallback cache: for at most ``CHISO_PERSON_PAGE_SECONDS`` after Redis
returns, a page stored before the outage may be served without that change.
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import empty

from . import pagecache

PERSON_PARTS: list = []
# Versions every cached page depends on: the working-day calendar (deadlines, "overdue").
ALWAYS = ("calendar",)
# Headers the view itself set, replayed on a hit (the middleware around the view sets the others again).
KEPT_HEADERS = ("Content-Type", "Allow", "Vary")


def add_person_part(part) -> None:
    """``part(request) -> str``: something of the signed-in person every page shows (roles, badge)."""
    if part not in PERSON_PARTS:
        PERSON_PARTS.append(part)


def _version_key(name: str) -> str:
    return f"chiso:v:{name}"


def versions(names) -> list:
    """The current value of each named version (a new one is made for a name not in the cache)."""
    keys = [_version_key(n) for n in names] + [pagecache.GENERATION_KEY]
    return _values(keys, cache.get_many(keys))


def versions_and(names, key: str):
    """:func:`versions` of ``names`` and the cache's value at ``key`` (None when absent), read in one round trip:
    for an entry that keeps the versions it was made under beside its value."""
    keys = [_version_key(n) for n in names] + [pagecache.GENERATION_KEY]
    found = cache.get_many([*keys, key])
    return _values(keys, found), found.get(key)


def _values(keys, found) -> list:
    values = []
    for key in keys[:-1]:
        value = found.get(key)
        if value is None:
            cache.add(key, time.time_ns(), None)
            value = cache.get(key)
        values.append(value)
    values.append(found.get(pagecache.GENERATION_KEY, 0))
    return values


def bump(*names) -> None:
    """These versions change: every page stored under them is stale, now and when the transaction commits."""
    names = [n for n in names if n]
    if names:
        bump_now(*names)
        transaction.on_commit(lambda: bump_now(*names))


def bump_now(*names) -> None:
    """These versions change now (a caller that reads what to bump from the database bumps again on commit)."""
    if names:
        cache.set_many(dict.fromkeys((_version_key(n) for n in names), time.time_ns()), None)


def watch(model, handler, label: str) -> None:
    """Call ``handler(instance)`` when a row of ``model`` is saved or deleted (to bump the versions it shows in)."""
    for signal in (post_save, post_delete):
        signal.connect(
            handler, sender=model, weak=False, dispatch_uid=f"personcache-{label}-{model._meta.label}-{signal}"
        )


def _cacheable_request(request) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        # While Redis is down each process has its own fallback cache: a change bumped in one would not reach the
        # others, so nothing is served or stored per person until Redis is back (chiso/lib/cache.py).
        and not getattr(cache, "redis_is_down", False)
        and user is not None
        and user.is_authenticated
        and settings.CSRF_COOKIE_NAME in request.COOKIES
        and "messages" not in request.COOKIES
        and "_messages" not in request.session
    )


def _storable(request, response) -> bool:
    used_nonce = getattr(getattr(request, "csp_nonce", None), "_wrapped", empty) is not empty
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not used_nonce
        and not request.session.modified
    )


def _key(request, names) -> str:
    parts = [
        str(request.user.pk),
        request.session.session_key or "",
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.localdate().isoformat(),
        request.headers.get("HX-Request", ""),
        request.headers.get("Accept", ""),  # the API's renderer (JSON, the browsable page)
        *(str(part(request)) for part in PERSON_PARTS),
        *names,
        *(str(v) for v in versions([*names, *ALWAYS])),
    ]
    return "chiso:pp:" + hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def person_page(names):
    """Cache the view's page per person and per the versions ``names(request, **kwargs)`` returns (``None``: this
    answer is not cached). On an API view set, decorate ``dispatch``: the answer is then rendered."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            wanted = names(request, **kwargs) if _cacheable_request(request) else None
            if wanted is None:
                return view(request, *args, **kwargs)
            key = _key(request, list(wanted))
            entry = cache.get(key)
            if entry is not None:
                response = HttpResponse(entry["content"])
                for name, value in entry["headers"].items():
                    response[name] = value
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _storable(request, response):
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                cache.set(key, {"content": response.content, "headers": headers}, settings.CHISO_PERSON_PAGE_SECONDS)
            return response

        return wrapped

    return decorator
