"""A fixed-window rate limit per client address, counted in Django's cache.

The cache is Redis when ``REDIS_URL`` is set (shared by every worker process) and in-process otherwise (the
embedded default, one process). ``cache.add`` then ``cache.incr`` is atomic on Redis; on the in-process cache it
is atomic within the process, which is all it has to be there.
"""

from django.core.cache import cache


def client_address(request) -> str:
    # REMOTE_ADDR only: behind a reverse proxy, the proxy is configured to set it (X-Forwarded-For can be forged).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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
