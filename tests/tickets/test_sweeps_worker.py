"""Real Celery workers on Redis and PostgreSQL run the sweeps and the sender.

Each test starts worker processes (``celery -A helpdesk worker``) on the test database and
publishes the tasks the way beat does. Skipped on SQLite (a second process cannot see the test's
data) and on the filesystem broker; CI sets DATABASE_URL and CELERY_BROKER_URL, so it runs them.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from helpdesk.notifications.models import Notification
from tests.factories import CustomerFactory, TicketFactory
from tests.support.broker import broker_unreachable
from tests.support.workers import Workers, broker_is_redis, wait_for
from tickets.models import Message, Ticket
from tickets.states import MessageKind, Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not broker_is_redis(), reason="runs on the Redis broker CI uses (CELERY_BROKER_URL)"
    ),
    pytest.mark.django_db(transaction=True),
]

SWEEP = "tickets.sweep_pending_reminders"
SEND = "notifications.send_pending"


@pytest.fixture
def workers(transactional_db, tmp_path):
    pool = Workers(tmp_path)
    try:
        yield pool
    except BaseException:
        print(pool.logs())  # noqa: T201 - shown by pytest only when the test fails
        raise
    finally:
        pool.close()


def _due_pending(count: int) -> list[Ticket]:
    now = timezone.now()
    tickets = TicketFactory.build_batch(
        count,
        requester=CustomerFactory(),
        status=Status.PENDING,
        pending_since=now - timedelta(days=4),
        remind_at=now - timedelta(days=1),
    )
    return Ticket.objects.bulk_create(tickets)


def _sent_reminders() -> int:
    return Notification.objects.filter(kind="pending_reminder", status="sent").count()


def test_two_workers_and_repeated_sweeps_send_each_due_reminder_exactly_once(workers):
    tickets = _due_pending(40)
    for _ in range(3):  # three beat ticks queued while no worker ran
        workers.publish(SWEEP, batch_size=5)
    workers.publish(SEND)

    first, second = workers.start(), workers.start()  # both sweep at once
    wait_for(lambda: _sent_reminders() == 40, timeout=60, what="40 sent reminders")
    workers.publish(SWEEP)
    workers.publish(SEND)
    wait_for(workers.drained, timeout=60, what="the queue to drain")
    workers.stop(first)
    workers.stop(second)

    per_ticket = workers.mails_per_ticket("pending_reminder")
    assert per_ticket == {ticket.pk: 1 for ticket in tickets}
    assert Notification.objects.filter(kind="pending_reminder").count() == 40
    assert Message.objects.filter(kind=MessageKind.EVENT).count() == 40


def test_a_worker_killed_mid_sweep_loses_and_doubles_nothing(workers):
    tickets = _due_pending(500)
    workers.publish(SWEEP, batch_size=5)
    doomed = workers.start()

    started = wait_for(
        lambda: Notification.objects.filter(kind="pending_reminder").count() >= 25,
        timeout=60,
        interval=0.005,
        what="the sweep to be under way",
    )
    workers.kill(doomed)

    # Half done, and every committed batch is whole: ticket, note and outbox row together.
    reminded = Ticket.objects.filter(reminder_sent_at__isnull=False).count()
    assert started
    assert 25 <= reminded < 500, "the worker finished before it could be killed"
    assert Notification.objects.filter(kind="pending_reminder").count() == reminded
    assert Message.objects.filter(kind=MessageKind.EVENT).count() == reminded

    workers.start()
    workers.publish(SWEEP)  # the next beat tick
    workers.publish(SEND)
    wait_for(lambda: _sent_reminders() == 500, timeout=120, what="500 sent reminders")
    wait_for(lambda: workers.queued() == 0, timeout=60, what="the queue to drain")
    time.sleep(1)  # anything still running would show up now
    workers.stop(workers.processes[-1])

    assert workers.mails_per_ticket("pending_reminder") == {t.pk: 1 for t in tickets}
    assert Notification.objects.filter(kind="pending_reminder").count() == 500
    assert Message.objects.filter(kind=MessageKind.EVENT).count() == 500
    assert not Ticket.objects.filter(reminder_sent_at__isnull=True).exists()


def test_mail_queued_while_the_broker_was_down_goes_out_when_it_is_back(workers, caplog):
    customer = CustomerFactory()
    client = APIClient()
    client.force_authenticate(customer)

    with broker_unreachable():
        response = client.post(
            "/api/tickets/",
            {"subject": "Checkout broken", "description": "500 on pay", "category": "question"},
            format="json",
        )
    assert response.status_code == 201
    assert "Could not publish notifications.send_pending" in caplog.text  # it was really down
    number = response.json()["number"]
    row = Notification.objects.get(ticket_number=number)
    assert (row.kind, row.status) == ("ticket_received", "pending")

    # The broker is back: beat's periodic sender reaches a worker.
    workers.start()
    workers.publish(SEND)
    wait_for(lambda: workers.mails_per_ticket("ticket_received"), timeout=60, what="the mail")
    wait_for(workers.drained, timeout=60, what="the queue to drain")
    workers.stop(workers.processes[-1])

    assert workers.mails_per_ticket("ticket_received") == {number: 1}
    mail = workers.mails()[0]
    assert mail["To"] == customer.email
    assert mail["Subject"] == f"[#{number}] Checkout broken"
    assert Notification.objects.get(pk=row.pk).status == "sent"
