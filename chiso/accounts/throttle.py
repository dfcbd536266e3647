"""Login throttling: count failures per username and per address in the cache; refuse after the limit.

Both keys count, so one address cannot try many usernames and many addresses cannot hammer one account.
"""

from django.conf import settings
from django.core.cache import cache

from chiso.lib.text import fold


def _keys(username: str, ip: str):
    return [f"chiso:login-fail:user:{fold(username)[:150]}", f"chiso:login-fail:ip:{ip}"]


def login_blocked(username: str, ip: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(username, ip))


def register_failure(username: str, ip: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW
    for key in _keys(username, ip):
        if cache.add(key, 1, window):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def reset_failures(username: str, ip: str) -> None:
    cache.delete(_keys(username, ip)[0])
