"""The submission limit counts items stored from an address, not attempts: a form refused for a missing field, a
photo too large or a wrong type costs the citizen nothing (``settings.RATE_LIMIT_SUBMIT`` stored items per
``RATE_LIMIT_WINDOW`` seconds). Counted in Django's cache, as ``chiso.lib.ratelimit`` counts requests."""

from django.conf import settings
from django.core.cache import cache

from chiso.lib.ratelimit import client_address


def _key(request):
    return f"chiso:rate:stored:{client_address(request)}"


def submissions_left(request) -> bool:
    return (cache.get(_key(request)) or 0) < settings.RATE_LIMIT_SUBMIT


def count_stored(request) -> None:
    key = _key(request)
    if not cache.add(key, 1, settings.RATE_LIMIT_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.RATE_LIMIT_WINDOW)
