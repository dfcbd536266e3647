"""Redis cache that keeps the site answering while Redis is unreachable.

The cache holds only what can be lost or counted again: rate-limit and login-lock counters, the working-day
calendar, DRF's throttle history. Sessions are in the database. So when Redis cannot be reached, every call
goes to an in-process cache instead (the limits then count per process, as in the embedded default), one
warning is logged, and Redis is tried again every ``CHISO_REDIS_RETRY_SECONDS`` (30); its return is logged
once too. Errors other than "cannot connect / timed out" are not hidden.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client with one ``redis.Redis`` per connection pool, made once.

    Django makes a new ``redis.Redis`` for every cache call, and its ``__init__`` copies some two hundred response
    callbacks: a citizen's submission makes about thirteen calls, a page answered from the cache four to six, so the
    copies cost more than the round trips. A ``redis.Redis`` over a pool is safe to share between threads (each
    command takes a connection from the pool), so one per pool is kept."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_shared_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class FallbackRedisCache(BaseCache):
    """``django.core.cache.backends.redis.RedisCache`` with an in-process fallback while Redis is down."""

    def __init__(self, server, params):
        super().__init__(params)
        self._redis = RedisCache(server, params)
        self._redis._class = SharedClientRedisCacheClient
        local_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._local = LocMemCache(f"chiso-fallback-{id(self)}", local_params)
        self._lock = threading.Lock()
        self._down_since = None
        self._retry_at = 0.0

    @property
    def redis_is_down(self) -> bool:
        return self._down_since is not None

    def _call(self, name, *args, **kwargs):
        if self._down_since is None or time.monotonic() >= self._retry_at:
            try:
                result = getattr(self._redis, name)(*args, **kwargs)
            except UNREACHABLE as exc:
                self._went_down(exc)
            else:
                if self._down_since is not None:
                    self._came_back()
                return result
        return getattr(self._local, name)(*args, **kwargs)

    def _went_down(self, exc):
        retry = getattr(settings, "CHISO_REDIS_RETRY_SECONDS", 30)
        with self._lock:
            self._retry_at = time.monotonic() + retry
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning(
                    "Redis cache unreachable (%s): using an in-process cache; rate limits count per process "
                    "until it is back (retried every %s s).",
                    exc,
                    retry,
                )

    def _came_back(self):
        with self._lock:
            if self._down_since is not None:
                logger.warning(
                    "Redis cache reachable again after %.0f s; back to the shared cache.",
                    time.monotonic() - self._down_since,
                )
                self._down_since = None

    # The cache API, each call through _call. The async variants come from BaseCache (sync_to_async of these).
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        self._local.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self._redis.close(**kwargs)
