"""The outbox: rows written in the caller's transaction, one per dedupe key, sender on commit."""

import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from helpdesk.notifications import services
from helpdesk.notifications.models import Notification
from tests.support.broker import broker_unreachable

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_templates")]


def _enqueue(key="hello:1", **overrides):
    fields = {
        "kind": "hello",
        "recipient": "alice@example.com",
        "template": "testmail/hello",
        "context": {"name": "Alice <3"},
        "dedupe_key": key,
        "ticket_number": 7,
    }
    return services.enqueue(**{**fields, **overrides})


def test_enqueue_renders_subject_text_and_html_into_a_pending_row(settings, published):
    settings.HELPDESK_BASE_URL = "https://help.example.com/"

    assert _enqueue() is True

    row = Notification.objects.get()
    assert row.status == Notification.Status.PENDING
    assert (row.kind, row.recipient, row.ticket_number) == ("hello", "alice@example.com", 7)
    assert row.subject == "Hello Alice <3"  # one line, not escaped
    assert row.body_text == "Hi Alice <3, see https://help.example.com/portal/.\n"
    assert "<p>Hi Alice &lt;3</p>" in row.body_html  # escaped in HTML
    assert row.attempts == 0
    assert row.next_attempt_at == row.created_at


def test_a_second_row_with_the_same_key_is_not_written(published):
    _enqueue(context={"name": "first"})
    _enqueue(context={"name": "second"})

    assert Notification.objects.get().subject == "Hello first"


def _enqueue_then_fail():
    with transaction.atomic():
        _enqueue()
        raise RuntimeError("the change that caused it failed")


def test_the_row_rolls_back_with_the_callers_transaction(published):
    with pytest.raises(RuntimeError):
        _enqueue_then_fail()

    assert not Notification.objects.exists()


def test_no_recipient_queues_nothing(published, caplog):
    assert _enqueue(recipient="") is False
    assert not Notification.objects.exists()
    assert "No email address" in caplog.text


def test_the_sender_is_published_once_per_transaction_after_commit(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _enqueue("hello:1")
        _enqueue("hello:2")
        _enqueue("hello:3")
        assert published == []  # nothing before the commit

    assert len(callbacks) == 1
    assert published == ["notifications.send_pending"]
    assert Notification.objects.count() == 3


def test_an_unreachable_broker_is_logged_and_does_not_fail_the_caller(
    caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger="helpdesk.core.publish")
    with broker_unreachable():
        with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
            _enqueue()
        assert [publish() for publish in callbacks] == [False]  # logged, not raised

    assert Notification.objects.get().status == Notification.Status.PENDING
    assert "the periodic sender will deliver the pending mail" in caplog.text


def test_retry_gives_failed_rows_fresh_attempts_and_leaves_sent_rows_alone(published):
    now = timezone.now()
    _enqueue("a")
    _enqueue("b")
    Notification.objects.filter(dedupe_key="a").update(
        status=Notification.Status.FAILED, attempts=8, next_attempt_at=now - timedelta(days=1)
    )
    Notification.objects.filter(dedupe_key="b").update(
        status=Notification.Status.SENT, attempts=1, sent_at=now
    )

    assert services.retry(Notification.objects.values_list("pk", flat=True), at=now) == 1

    failed = Notification.objects.get(dedupe_key="a")
    assert (failed.status, failed.attempts, failed.next_attempt_at) == ("pending", 0, now)
    sent = Notification.objects.get(dedupe_key="b")
    assert (sent.status, sent.attempts, sent.sent_at) == ("sent", 1, now)
