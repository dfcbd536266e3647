"""Test harness: a real Celery worker consuming from the real Redis of the machine (never a mock).

``redis_celery_worker()`` points the project's Celery app at Redis (``TEST_BROKER_URL`` of the test settings: the
server of ``REDIS_URL`` or 127.0.0.1:6379, a database of the test process's own), turns eager mode off and starts a
worker thread (``celery.contrib.testing``). Tasks sent with ``.delay()`` travel through Redis and run in the worker
against the test database (use ``transactional_db``).
"""

import contextlib
import os

from django.conf import settings

from chiso.celery import app


def redis_url() -> str:

    fallback = (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15").rsplit("/", 1)[0] + "/14"
    return getattr(settings, "TEST_BROKER_URL", fallback)


@contextlib.contextmanager
def redis_celery_worker():
    import redis
    from celery.contrib.testing.worker import start_worker

    url = redis_url()
    redis.Redis.from_url(url).flushdb()
    saved = {k: app.conf.get(k) for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _forget_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield app
    finally:
        app.conf.update(saved)
        _forget_connections(app)
        redis.Redis.from_url(url).flushdb()


def _forget_connections(app):
    """The app caches its result backend (per thread) and its producer pool: drop both so the new URLs apply."""
    app._local.__dict__.pop("backend", None)
    app._pool = None
    app.amqp._producer_pool = None
