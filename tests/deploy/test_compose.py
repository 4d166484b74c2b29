import http.client
import importlib
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_cli
from django.core.management import get_commands, load_command_class
from gunicorn.config import Config as GunicornConfig

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SETTINGS_FILE = ROOT / "helpdesk" / "settings.py"
BIN = Path(sys.executable).parent
SERVICES = {"postgres", "redis", "web", "worker", "beat"}
# `${NAME}`, `${NAME:-default}`, `${NAME:?error}` (and without the colon): compose interpolation.
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def interpolate(text: str) -> str:
    """What compose makes of a value when only the defaults apply (required ones get a stand-in)."""

    def substitute(match: re.Match) -> str:
        return match["arg"] if match["op"] and match["op"].endswith("-") else "set-by-operator"

    return INTERPOLATION.sub(substitute, text).replace("$$", "$")


def argvs(command: str | list[str]) -> list[list[str]]:
    """The programs a service's command runs, `sh -c "a && exec b"` split into each one."""
    if isinstance(command, str):
        command = shlex.split(command)
    command = [interpolate(part) for part in command]
    if command[:2] != ["sh", "-c"]:
        return [command]
    programs = [shlex.split(part) for part in command[2].split("&&")]
    return [argv[1:] if argv[0] == "exec" else argv for argv in programs]


def app_services(compose: dict) -> dict[str, dict]:
    return {name: service for name, service in compose["services"].items() if "build" in service}


def settings_env_names() -> set[str]:
    source = SETTINGS_FILE.read_text()
    names = set(re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"(\w+)"', source))
    if "dj_database_url.config(" in source:
        names.add("DATABASE_URL")  # dj_database_url.config() reads it by default
    return names


def assert_runnable(argv: list[str]) -> None:
    program, *args = argv
    if program == "gunicorn":
        parsed = GunicornConfig().parser().parse_args(args)
        module_name, attr = parsed.args[0].split(":")
        assert callable(getattr(importlib.import_module(module_name), attr))
    elif program == "celery":
        assert args[:2] == ["-A", "helpdesk"]
        app = importlib.import_module("helpdesk").celery_app
        assert isinstance(app, Celery)
        obj = CLIContext(app=app, no_color=True, workdir=None)
        celery_cli.commands[args[2]].make_context(args[2], args[3:], obj=obj)
    elif program == "python":
        assert args[0] == "manage.py"
        assert (ROOT / "manage.py").is_file()
        app_name = get_commands()[args[1]]
        load_command_class(app_name, args[1]).create_parser("manage.py", args[1]).parse_args(
            args[2:]
        )
    else:
        pytest.fail(f"no check for {program!r}")


def test_compose_file_is_valid_against_the_compose_spec():
    # When the file is validated offline against the vendored Compose spec schema
    result = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE_FILE),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    # Then it conforms
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok -- validation done"


def test_compose_runs_the_five_services_with_exactly_one_beat(compose):
    services = compose["services"]

    assert set(services) == SERVICES
    beats = [
        name
        for name, service in services.items()
        for argv in argvs(service.get("command", []))
        if argv[:1] == ["celery"] and "beat" in argv
    ]
    assert beats == ["beat"]
    assert "scale" not in services["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_every_service_command_runs_something_that_exists(compose):
    commands = {
        name: argvs(service["command"])
        for name, service in compose["services"].items()
        if "command" in service
    }

    assert [argv[:4] for argv in commands["web"]] == [
        ["python", "manage.py", "migrate", "--noinput"],
        ["gunicorn", "helpdesk.wsgi:application", "--bind", "0.0.0.0:8000"],
    ]
    assert commands["worker"][0][:4] == ["celery", "-A", "helpdesk", "worker"]
    assert commands["beat"][0][:4] == ["celery", "-A", "helpdesk", "beat"]
    for argv in [argv for service_argvs in commands.values() for argv in service_argvs]:
        assert_runnable(argv)


def test_every_built_service_has_its_dockerfile(compose):
    services = app_services(compose)

    assert set(services) == {"web", "worker", "beat"}
    for service in services.values():
        build = service["build"]
        if isinstance(build, str):
            build = {"context": build}
        context = ROOT / build["context"]
        assert (context / build.get("dockerfile", "Dockerfile")).is_file()


def test_the_app_environment_is_read_by_the_settings(compose):
    read = settings_env_names()

    for name, service in app_services(compose).items():
        environment = service["environment"]
        assert set(environment) - read == set(), name
        assert environment["DJANGO_PRODUCTION"] == "1"
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert environment["ALLOWED_HOSTS"].startswith("${ALLOWED_HOSTS:?")
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["DATABASE_URL"].endswith("@postgres:5432/helpdesk")
        assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert {"EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"} <= set(
            environment
        )


def test_postgres_redis_and_web_have_healthchecks_the_others_wait_for(compose):
    services = compose["services"]

    assert {name for name, service in services.items() if "healthcheck" in service} == {
        "postgres",
        "redis",
        "web",
    }
    assert services["postgres"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "http://127.0.0.1:8000/healthz" in services["web"]["healthcheck"]["test"][3]
    depends = {name: service.get("depends_on", {}) for name, service in services.items()}
    assert {name: sorted(on) for name, on in depends.items()} == {
        "postgres": [],
        "redis": [],
        "web": ["postgres", "redis"],
        "worker": ["postgres", "redis", "web"],
        "beat": ["postgres", "redis", "web"],
    }
    for on in depends.values():
        assert {condition["condition"] for condition in on.values()} <= {"service_healthy"}


def test_postgres_data_and_media_live_in_named_volumes(compose):
    services = compose["services"]

    assert set(compose["volumes"]) == {"postgres-data", "media"}
    assert services["postgres"]["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    for name in ("web", "worker"):
        media_root = services[name]["environment"]["MEDIA_ROOT"]
        assert services[name]["volumes"] == [f"media:{media_root}"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_gunicorn(tmp_path):
    """gunicorn with the production settings, on a throwaway SQLite file and a free port."""
    port = free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_PRODUCTION="1",
        SECRET_KEY="x" * 64,
        ALLOWED_HOSTS="helpdesk.example.com,.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "helpdesk.wsgi:application",
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield port, env
    server.terminate()
    server.wait(timeout=30)


def test_web_healthcheck_passes_on_production_settings_despite_the_https_redirect(
    compose, production_gunicorn
):
    # Given the web app in production mode, redirecting plain HTTP to HTTPS
    port, env = production_gunicorn
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers={"Host": "helpdesk.example.com"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == "https://helpdesk.example.com/"

    # When the container's healthcheck command runs against it
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    probe = test[3].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    # Then it succeeds
    assert result.returncode == 0, result.stderr
