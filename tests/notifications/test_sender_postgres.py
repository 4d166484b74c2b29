"""Two senders at once on PostgreSQL: every row delivered once."""

import pytest
from django.core import mail
from django.utils import timezone

from helpdesk.notifications import sender
from helpdesk.notifications.models import Notification
from tests.support.race import at_once, raised

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_two_senders_at_once_deliver_each_row_once():
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            kind="hello",
            recipient=f"r{i}@example.com",
            subject=f"Hello {i}",
            body_text="Hi",
            dedupe_key=f"hello:{i}",
            next_attempt_at=now,
            created_at=now,
        )
        for i in range(100)
    )

    results = at_once(lambda: sender.send_pending().sent, lambda: sender.send_pending().sent)

    assert raised(results) == [], results
    assert sum(results) == 100
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Hello {i}" for i in range(100))
    assert Notification.objects.filter(status="sent").count() == 100
