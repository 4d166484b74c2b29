"""The outbox in Django admin: visible, filterable, read-only, with a retry action."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helpdesk.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _row(key, status):
    now = timezone.now()
    return Notification.objects.create(
        kind="hello",
        recipient="alice@example.com",
        ticket_number=3,
        subject="Hello",
        body_text="Hi",
        dedupe_key=key,
        status=status,
        attempts=8,
        next_attempt_at=now,
        created_at=now,
    )


def test_changelist_filters_by_status_and_links_the_ticket(admin_client_):
    _row("a", "failed")
    _row("b", "sent")
    url = reverse("admin:notifications_notification_changelist")

    page = admin_client_.get(url, {"status": "failed"})

    assert page.status_code == 200
    assert list(page.context["cl"].result_list.values_list("dedupe_key", flat=True)) == ["a"]
    assert reverse("admin:tickets_ticket_change", args=[3]) in page.content.decode()


def test_change_page_is_read_only(admin_client_):
    row = _row("a", "failed")
    page = admin_client_.get(reverse("admin:notifications_notification_change", args=[row.pk]))
    assert page.status_code == 200
    assert b'name="recipient"' not in page.content


def test_retry_action_requeues_failed_rows_and_schedules_the_sender(
    admin_client_, published, django_capture_on_commit_callbacks
):
    failed, sent = _row("a", "failed"), _row("b", "sent")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert "1 notification will be sent again." in [str(m) for m in response.context["messages"]]
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert (sent.status, sent.attempts) == ("sent", 8)
    assert published == ["notifications.send_pending"]
