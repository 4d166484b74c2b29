"""The IMAP door against a real Dovecot (tests/support/dovecot.py): every message stored once.

The messages come from senders no customer has, and the assertions are on the log of received
mail (``ReceivedMail``) and the flags on the server: what the door promises whatever the pipeline
makes of each message.
"""

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from mailgate import imap
from mailgate.models import Mailbox, ReceivedMail
from mailgate.services import pipeline
from mailgate.states import Source
from tests.support import workers
from tests.support.dovecot import Dovecot, require_dovecot
from tests.support.workers import wait_for

ROOT = Path(__file__).resolve().parents[2]
PASSWORD_ENV = "HELPDESK_TEST_IMAP_PASSWORD"


@pytest.fixture
def dovecot():
    server = Dovecot(require_dovecot()).start()
    try:
        yield server
    except BaseException:
        print(server.logs())  # noqa: T201 - shown by pytest only when the test fails
        raise
    finally:
        server.stop()


@pytest.fixture
def mailbox(db, dovecot, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, dovecot.password)
    return Mailbox.objects.create(
        name="support",
        host=dovecot.host,
        port=dovecot.port,
        use_tls=False,
        username=dovecot.user,
        password_env=PASSWORD_ENV,
    )


def _message(number: int, *, message_id: bool = True, subject: str = "") -> bytes:
    headers = [
        f"From: Sender {number} <sender{number}@example.net>",
        "To: support@example.com",
        f"Subject: {subject or f'Question number {number}'}",
        f"Date: Mon, 07 Dec 2026 09:{number % 60:02d}:00 +0000",
    ]
    if message_id:
        headers.append(f"Message-ID: <imap-test-{number}@example.net>")
    body = f"Hello,\r\n\r\nthis is message {number}.\r\n\r\nSender {number}\r\n"
    return (
        "\r\n".join([*headers, "MIME-Version: 1.0", "Content-Type: text/plain"]) + "\r\n\r\n" + body
    ).encode()


def _ids() -> Counter:
    return Counter(ReceivedMail.objects.values_list("message_id", flat=True))


def test_one_poll_stores_200_messages_once_and_marks_them_seen(dovecot, mailbox):
    dovecot.append([_message(n) for n in range(200)])

    poll = imap.poll(mailbox)

    assert (poll.fetched, poll.stored, poll.duplicates, poll.failed) == (200, 200, 0, 0)
    assert _ids() == Counter({f"<imap-test-{n}@example.net>": 1 for n in range(200)})
    assert set(ReceivedMail.objects.values_list("source", "mailbox_id")) == {
        (Source.IMAP, mailbox.pk)
    }
    assert dovecot.count("UNSEEN") == 0
    assert dovecot.count("SEEN") == 200
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at is not None
    assert mailbox.last_error == ""

    again = imap.poll(mailbox)

    assert (again.fetched, again.stored) == (0, 0)
    assert ReceivedMail.objects.count() == 200


def test_messages_fetched_again_after_a_crash_before_marking_are_stored_once(dovecot, mailbox):
    # Half the messages have no Message-ID: their key is a hash of the bytes, the same each fetch.
    dovecot.append([_message(n, message_id=n % 2 == 0) for n in range(20)])
    imap.poll(mailbox, batch_size=7)
    first = _ids()
    dovecot.mark_all_unseen()  # stored, then the worker died before it marked them

    again = imap.poll(mailbox, batch_size=7)

    assert (again.fetched, again.stored, again.duplicates) == (20, 0, 20)
    assert _ids() == first
    assert len(first) == 20
    assert set(first.values()) == {1}
    assert sum(1 for key in first if key.startswith("<sha256-")) == 10
    assert dovecot.count("UNSEEN") == 0


def test_processed_folder_receives_each_stored_message(dovecot, mailbox):
    mailbox.processed_folder = "Processed"
    mailbox.save()
    dovecot.append([_message(n) for n in range(12)])

    poll = imap.poll(mailbox, batch_size=5)

    assert poll.stored == 12
    assert dovecot.count("ALL") == 0
    assert dovecot.count("ALL", folder="Processed") == 12
    assert ReceivedMail.objects.count() == 12
    assert imap.poll(mailbox).fetched == 0


def test_a_wrong_password_is_recorded_and_fetches_nothing(dovecot, mailbox, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "not-the-password")
    dovecot.append([_message(n) for n in range(3)])

    poll = imap.poll(mailbox)

    assert poll.fetched == 0
    mailbox.refresh_from_db()
    assert mailbox.last_error == "The IMAP server refused the login of support."
    assert mailbox.last_polled_at is not None
    assert not ReceivedMail.objects.exists()
    assert dovecot.count("UNSEEN") == 3


def test_a_missing_password_variable_is_recorded_and_fetches_nothing(dovecot, mailbox, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV)
    dovecot.append([_message(1)])

    imap.poll(mailbox)

    mailbox.refresh_from_db()
    assert mailbox.last_error == f"The environment variable {PASSWORD_ENV} is not set."
    assert not ReceivedMail.objects.exists()
    assert dovecot.count("UNSEEN") == 1


def test_an_unreachable_server_is_recorded(mailbox, dovecot):
    dovecot.stop()

    imap.poll(mailbox)

    mailbox.refresh_from_db()
    assert mailbox.last_error.startswith("IMAP error: ConnectionRefusedError")
    assert not ReceivedMail.objects.exists()


def test_a_message_the_pipeline_fails_on_stays_unseen_and_the_rest_land(
    dovecot, mailbox, monkeypatch
):
    real = pipeline.process

    def failing(message, **kwargs):
        if message["Subject"] == "Breaks the pipeline":
            raise RuntimeError("something went wrong")
        return real(message, **kwargs)

    monkeypatch.setattr(pipeline, "process", failing)
    dovecot.append([_message(1), _message(2, subject="Breaks the pipeline"), _message(3)])

    poll = imap.poll(mailbox)

    assert (poll.fetched, poll.stored, poll.failed) == (3, 2, 1)
    assert set(_ids()) == {"<imap-test-1@example.net>", "<imap-test-3@example.net>"}
    assert dovecot.count("UNSEEN") == 1
    mailbox.refresh_from_db()
    assert mailbox.last_error == (
        "1 message could not be received and stays unseen: RuntimeError: something went wrong"
    )

    monkeypatch.setattr(pipeline, "process", real)  # fixed: the next poll takes it
    imap.poll(mailbox)

    assert set(_ids()) == {f"<imap-test-{n}@example.net>" for n in (1, 2, 3)}
    assert dovecot.count("UNSEEN") == 0
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""


def test_the_command_polls_active_mailboxes_only(dovecot, mailbox, capsys):
    Mailbox.objects.create(
        name="paused", host="127.0.0.1", port=1, use_tls=False, username="x",
        password_env=PASSWORD_ENV, active=False,
    )  # fmt: skip
    dovecot.append([_message(n) for n in range(4)])

    call_command("poll_mailboxes")

    assert capsys.readouterr().out == (
        "support: 4 fetched, 4 stored, 0 already received, 0 failed\n"
    )
    assert Mailbox.objects.get(name="paused").last_polled_at is None


def test_beat_polls_the_mailboxes_every_minute_from_the_database(db):
    from django_celery_beat.models import PeriodicTask

    from helpdesk.celery import app

    app.loader.import_default_modules()
    row = PeriodicTask.objects.select_related("interval").get(task="mailgate.poll_mailboxes")
    assert row.enabled
    assert (row.interval.every, row.interval.period) == (1, "minutes")
    assert "mailgate.poll_mailboxes" in app.tasks


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_poller_killed_mid_fetch_loses_and_doubles_nothing(dovecot, mailbox, tmp_path):
    dovecot.append([_message(n, message_id=n % 5 != 0) for n in range(200)])
    log = tmp_path / "poll.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        "DATABASE_URL": workers.test_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        PASSWORD_ENV: dovecot.password,
    }
    with log.open("wb") as out:
        poller = subprocess.Popen(
            [sys.executable, "manage.py", "poll_mailboxes"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for(
            lambda: ReceivedMail.objects.count() >= 25,
            timeout=60,
            interval=0.002,
            what=f"the poll to be under way (log: {log})",
        )
    finally:
        os.killpg(poller.pid, signal.SIGKILL)
        poller.wait(timeout=10)

    stored = ReceivedMail.objects.count()
    assert 25 <= stored < 200, "the poller finished before it could be killed"
    assert dovecot.count("UNSEEN") >= 200 - stored  # whatever was not marked is fetched again

    poll = imap.poll(mailbox)

    assert poll.stored == 200 - stored
    assert poll.duplicates == poll.fetched - poll.stored
    ids = _ids()
    assert len(ids) == 200
    assert set(ids.values()) == {1}
    assert dovecot.count("UNSEEN") == 0
    assert dovecot.count("SEEN") == 200
