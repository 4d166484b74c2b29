"""``manage.py receive_email`` as a mail server runs it: a real process, the message on
standard input, the exit status read by the MTA (0 taken, 65 unreadable, 75 try again)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .corpus import mail

ROOT = Path(__file__).resolve().parents[2]


def _run(database: Path, stdin: bytes, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        "MEDIA_ROOT": str(database.parent / "media"),
        "DEBUG": "",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A migrated SQLite database of its own, with one customer (the command commits)."""
    path = tmp_path_factory.mktemp("receive_email") / "db.sqlite3"
    assert _run(path, b"", "migrate", "--noinput").returncode == 0
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from tickets.models import CustomerProfile, Organization\n"
        "org = Organization.objects.create(name='Acme', slug='acme')\n"
        "user = get_user_model().objects.create_user('carol', 'carol@acme.test')\n"
        "CustomerProfile.objects.create(user=user, organization=org)\n"
    )
    assert _run(path, b"", "shell", "-c", script).returncode == 0
    return path


def _count(database: Path, what: str) -> str:
    script = (
        "from mailgate.models import ReceivedMail\nfrom tickets.models import Ticket\n"
        f"print(*({what}))"
    )
    return _run(database, b"", "shell", "-c", script).stdout.decode().strip().splitlines()[-1]


def test_a_new_ticket_by_pipe_exits_0_and_a_duplicate_changes_nothing(database):
    raw = mail("new_ticket_with_cc", sender="carol@acme.test", agent="nobody@example.com")

    first = _run(database, raw, "receive_email")
    again = _run(database, raw, "receive_email")

    assert first.returncode == 0
    assert b"receive_email:" not in first.stderr
    assert first.stdout.decode().startswith("received: New ticket")
    assert again.returncode == 0
    assert again.stdout.decode().startswith("already received: New ticket")
    assert _count(database, "Ticket.objects.count(), ReceivedMail.objects.count()") == "1 1"


def test_a_refused_stranger_is_taken_with_exit_0(database):
    result = _run(database, mail("unknown_sender", domain="nowhere.example"), "receive_email")

    assert result.returncode == 0
    assert result.stdout.decode().startswith("received: Refused")


def test_standard_input_without_a_message_exits_65_with_one_line(database):
    result = _run(database, b"this is not an email\n", "receive_email")

    assert result.returncode == 65
    assert result.stderr.decode().count("\n") == 1
    assert result.stderr.decode().startswith("receive_email: standard input holds no RFC 5322")


def test_a_database_error_exits_75_so_the_mail_server_retries(tmp_path):
    unmigrated = tmp_path / "empty.sqlite3"

    result = _run(unmigrated, mail("unknown_sender", domain="nowhere.example"), "receive_email")

    assert result.returncode == 75
    line = result.stderr.decode()
    assert line.startswith("receive_email: database error, try again later:")
    assert line.count("\n") == 1
