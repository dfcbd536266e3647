"""Request ids and JSON logs: every log line of a request carries its id, the response echoes it."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from chiso.core.tests.test_health import closed_port
from chiso.lib.logs import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def captured():
    """The root logger's records of the test, formatted as production formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_sane_request_id_is_kept_and_echoed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-0f3a9c2e.41")
    assert response["X-Request-ID"] == "nginx-0f3a9c2e.41"


@pytest.mark.parametrize("bad", ["", "a b", "x" * 201, 'id"\ninjected', "ô-lạ"])
def test_an_odd_request_id_is_replaced(client, bad):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32
    int(response["X-Request-ID"], 16)


def test_each_request_gets_its_own_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second


@pytest.mark.django_db
def test_every_log_line_of_a_request_carries_its_id(client, captured):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(REDIS_URL=url, CELERY_BROKER_URL=url):
        response = client.get("/readyz", HTTP_X_REQUEST_ID="req-1234")
    assert response.status_code == 503
    lines = captured()
    # The failed checks (chiso.core.health) and Django's own 503 line (django.request, logged after the
    # middleware has returned).
    assert {line["logger"] for line in lines} >= {"chiso.core.health", "django.request"}
    assert all(line["request_id"] == "req-1234" for line in lines), lines
    client.get("/healthz")
    logging.getLogger("chiso.test").warning("outside any request")
    assert "request_id" not in captured()[-1]


def test_the_formatter_writes_one_json_object_per_line_with_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("chiso.x", logging.ERROR, __file__, 1, "failed: %s", ("a\nb",), sys.exc_info())
    text = JsonFormatter().format(record)
    assert "\n" not in text
    data = json.loads(text)
    assert data["level"] == "ERROR"
    assert data["message"] == "failed: a\nb"
    assert "ValueError: boom" in data["exc"]
    assert data["time"].endswith("Z")


def test_production_logs_are_json_with_the_request_id(tmp_path):
    """The production settings themselves: a failed readiness check logs JSON lines that carry the id."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/readyz', HTTP_X_REQUEST_ID='prod-abc-123', secure=True)\n"
        "print(r.status_code, r['X-Request-ID'])\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chiso.settings",
        "CHISO_ENV": "production",
        "SECRET_KEY": "k" * 20 + "production-test-key-0123456789abcdefghij",
        "ALLOWED_HOSTS": "testserver",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("DATABASE_URL", None)
    env["REDIS_URL"] = f"redis://127.0.0.1:{closed_port()}/0"
    env.pop("DEBUG", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["503", "prod-abc-123"]
    # Every line on stderr is JSON (Python's warnings included, e.g. whitenoise's "no static directory").
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    lines = [line for line in lines if line["logger"] != "py.warnings"]
    assert {line["logger"] for line in lines} >= {"chiso.core.health", "django.request"}
    assert all(line["request_id"] == "prod-abc-123" for line in lines), lines
    unavailable = next(line for line in lines if line["logger"] == "django.request")
    assert unavailable["status_code"] == 503
    assert unavailable["path"] == "/readyz"
