"""Test settings: the real settings, made fast (HackSoft / cookiecutter test settings)."""

import os

os.environ.setdefault("CHISO_ENV", "test")

from chiso.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
# Text recognition runs in the request that asks for it (a thread would not see the test's transaction).
CHISO_OCR_IN_THREAD = False
# Parallel test processes (pytest-xdist workers gw0, gw1, …) never share uploaded files or Redis databases:
# worker N uses databases 15 - 2N (cache) and 14 - 2N (Celery broker) of the test Redis.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
MEDIA_ROOT = BASE_DIR / (".test-media" if _WORKER == 0 else f".test-media-{_WORKER}")  # noqa: F405
_REDIS_SERVER = (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15").rsplit("/", 1)[0]
TEST_REDIS_URL = f"{_REDIS_SERVER}/{15 - 2 * _WORKER}"
TEST_BROKER_URL = f"{_REDIS_SERVER}/{14 - 2 * _WORKER}"
if REDIS_URL:  # noqa: F405
    CACHES = {"default": {**CACHES["default"], "LOCATION": TEST_REDIS_URL}}  # noqa: F405
# No throttle on the API in tests except where a test turns it on.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
