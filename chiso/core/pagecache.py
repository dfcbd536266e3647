"""Public pages cached whole for visitors without a session (the portal, the PAPI results, a province's profile).

A view opts in with :func:`public_page`. :class:`PublicPageCacheMiddleware` sits before the session middleware:
a ``GET`` or ``HEAD`` from a visitor who has no session (citizens: no account), no pending messages and no
``Authorization`` header is answered from the cache when the page is there, without reading the session, the
user or the database. The key is the host, the path with its query and the language (cookie); the entry holds
the body, the headers the inner middleware set (CSP, ``Content-Language``, ``Vary``) and an ``ETag``, so a
browser or a proxy revalidates with ``If-None-Match`` and gets ``304 Not Modified`` without the body.

Freshness: an entry lives ``settings.CHISO_PUBLIC_PAGE_SECONDS`` (60 s, the portal's "within a minute" rule), and
every entry carries the *generation* it was made in: :func:`invalidate` (one ``INCR``) makes every cached page
stale at once. Apps call it from their ``AppConfig.ready`` for the models whose saves must show at once
(:func:`invalidate_on`: a year of published results) and from services that write in bulk. Officials (with a
session) always get the page rendered for them: it shows their name and menu.

An answer is stored only when it is a plain ``200`` that sets no cookie and carries no CSP nonce (a page that
needs a per-request secret cannot be shared).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve

GENERATION_KEY = "chiso:pages:generation"
# Headers of the stored answer replayed on a hit (those the middleware inside this one set).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Security-Policy", "Vary", "X-Frame-Options")
CACHE_CONTROL = "public, no-cache"  # stored by browsers and proxies, revalidated each time (ETag)


def public_page(view):
    """Mark a public view whose answer to visitors without a session may be cached whole and shared."""
    view.chiso_public_page = True
    return view


def invalidate(**_signal_kwargs) -> None:
    """Every cached public page becomes stale, now and again when the transaction commits (a page rendered
    meanwhile may have been stored with the rows the transaction had not yet committed)."""
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value differs from what entries carry
        cache.set(GENERATION_KEY, 1, None)


def invalidate_on(*models) -> None:
    """Saving or deleting a row of ``models`` makes the cached public pages stale."""
    for model in models:
        post_save.connect(invalidate, sender=model, weak=False, dispatch_uid=f"pagecache-save-{model._meta.label}")
        post_delete.connect(invalidate, sender=model, weak=False, dispatch_uid=f"pagecache-del-{model._meta.label}")


def _language(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _anonymous(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
    )


def _etag(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'


class PublicPageCacheMiddleware:
    """Answers the public pages marked :func:`public_page` from the cache for visitors without a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous(request):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not getattr(match.func, "chiso_public_page", False):
            return self.get_response(request)
        raw = f"{request.get_host()}|{request.get_full_path()}|{_language(request)}"
        key = "chiso:page:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
        found = cache.get_many([key, GENERATION_KEY])
        generation = found.get(GENERATION_KEY, 0)
        entry = found.get(key)
        if entry is not None and entry["generation"] == generation:
            return self._answer(request, entry)
        response = self.get_response(request)
        if self._storable(response):
            entry = {
                "generation": generation,
                "content": response.content,
                "etag": _etag(response.content),
                "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
            }
            cache.set(key, entry, settings.CHISO_PUBLIC_PAGE_SECONDS)
            response["ETag"] = entry["etag"]
            response["Cache-Control"] = CACHE_CONTROL
        return response

    @staticmethod
    def _storable(response) -> bool:
        csp = response.get("Content-Security-Policy", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "nonce-" not in csp
            and not response.has_header("Cache-Control")
        )

    @staticmethod
    def _answer(request, entry) -> HttpResponse:
        if request.META.get("HTTP_IF_NONE_MATCH") == entry["etag"]:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["ETag"] = entry["etag"]
        response["Cache-Control"] = CACHE_CONTROL
        return response
