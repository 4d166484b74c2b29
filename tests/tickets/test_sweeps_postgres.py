"""Sweeps under concurrency on PostgreSQL: two at once, and a sweep meeting a locked ticket."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections, transaction
from django.utils import timezone

from helpdesk.notifications.models import Notification
from tests.factories import CustomerFactory, TicketFactory
from tests.support.race import at_once, raised
from tickets import services, sweeps
from tickets.models import Message, Ticket
from tickets.states import MessageKind, Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    from helpdesk.celery import app

    monkeypatch.setattr(app, "send_task", lambda *args, **kwargs: None)


def _due_pending(count):
    now = timezone.now()
    customer = CustomerFactory()
    tickets = TicketFactory.build_batch(
        count,
        requester=customer,
        status=Status.PENDING,
        pending_since=now - timedelta(days=4),
        remind_at=now - timedelta(days=1),
    )
    return Ticket.objects.bulk_create(tickets)


def test_two_sweeps_at_once_remind_each_ticket_exactly_once(monkeypatch):
    tickets = _due_pending(200)
    slow = services.send_pending_reminder

    def send_slowly(ticket, *, at=None):
        time.sleep(0.002)  # long enough that both sweeps are certainly working at once
        return slow(ticket, at=at)

    monkeypatch.setattr(services, "send_pending_reminder", send_slowly)

    results = at_once(
        lambda: sweeps.PendingReminder().run(batch_size=10).applied,
        lambda: sweeps.PendingReminder().run(batch_size=10).applied,
    )

    assert raised(results) == [], results
    assert sum(results) == 200
    assert min(results) > 0  # both took a share: the rows were split, not applied twice
    reminders = Notification.objects.filter(kind="pending_reminder")
    assert reminders.count() == 200
    assert set(reminders.values_list("ticket_number", flat=True)) == {t.pk for t in tickets}
    assert Message.objects.filter(kind=MessageKind.EVENT).count() == 200
    assert not Ticket.objects.filter(reminder_sent_at__isnull=True).exists()


def test_a_sweep_skips_a_ticket_a_customer_is_replying_to_and_the_reply_wins():
    first, second = _due_pending(2)
    locked, release = threading.Event(), threading.Event()

    def customer_holds_the_row():
        with transaction.atomic():
            Ticket.objects.select_for_update().get(pk=first.pk)
            locked.set()
            release.wait(timeout=10)
            ticket = Ticket.objects.get(pk=first.pk)
        services.customer_reply(ticket, actor=ticket.requester, body="Here is the log.")

    thread = threading.Thread(target=lambda: (customer_holds_the_row(), connections.close_all()))
    thread.start()
    assert locked.wait(timeout=10)
    try:
        started = time.monotonic()
        applied = sweeps.PendingReminder().run().applied
        waited = time.monotonic() - started
    finally:
        release.set()
        thread.join(timeout=30)

    assert applied == 1  # the locked ticket was skipped, not waited for
    assert waited < 5
    assert Ticket.objects.get(pk=first.pk).status == Status.OPEN
    assert Ticket.objects.get(pk=second.pk).reminder_sent_at is not None
    assert sweeps.PendingReminder().run().applied == 0  # the reply cancelled the countdown
    assert list(Notification.objects.values_list("ticket_number", flat=True)) == [second.pk]
