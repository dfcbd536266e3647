"""Periodic jobs: functions that run on every tick — Celery beat in production, ``chiso tick`` or the
in-process scheduler of ``chiso serve`` in the embedded default. The same code either way.

A job registers with ``@periodic`` in its app's ``jobs.py`` (discovered at start-up). Jobs must be idempotent:
they are called again and again and rely on ``notify``'s once-per-key rule and on their own unique rows.
"""

import datetime as dt
import logging

from django.utils import timezone

from .services import send_pending_emails

log = logging.getLogger(__name__)

_JOBS: dict[str, object] = {}


def periodic(func):
    """Register ``func(today: date)`` to be called on every tick."""
    _JOBS[f"{func.__module__}.{func.__qualname__}"] = func
    return func


def registered() -> dict[str, object]:
    return dict(_JOBS)


def run_all(today: dt.date | None = None) -> dict[str, object]:
    """Run every registered job; one failing job does not stop the others. Returns {name: result or error}."""

    today = today or timezone.localdate()
    results: dict[str, object] = {}
    for name, job in sorted(_JOBS.items()):
        try:
            results[name] = job(today)
        except Exception as exc:  # noqa: BLE001 — logged and reported; the next tick tries again
            log.exception("periodic job %s failed", name)
            results[name] = exc
    # Notices stored by a worker that died before e-mailing them go out now.
    results["notifications.send_pending_emails"] = send_pending_emails()
    return results
