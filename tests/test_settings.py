"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys

import pytest

SECRET = "x7Hq-2pLz9vR4mWc8Ns0Tb6Yk1Jd3Fg5Ae7Ui9Oo2Pp4Ll6Kk8Mm0Nn2Bb4Vv6Cc8"


def run_chiso(args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "CHISO_ENV",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "chiso", *args], env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_passes_check_deploy_without_warnings():
    result = run_chiso(
        ["check", "--deploy", "--fail-level", "WARNING"],
        CHISO_ENV="production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_requires_secret_key_and_hosts(missing):
    env = {"CHISO_ENV": "production", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "example.org"}
    env.pop(missing)
    result = run_chiso(["check"], **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_bad_boolean_is_refused():
    result = run_chiso(["check"], DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_defaults_to_sqlite_without_environment():
    from chiso.lib.env import env_str  # noqa: F401  (imported for the module under test)

    result = run_chiso(
        ["shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"],
        DATABASE_URL="",
    )
    assert "sqlite3" in result.stdout


def test_secret_key_from_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET)
    result = run_chiso(
        ["check", "--deploy", "--fail-level", "WARNING"],
        CHISO_ENV="production",
        SECRET_KEY_FILE=str(secret_file),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
