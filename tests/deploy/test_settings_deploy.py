import os
import subprocess
import sys
from pathlib import Path

from django.utils.crypto import get_random_string

ROOT = Path(__file__).resolve().parents[2]
LOCAL_OVERRIDES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(**overrides: str) -> dict[str, str]:
    """This environment (DATABASE_URL included) in production mode, without local overrides.

    tests/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never has it.
    """
    env = dict(os.environ)
    for name in LOCAL_OVERRIDES:
        env.pop(name, None)
    env["DJANGO_PRODUCTION"] = "1"
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    # Given production mode with a strong key and a real host name
    env = production_env(SECRET_KEY=get_random_string(64), ALLOWED_HOSTS="helpdesk.example.com")

    # When Django's deployment checks run, warnings counting as failures
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    # Then none is reported
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_mode_refuses_to_start_without_a_secret_key():
    # Given production mode and no SECRET_KEY
    env = production_env(ALLOWED_HOSTS="helpdesk.example.com")

    # When any management command loads the settings
    result = manage("check", env=env)

    # Then it fails, naming the missing variable
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set when DJANGO_PRODUCTION=1." in result.stderr
    assert "System check identified" not in result.stdout
