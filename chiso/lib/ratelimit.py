"""A fixed-window rate limit per client address, counted in Django's cache.

The cache is Redis when ``REDIS_URL`` is set (shared by every worker process) and in-process otherwise (the
embedded default, one process). ``cache.add`` then ``cache.incr`` is atomic on Redis; on the in-process cache it
is atomic within the process, which is all it has to be there.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from rest_framework import throttling


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or, behind a trusted reverse proxy, the proxy's header.

    ``CHISO_TRUSTED_PROXY_HEADER`` (e.g. ``X-Forwarded-For``) names the header the proxy sets; it is ignored
    unless set, because anyone can send it. Each trusted proxy appends the address it received the request
    from, so with ``CHISO_TRUSTED_PROXY_COUNT`` proxies in front of the application the client is the
    address that many entries from the right; anything further left was written by the client. A missing,
    short or malformed header falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    header = settings.CHISO_TRUSTED_PROXY_HEADER
    if not header:
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    entries = [part.strip() for part in value.split(",") if part.strip()]
    count = max(1, settings.CHISO_TRUSTED_PROXY_COUNT)
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def hit(scope: str, address: str, *, limit: int, window: int) -> bool:
    """Count one request of ``scope`` from ``address``; False when the limit for the window is exceeded."""
    key = f"chiso:rate:{scope}:{address}"
    if cache.add(key, 1, window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


# Django REST framework's throttles, keyed on the same client address: DRF's own ``get_ident`` trusts any
# X-Forwarded-For a client sends unless NUM_PROXIES is set, which would let a client pick its own bucket.


class _ClientAddressIdent:
    def get_ident(self, request):
        return client_address(request)


class AnonRateThrottle(_ClientAddressIdent, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_ClientAddressIdent, throttling.UserRateThrottle):
    pass


class LoginRateThrottle(_ClientAddressIdent, throttling.AnonRateThrottle):
    scope = "login"
