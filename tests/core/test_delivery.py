"""The delivery loop: due rows once, failures retried with backoff and recorded, given up after
the last attempt, at most ``limit`` rows a run. (On PostgreSQL two loops at once deliver each
row once: tests/notifications/test_sender_postgres.py.)"""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.core.delivery import Delivery, backoff
from helpdesk.notifications.models import Notification

pytestmark = pytest.mark.django_db


class Recorder(Delivery):
    """Delivers the outbox's rows into a list; refuses recipients in ``refuse``."""

    label = "test row"
    model = Notification

    def __init__(self, refuse=()):
        self.delivered, self.refuse = [], set(refuse)

    def attempt(self, row):
        if row.recipient in self.refuse:
            raise ConnectionRefusedError("no")
        self.delivered.append(row.recipient)


def _row(recipient, at):
    return Notification.objects.create(
        kind="hello",
        recipient=recipient,
        subject="Hello",
        body_text="Hi",
        dedupe_key=f"hello:{recipient}",
        next_attempt_at=at,
        created_at=at,
    )


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (10, 21600)])
def test_backoff_doubles_up_to_a_cap(settings, attempts, seconds):
    settings.HELPDESK_NOTIFICATION_RETRY_BASE_SECONDS = 60
    settings.HELPDESK_NOTIFICATION_RETRY_MAX_SECONDS = 21600
    assert backoff(attempts) == timedelta(seconds=seconds)


def test_due_rows_go_once_in_due_order_and_later_ones_wait():
    now = timezone.now()
    _row("b", now - timedelta(minutes=1))
    _row("a", now - timedelta(minutes=2))
    _row("later", now + timedelta(minutes=5))
    loop = Recorder()

    result = loop.run(now=now)

    assert (result.sent, result.processed, loop.delivered) == (2, 2, ["a", "b"])
    assert loop.run(now=now).processed == 0
    row = Notification.objects.get(recipient="a")
    assert (row.status, row.attempts, row.sent_at, row.last_error) == ("sent", 1, now, "")


def test_a_failure_is_recorded_retried_with_backoff_then_given_up(settings, caplog):
    settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS = 2
    settings.HELPDESK_NOTIFICATION_RETRY_BASE_SECONDS = 60
    caplog.set_level(logging.INFO, logger="helpdesk.core.delivery")
    now = timezone.now()
    _row("down", now)
    loop = Recorder(refuse={"down"})

    first = loop.run(now=now)
    row = Notification.objects.get()
    assert (first.retrying, row.status, row.attempts) == (1, "pending", 1)
    assert (row.next_attempt_at, row.last_error) == (
        now + timedelta(seconds=60),
        "ConnectionRefusedError: no",
    )
    assert loop.run(now=now + timedelta(seconds=59)).processed == 0

    last = loop.run(now=now + timedelta(seconds=60))
    row.refresh_from_db()
    assert (last.failed, row.status, row.attempts) == (1, "failed", 2)
    assert loop.run(now=now + timedelta(days=30)).processed == 0
    assert f"test row {row.pk} failed (attempt 1)" in caplog.text
    assert f"Gave up on test row {row.pk}: ConnectionRefusedError: no" in caplog.text


def test_a_run_stops_at_its_limit():
    now = timezone.now()
    for name in "abc":
        _row(name, now)
    loop = Recorder()
    assert loop.run(now=now, limit=2).sent == 2
    assert loop.run(now=now, limit=2).sent == 1
