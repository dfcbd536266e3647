"""With REDIS_URL the cache (login throttling, calendar) lives in Redis: a real server, never a mock.

Runs against REDIS_URL when set (CI's PostgreSQL run), else the Redis every machine of this project runs
on 127.0.0.1:6379 (database 15, flushed by the test).
"""

import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = settings.TEST_REDIS_URL  # the server of REDIS_URL (or the machine's), a database of this test process
REDIS_CACHE = {"default": {"BACKEND": "chiso.lib.cache.FallbackRedisCache", "LOCATION": REDIS_URL}}


@pytest.fixture
def redis_cache():
    with override_settings(CACHES=REDIS_CACHE):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_cache_round_trip(redis_cache):
    redis_cache.set("chiso:test", {"đơn vị": "Phường Bạch Sam"}, 30)
    assert redis_cache.get("chiso:test") == {"đơn vị": "Phường Bạch Sam"}


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_login_throttle_counts_in_redis(redis_cache, client, world, commune_officer):
    for _ in range(2):
        client.post("/login/", {"username": "commune_officer", "password": "sai"})
    assert redis_cache.get("chiso:login-lock:user:commune_officer") == 2
    client.post("/login/", {"username": "commune_officer", "password": "matkhau-thu-nghiem"})
    assert "_auth_user_id" not in client.session


def test_settings_pick_redis_from_the_environment():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "REDIS_URL": REDIS_URL}
    out = subprocess.run(
        [sys.executable, "-m", "chiso", "shell", "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert "FallbackRedisCache" in out.stdout, out.stderr
