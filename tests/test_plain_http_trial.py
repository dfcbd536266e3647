"""Production mode on plain http, for a trial (CHISO_PLAIN_HTTP=true): logins work without TLS, nothing claims TLS."""

import json

from tests.test_settings import SECRET, run_chiso

PRINT = (
    "from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) for k in "
    "['SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
    "'CSRF_TRUSTED_ORIGINS', 'DEBUG']}))"
)


def settings_with(**env):
    result = run_chiso(
        ["shell", "-c", PRINT], CHISO_ENV="production", SECRET_KEY=SECRET, ALLOWED_HOSTS="10.0.0.5", **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_is_https_only_by_default():
    s = settings_with()
    assert s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] > 0
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://10.0.0.5"]


def test_plain_http_trial():
    s = settings_with(CHISO_PLAIN_HTTP="true")
    assert s == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,  # a browser keeps no Secure cookie from an http page: no login otherwise
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,  # never pin a trial host to https
        "CSRF_TRUSTED_ORIGINS": ["http://10.0.0.5"],
        "DEBUG": False,
    }
