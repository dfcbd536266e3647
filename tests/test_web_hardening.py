"""Headers, sessions, error pages and limits of issue 11: CSP, Cache-Control, session length, 403 log lines,
503 when the database is unreachable, 413 for oversized bodies."""

import logging
import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import RequestFactory, override_settings
from django.urls import reverse

from chiso.citizens import services as citizens
from chiso.citizens.tests.factories import category

ROOT = Path(settings.BASE_DIR)


def settings_with(monkeypatch, **env):
    """The settings module run afresh with ``env``: what a process started with that environment gets."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "chiso" / "settings.py"), run_name="chiso_settings_probe")


# --- Content-Security-Policy -------------------------------------------------------------------------


def csp(response):
    return {d.split()[0]: d.split()[1:] for d in response["Content-Security-Policy"].split(";") if d.strip()}


def test_pages_and_api_answer_with_a_strict_policy(client, db):
    for url in ["/", "/login/", "/api/v1/units/", "/khong-co-trang-nay/"]:
        policy = csp(client.get(url))
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in policy["style-src"] and "'unsafe-eval'" not in str(policy)
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def test_no_template_has_inline_script_or_handler():
    """The policy refuses them: behaviour goes in static/js/chiso.js (e.g. ``<select data-autosubmit>``)."""
    found = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("chiso/*/templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE_ELEMENT):
            found += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert not found


def test_a_nonce_used_by_a_template_is_added_to_the_policy():
    from chiso.core.middleware import SecurityHeadersMiddleware

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = RequestFactory().get("/")
    response = SecurityHeadersMiddleware(view)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in csp(response)["script-src"]
    # an answer that used none carries none
    plain = SecurityHeadersMiddleware(lambda r: __import__("django.http").http.HttpResponse("x"))(request)
    assert "nonce" not in plain["Content-Security-Policy"]


def test_api_docs_load_their_script_from_a_file(client, db):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html) and not INLINE_STYLE_ELEMENT.search(html)
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


# --- Cache-Control on personal data ------------------------------------------------------------------


def no_store(response):
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_pages_of_a_logged_in_official_are_not_stored(client, world, commune_officer):
    assert not no_store(client.get("/"))
    client.force_login(commune_officer)
    assert no_store(client.get("/"))
    assert no_store(client.get(reverse("plans:task_mine")))


def test_the_citizens_tracking_page_is_not_stored(client, world, commune_officer):  # the ward is set up (issue 15)
    item = citizens.submit_feedback(unit=world.bach_sam, category=category(), subject="Hỏi", text="…")
    assert no_store(client.get(reverse("citizens:public_feedback", args=[item.tracking_code])))
    assert no_store(client.get(f"/api/v1/public/feedback/{item.tracking_code}/"))
    assert not no_store(client.get(reverse("citizens:portal")))


def test_token_authenticated_api_answers_are_not_stored(client, world, commune_officer):
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=commune_officer).key
    assert no_store(client.get("/api/v1/agencies/", HTTP_AUTHORIZATION=f"Token {key}"))


# --- Sessions ----------------------------------------------------------------------------------------


def test_sessions_last_a_working_day_in_the_database(monkeypatch):
    default = settings_with(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/5")
    assert default["SESSION_COOKIE_AGE"] == 12 * 3600 < 14 * 24 * 3600
    assert default["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is False
    assert default["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    chosen = settings_with(monkeypatch, SESSION_COOKIE_AGE="3600", SESSION_EXPIRE_AT_BROWSER_CLOSE="true")
    assert chosen["SESSION_COOKIE_AGE"] == 3600 and chosen["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True


def test_login_cookie_carries_the_session_length(client, world, commune_officer):
    from conftest import PASSWORD

    client.post("/login/", {"username": "commune_officer", "password": PASSWORD})
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    with override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True):
        client.logout()
        client.post("/login/", {"username": "commune_officer", "password": PASSWORD})
        assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""


# --- Logging of refused requests ---------------------------------------------------------------------


def test_a_403_is_logged_as_one_line_without_traceback(client, world, commune_officer, caplog):
    client.force_login(commune_officer)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("accounts:membership_add"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.exc_info is None for r in records)
    assert "Forbidden" in records[0].getMessage() and "\n" not in records[0].getMessage()


# --- Database unreachable: 503 -----------------------------------------------------------------------


@pytest.fixture
def database_on_a_closed_port():
    """The default alias pointed at a PostgreSQL port where nothing listens: a real refused connection."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    original = connections["default"]
    dead = DatabaseWrapper(
        {
            **original.settings_dict,
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "chiso",
            "HOST": "127.0.0.1",
            "PORT": "1",
            "USER": "chiso",
            "PASSWORD": "",
            "OPTIONS": {"connect_timeout": 2},
        },
        "default",
    )
    connections["default"] = dead
    try:
        yield
    finally:
        dead.close()
        connections["default"] = original


def test_an_unreachable_database_gives_a_503_page_with_retry_after(client, db, database_on_a_closed_port):
    # a page whose view reads the database, and a page whose session lookup does (outside any view)
    client.raise_request_exception = False  # as a server does: the error handlers answer
    for url in [reverse("units:administrativeunit_list"), "/"]:
        if url == "/":
            client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        html = response.content.decode()
        assert "Hệ thống tạm thời gián đoạn" in html and "Temporarily unavailable" in html
    api = client.get("/api/v1/units/")
    assert api.status_code == 503 and api.json()["code"] == "database_unavailable"


# --- Request body size: 413 --------------------------------------------------------------------------


def test_an_oversized_body_is_refused_with_413_before_it_is_read(client, world):
    with override_settings(CHISO_MAX_REQUEST_BYTES=1024 * 1024):
        response = client.post(
            reverse("citizens:feedback_submit", args=[world.bach_sam.code]), {"text": "x" * (2 * 1024 * 1024)}
        )
        assert response.status_code == 413
        assert "1 MB" in response.content.decode()
        api = client.post("/api/v1/public/feedback/", {"text": "x" * (2 * 1024 * 1024)})
        assert api.status_code == 413 and api.json()["code"] == "request_too_large"


def test_the_body_limit_leaves_room_for_the_documented_uploads():
    from chiso.citizens.services import MAX_FILES

    form_room = 1024 * 1024
    limits = settings.CHISO_UPLOAD_LIMITS
    assert MAX_FILES * limits["feedback"] + form_room <= settings.CHISO_MAX_REQUEST_BYTES  # five 5 MB photos
    assert 5 * limits["evidence"] + form_room <= settings.CHISO_MAX_REQUEST_BYTES  # five 20 MB evidence files


def test_five_photos_of_5_mb_still_go_through(client, world, commune_officer):  # the ward is set up (issue 15)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chiso.citizens.models import Feedback
    from chiso.citizens.tests.conftest import JPEG

    photo = JPEG + b"\0" * (5 * 1024 * 1024 - len(JPEG) - 1024)
    from chiso.citizens.tests.test_views import form_data

    data = form_data(files=[SimpleUploadedFile(f"anh-{i}.jpg", photo, content_type="image/jpeg") for i in range(5)])
    response = client.post(reverse("citizens:feedback_submit", args=[world.bach_sam.code]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Feedback.objects.get().attachments.count() == 5
