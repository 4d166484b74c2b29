import json
import os
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1].strip()) for text in logical]


def ignored(relative: PurePosixPath, patterns: list[str]) -> bool:
    """Enough of .dockerignore's matching for our file: `name`, `*.ext`, `**/name`."""
    prefixes = [PurePosixPath(*relative.parts[: i + 1]) for i in range(len(relative.parts))]
    for pattern in patterns:
        if pattern.startswith("**/"):
            if any(fnmatch(part, pattern[3:]) for part in relative.parts):
                return True
        elif any(fnmatch(str(prefix), pattern) for prefix in prefixes):
            return True
    return False


@pytest.fixture
def build_context(tmp_path) -> Path:
    """A copy of what `docker build .` sends, after .dockerignore."""
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    context = tmp_path / "app"
    for directory, subdirectories, files in os.walk(ROOT):
        base = PurePosixPath(Path(directory).relative_to(ROOT).as_posix())
        subdirectories[:] = [name for name in subdirectories if not ignored(base / name, patterns)]
        for name in files:
            if not ignored(base / name, patterns):
                (context / base).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(directory) / name, context / base / name)
    return context


def test_the_image_runs_gunicorn_as_a_non_root_user_on_port_8000():
    steps = instructions()
    by_name = {name: args for name, args in steps}

    assert steps[0] == ("FROM", "python:3.11-slim")
    assert by_name["USER"] not in {"root", "0"}
    assert by_name["EXPOSE"] == "8000"
    assert json.loads(by_name["CMD"])[:2] == ["gunicorn", "helpdesk.wsgi:application"]
    assert ("RUN", "pip install .") in steps
    assert "[dev]" not in (ROOT / "Dockerfile").read_text()


def test_the_build_context_holds_the_app_and_leaves_out_local_state(build_context):
    present = {path.relative_to(build_context).parts[0] for path in build_context.iterdir()}

    assert {"manage.py", "pyproject.toml", "helpdesk", "templates", "static"} <= present
    assert {"tickets", "escalation", "sla", "knownissues", "timesheets"} <= present
    assert present.isdisjoint({".git", ".venv", "var", "tests", ".env"})


def test_collectstatic_step_succeeds_in_the_build_context(build_context):
    # Given the build context, the build argument's throwaway key, and no database
    steps = instructions()
    secret_key = next(
        args.split("=", 1)[1]
        for name, args in steps
        if name == "ARG" and args.startswith("SECRET_KEY=")
    )
    run = next(args for name, args in steps if name == "RUN" and "collectstatic" in args)
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(build_context),
        "PYTHONPATH": str(build_context),
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        "SECRET_KEY": secret_key,
    }

    # When the Dockerfile's collectstatic step runs as written
    result = subprocess.run(
        ["sh", "-c", run],
        cwd=build_context,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    # Then the production (manifest) storage has every file, the project's own included
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((build_context / "var" / "static" / "staticfiles.json").read_text())
    assert "css/app.css" in manifest["paths"]
    assert "admin/css/base.css" in manifest["paths"]
