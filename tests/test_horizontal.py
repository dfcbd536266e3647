"""Horizontal scale (issue 16): the web nodes hold no state, so any node serves any request.

Two gunicorn instances run against one PostgreSQL database (this test's) and one Redis (cache and Celery broker);
a Celery worker (a thread of this process, ``chiso.notifications.testing``) takes the jobs. An official logs in on
node A and is signed in on node B (sessions in the database); uploads a plan document on B, whose reading runs
as a Celery job and whose file goes to the storage backend (a directory both nodes share here; S3-compatible
object storage in a deployment: ``CHISO_STORAGE=s3``, docs/administration.md), and downloads it from A.

Real servers, real Redis, real PostgreSQL: skipped on the SQLite leg, whose test database lives in this process's
memory and cannot be shared with a server.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from celery.signals import task_postrun
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from chiso.imports.models import PlanImport
from chiso.notifications.testing import redis_celery_worker, redis_url

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "chiso/imports/tests/fixtures/seeds/000_fb8d0284897747aa.txt"
PASSWORD = "hai-may-chu-mot-csdl"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def nodes(tmp_path):
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("two servers need a database server and Redis (the PostgreSQL leg)")
    broker = redis_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chiso.settings",
        "CHISO_ENV": "development",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "MEDIA_ROOT": str(tmp_path / "media"),  # the storage backend both nodes use
    }
    servers, bases = [], []
    for name in ("a", "b"):
        port = free_port()
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (open while the server runs)
        command = [str(Path(sys.executable).parent / "gunicorn"), "chiso.wsgi", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", "1", "--threads", "2", "--timeout", "120"]
        servers.append((subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log), log))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            deadline = time.monotonic() + 240
            while True:
                try:
                    if requests.get(f"{base}/healthz", timeout=30).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):  # not listening yet, or starting
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"{base} did not start: {(tmp_path / 'a.log').read_text()[-2000:]}")
                time.sleep(0.5)
        with redis_celery_worker():
            yield bases
    finally:
        for server, log in servers:
            server.terminate()
            server.wait(timeout=30)
            log.close()


@pytest.mark.django_db(transaction=True)
def test_a_session_an_upload_and_a_job_across_two_nodes(nodes, world, district_coordinator):
    a, b = nodes
    # The servers run the production settings' password hashers, not the tests' fast one.
    hasher = PBKDF2PasswordHasher()
    district_coordinator.password = hasher.encode(PASSWORD, hasher.salt())
    district_coordinator.save(update_fields=["password"])
    jobs = []

    def ran(task=None, **_kwargs):
        jobs.append(task.name)

    task_postrun.connect(ran, weak=False)
    try:
        browser = requests.Session()
        browser.get(f"{a}/login/", timeout=30)
        answer = browser.post(
            f"{a}/login/",
            data={
                "username": district_coordinator.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            },
            headers={"Referer": f"{a}/login/"},
            allow_redirects=False,
            timeout=60,
        )
        assert answer.status_code == 302, answer.text[:500]

        # the session made on A signs the official in on B
        page = browser.get(f"{b}/plans/import/", allow_redirects=False, timeout=30)
        assert page.status_code == 200  # not sent to the login page

        # an upload on B: read by the Celery worker, its file kept in the shared storage
        with open(SEED, "rb") as fh:
            answer = browser.post(
                f"{b}/plans/import/",
                data={"unit": world.my_hao.pk, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
                files={"file": (SEED.name, fh, "text/plain")},
                headers={"Referer": f"{b}/plans/import/"},
                allow_redirects=False,
                timeout=120,
            )
        assert answer.status_code == 302, answer.text[:2000]
        assert "chiso.imports.read" in jobs
        record = PlanImport.objects.get()
        assert answer.headers["Location"].endswith(f"/plans/import/{record.pk}/")

        # A shows what the worker read, and hands back the file B stored
        preview = browser.get(f"{a}/plans/import/{record.pk}/", timeout=30)
        assert preview.status_code == 200 and "Bạch Sam" in preview.text
        download = browser.get(f"{a}/plans/import/{record.pk}/file/", timeout=30)
        assert download.status_code == 200 and download.content == SEED.read_bytes()
    finally:
        task_postrun.disconnect(ran)


def test_files_can_live_in_s3_compatible_storage():
    """CHISO_STORAGE=s3 puts uploads in a bucket through django-storages (no bucket is reached here)."""
    pytest.importorskip("storages")
    script = (
        "import django; django.setup(); from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location, s.default_acl)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chiso.settings",
        "CHISO_STORAGE": "s3",
        "S3_BUCKET": "chiso-media",
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "S3_ACCESS_KEY_ID": "minio",
        "S3_SECRET_ACCESS_KEY": "minio-secret",
    }
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["S3Storage", "chiso-media", "http://127.0.0.1:9000", "media", "None"]
    env["S3_BUCKET"] = ""
    refused = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode != 0 and "S3_BUCKET" in refused.stderr
