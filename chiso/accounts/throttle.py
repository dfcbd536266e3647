"""Login throttling: a lock per account with exponential backoff, and a much higher limit per address.

Per account: after ``LOGIN_FAILURE_LIMIT`` failures in a row the account is locked for ``LOGIN_LOCK_SECONDS``,
doubling with every further failure up to ``LOGIN_LOCK_MAX_SECONDS``; a successful login clears it. The
username is counted NFKC-normalised and case-folded, so ``ｐck.leader`` and ``PCK.Leader`` are one account.

Per address: ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures within ``LOGIN_FAILURE_WINDOW`` block the address. The
limit is high on purpose: a whole commune office behind one NAT shares an address, and one person's typos
must not lock the others out. The address is ``chiso.lib.ratelimit.client_address`` (the trusted proxy's
header when configured).

Everything lives in Django's cache (Redis in production, in-process otherwise; see ``chiso.lib.cache``).
"""

import math
import time
import unicodedata

from django.conf import settings
from django.core.cache import cache

_ACCOUNT_PREFIX = "chiso:login-lock:user:"
_ADDRESS_PREFIX = "chiso:login-fail:ip:"


def normalise_username(username) -> str:
    """The account a typed username means: NFKC (full-width letters become ASCII), trimmed."""
    return unicodedata.normalize("NFKC", str(username or "")).strip()


def account_key(username) -> str:
    return _ACCOUNT_PREFIX + normalise_username(username).casefold()[:150]


def _address_key(ip: str) -> str:
    return _ADDRESS_PREFIX + (ip or "unknown")


def lock_seconds(failures: int) -> int:
    """How long an account stays locked after ``failures`` failures in a row (0: not locked)."""
    over = failures - settings.LOGIN_FAILURE_LIMIT
    if over < 0:
        return 0
    base = settings.LOGIN_LOCK_SECONDS
    cap = settings.LOGIN_LOCK_MAX_SECONDS
    return min(cap, base * 2 ** min(over, 30))


def _count(key: str, timeout: int) -> int:
    """Add one to the counter at ``key`` atomically (Redis INCR); returns the new count."""
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def seconds_until_allowed(username, ip: str) -> int:
    """0 when a login may be tried now; otherwise how many seconds the account or the address must wait."""
    wait = 0
    until = cache.get(account_key(username) + ":until")
    if until:
        wait = max(0, math.ceil(until - time.time()))
    if (cache.get(_address_key(ip)) or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        wait = max(wait, settings.LOGIN_FAILURE_WINDOW)
    return wait


def login_blocked(username, ip: str) -> bool:
    return seconds_until_allowed(username, ip) > 0


def register_failure(username, ip: str) -> None:
    key = account_key(username)
    window = settings.LOGIN_FAILURE_WINDOW
    failures = _count(key, window)
    lock = lock_seconds(failures)
    if lock:
        cache.set(key + ":until", time.time() + lock, lock)
        # The count outlives the lock, so the next failure after it doubles the wait.
        cache.touch(key, window + lock)
    _count(_address_key(ip), window)


def reset_failures(username, ip: str = "") -> None:
    """A successful login clears the account's count and lock. The address count stays: one valid account
    must not reset the counter an attacker at the same address runs against other accounts."""
    key = account_key(username)
    cache.delete_many([key, key + ":until"])


def wait_text(seconds: int) -> str:
    """``seconds`` as whole minutes for the message (at least one)."""
    return str(max(1, math.ceil(seconds / 60)))
