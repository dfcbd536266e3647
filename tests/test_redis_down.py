"""Redis unreachable: the site keeps answering (issue 11: feedback, login, tracking look-up and the API gave 500).

The cache is configured exactly as the settings module configures it for a given ``REDIS_URL``, then pointed at
a port where nothing listens: a real refused connection, not a mock. Sessions are in the database.
"""

import logging
import os
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from chiso.citizens.models import Feedback
from chiso.citizens.tests.conftest import JPEG
from chiso.citizens.tests.test_views import form_data
from conftest import PASSWORD

CLOSED = "redis://127.0.0.1:1/0"
LIVE = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def configured_for(redis_url):
    """CACHES and SESSION_ENGINE of a process started with ``REDIS_URL=redis_url``."""
    before = os.environ.get("REDIS_URL")
    os.environ["REDIS_URL"] = redis_url
    try:
        values = runpy.run_path(str(Path(settings.BASE_DIR) / "chiso" / "settings.py"), run_name="probe")
    finally:
        if before is None:
            del os.environ["REDIS_URL"]
        else:
            os.environ["REDIS_URL"] = before
    return {"CACHES": values["CACHES"], "SESSION_ENGINE": values["SESSION_ENGINE"]}


@pytest.fixture
def redis_unreachable():
    with override_settings(**configured_for(CLOSED)):
        yield caches["default"]


def test_everything_citizens_and_officials_use_still_answers(
    client, world, commune_officer, leader, redis_unreachable, caplog
):
    caplog.set_level(logging.WARNING, logger="chiso.lib.cache")
    # login: wrong passwords lock that account only (counted in the process), a colleague logs in
    for _ in range(5):
        assert client.post("/login/", {"username": "commune_officer", "password": "sai"}).status_code == 200
    response = client.post("/login/", {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert client.get(reverse("citizens:feedback_list")).status_code == 200
    client.logout()

    # a citizen sends feedback on the page and follows it by its code
    data = form_data(files=SimpleUploadedFile("den.jpg", JPEG, content_type="image/jpeg"))
    response = client.post(reverse("citizens:feedback_submit", args=[world.bach_sam.code]), data)
    assert response.status_code == 302
    code = Feedback.objects.get().tracking_code
    assert client.get(reverse("citizens:feedback_lookup"), {"code": code}).status_code == 302
    assert client.get(reverse("citizens:public_feedback", args=[code])).status_code == 200

    # the API: public submission, status, token, an official's list
    api = APIClient()
    created = api.post(
        "/api/v1/public/feedback/",
        {"unit": world.bach_sam.code, "category": "moi-truong", "subject": "Rác", "text": "Rác tồn đọng."},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    assert api.get(f"/api/v1/public/feedback/{created.json()['tracking_code']}/").status_code == 200
    token = api.post("/api/v1/auth/token/", {"username": "leader", "password": PASSWORD})
    assert token.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api.get("/api/v1/agencies/").status_code == 200

    # the outage is logged once, not once per request
    warnings = [r for r in caplog.records if r.name == "chiso.lib.cache"]
    assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()


def test_the_fallback_still_limits_within_the_process(client, world, commune_officer, redis_unreachable):
    for _ in range(5):
        client.post("/login/", {"username": "commune_officer", "password": "sai"})
    response = client.post("/login/", {"username": "commune_officer", "password": PASSWORD})
    assert "_auth_user_id" not in client.session and response.status_code == 200


def test_a_reachable_redis_is_used_and_its_return_is_noticed(caplog):
    live = configured_for(LIVE)
    with override_settings(**live):
        cache = caches["default"]
        cache.set("chiso:test:live", 1, 30)
        assert cache.get("chiso:test:live") == 1 and not cache.redis_is_down
        cache.delete("chiso:test:live")

    caplog.set_level(logging.WARNING, logger="chiso.lib.cache")
    with override_settings(**configured_for(CLOSED)):
        cache = caches["default"]
        cache.set("chiso:test:k", "local", 30)
        assert cache.redis_is_down and cache.get("chiso:test:k") == "local"
        # Redis comes back (the same object now reaches a live server) and the retry time has come
        from django.core.cache.backends.redis import RedisCache

        cache._redis = RedisCache(live["CACHES"]["default"]["LOCATION"], live["CACHES"]["default"])
        cache._retry_at = 0
        assert cache.get("chiso:test:k") is None  # read from Redis again
        assert not cache.redis_is_down
    messages = [r.getMessage() for r in caplog.records if r.name == "chiso.lib.cache"]
    assert len(messages) == 2 and "reachable again" in messages[1]
