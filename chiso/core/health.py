"""Health checks for the load balancer and the monitoring of a provincial IT office.

``/healthz``: the process answers (no database, no network) — restart it when this fails.
``/readyz``: it can serve — the database answers and has every migration of this release applied, Redis and the
Celery broker answer when configured, and the disk holding uploaded files has room. 200 with
``{"status": "ok", "checks": {…}}``, 503 when one check fails.

Both are public and carry no personal data and no configuration (no host, port or password): a failing check
says only ``"fail"``; the reason goes to the log. Neither is ever cached.
"""

import logging
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from chiso.core.permissions import PUBLIC, declare

log = logging.getLogger(__name__)

# Each network check gives up after this many seconds, so /readyz answers well within a probe's timeout.
TIMEOUT = 2.0


def _database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


_migrated = False


def _migrations():
    """A node started before ``chiso migrate`` ran would serve a schema it does not know: not ready.

    Once every migration is applied the answer cannot change for this process (a new release restarts it), so the
    migration graph is read only until then.
    """
    global _migrated
    if _migrated:
        return
    executor = MigrationExecutor(connections["default"])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migration(s) not applied, first {pending[0][0]}")
    _migrated = True


def _redis_ping(url):
    import redis  # only a health check talks to Redis directly: not loaded by every process

    client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
    try:
        if not client.ping():
            raise ConnectionError("no PONG")
    finally:
        client.close()


def _broker(url):
    if urlsplit(url).scheme in {"redis", "rediss"}:
        _redis_ping(url)
        return

    with Connection(url, connect_timeout=TIMEOUT) as connection:
        connection.ensure_connection(max_retries=1, timeout=TIMEOUT)


def _disk():
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent  # MEDIA_ROOT is created on the first upload; its disk is its nearest parent's
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    floor = getattr(settings, "READYZ_MIN_FREE_MB", 500)
    if free_mb < floor:
        raise OSError(f"{free_mb} MB free under MEDIA_ROOT, below READYZ_MIN_FREE_MB={floor}")


def _checks():
    checks = {"database": _database, "migrations": _migrations}
    if settings.REDIS_URL:
        checks["redis"] = lambda: _redis_ping(settings.REDIS_URL)
    if settings.CELERY_BROKER_URL:
        checks["broker"] = lambda: _broker(settings.CELERY_BROKER_URL)
    checks["disk"] = _disk
    return checks


def _json(status, body):
    response = JsonResponse(body, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
@declare(PUBLIC)
def healthz(request):
    return _json(200, {"status": "ok"})


@never_cache
@require_GET
@declare(PUBLIC)
def readyz(request):
    results = {}
    for name, check in _checks().items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 — any failure of a dependency means "not ready"
            log.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = "fail"
        else:
            results[name] = "ok"
    ok = all(value == "ok" for value in results.values())
    return _json(200 if ok else 503, {"status": "ok" if ok else "fail", "checks": results})
