"""The sender: delivers due rows once, retries with backoff, gives up after N attempts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from helpdesk.notifications import sender, services
from helpdesk.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_templates", "published")]


def _enqueue(key, at=None):
    services.enqueue(
        kind="hello",
        recipient=f"{key}@example.com",
        template="testmail/hello",
        context={"name": key},
        dedupe_key=f"hello:{key}",
        ticket_number=42,
        at=at,
    )


def test_due_rows_are_sent_once_as_text_and_html_with_a_stable_message_id(settings):
    settings.HELPDESK_BASE_URL = "https://help.example.com"
    _enqueue("alice")
    _enqueue("bob")

    first = sender.send_pending()
    second = sender.send_pending()

    assert (first.sent, second.sent) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]
    message = next(m for m in mail.outbox if m.to == ["alice@example.com"])
    assert message.subject == "Hello alice"
    assert message.body == "Hi alice, see https://help.example.com/portal/.\n"
    assert message.alternatives[0].mimetype == "text/html"
    assert message.extra_headers["X-Helpdesk-Ticket"] == "42"
    row = Notification.objects.get(recipient="alice@example.com")
    assert message.extra_headers["Message-ID"] == sender.message_id(row)
    assert message.extra_headers["Message-ID"].endswith("@help.example.com>")
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
    assert row.sent_at is not None


def test_rows_not_yet_due_wait():
    now = timezone.now()
    _enqueue("later", at=now + timedelta(minutes=5))

    assert sender.send_pending(now=now).sent == 0
    assert mail.outbox == []
    assert sender.send_pending(now=now + timedelta(minutes=5)).sent == 1


def test_a_refusing_server_means_backoff_then_failed_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS = 3
    settings.HELPDESK_NOTIFICATION_RETRY_BASE_SECONDS = 60
    now = timezone.now()
    _enqueue("alice", at=now)

    first = sender.send_pending(now=now)
    row = Notification.objects.get()
    assert (first.retrying, row.status, row.attempts) == (1, "pending", 1)
    assert row.next_attempt_at == now + timedelta(seconds=60)
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"

    assert sender.send_pending(now=now + timedelta(seconds=59)).processed == 0
    sender.send_pending(now=now + timedelta(seconds=60))
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 2)
    assert row.next_attempt_at == now + timedelta(seconds=60 + 120)

    last = sender.send_pending(now=now + timedelta(seconds=180))
    row.refresh_from_db()
    assert (last.failed, row.status, row.attempts) == (1, "failed", 3)
    assert sender.send_pending(now=now + timedelta(days=30)).processed == 0


def test_a_retried_failure_is_delivered_when_the_server_is_back(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS = 1
    _enqueue("alice")
    sender.send_pending()
    row = Notification.objects.get()
    assert row.status == Notification.Status.FAILED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.retry([row.pk])
    assert sender.send_pending().sent == 1
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_the_file_backend_writes_one_readable_eml_per_message(settings, tmp_path):
    settings.EMAIL_BACKEND = "helpdesk.notifications.backends.FilePerMessageBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    _enqueue("alice")
    _enqueue("bob")

    assert sender.send_pending().sent == 2

    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    assert all("-hello-" in f.name for f in files)
    texts = [f.read_text() for f in files]
    assert any("To: alice@example.com" in t for t in texts)
    assert all("X-Helpdesk-Ticket: 42" in t for t in texts)
    assert not list((tmp_path / "mail").glob(".*.tmp"))
