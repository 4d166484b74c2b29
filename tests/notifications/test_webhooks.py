"""Signed webhooks for the team's other tools, delivered to a real HTTP server on 127.0.0.1."""

import json
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from helpdesk.notifications import events, webhooks
from helpdesk.notifications.models import WebhookDelivery, WebhookEndpoint
from knownissues import services as knownissues
from knownissues.models import KnownIssue
from tests.factories import TicketFactory
from tests.factories_webhooks import Receiver, WebhookEndpointFactory
from tickets import services as tickets
from tickets.states import Category, Status

pytestmark = pytest.mark.django_db

Name = events.Name


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def submit(customer, subject="Login fails after the update"):
    return tickets.submit_ticket(
        actor=customer,
        subject=subject,
        description="I cannot log in since this morning.",
        category=Category.ISSUE_WITH_ERROR,
    )


def desk_url(number: int) -> str:
    return settings.HELPDESK_BASE_URL.rstrip("/") + reverse("desk-ticket", args=[number])


def event(name=Name.SLA_RED, key="sla-red:1:1", **fields):
    fields.setdefault("title", "SLA Red on #1: Login fails")
    fields.setdefault("ticket_number", 1)
    fields.setdefault("url", "http://testserver/desk/tickets/1/")
    return events.Event(name=name, at=timezone.now(), dedupe_key=key, **fields)


# --- signing --------------------------------------------------------------------------------


def test_a_delivery_is_signed_with_the_endpoint_secret_and_verifies_only_with_it(
    customer, receiver
):
    endpoint = WebhookEndpointFactory(url=receiver.url, events=[Name.TICKET_CREATED])

    ticket = submit(customer)
    result = webhooks.deliver_pending()

    assert result.sent == 1
    [request] = receiver.requests
    headers = request.headers
    assert headers["X-Helpdesk-Event"] == "ticket.created"
    assert headers["X-Helpdesk-Delivery"] == f"webhook:{endpoint.pk}:ticket-created:{ticket.pk}"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    timestamp = headers["X-Helpdesk-Timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    signature = headers["X-Helpdesk-Signature"]
    assert signature.startswith("sha256=")
    assert len(signature) == len("sha256=") + 64
    now = time.time()
    assert webhooks.verify_signature(endpoint.secret, timestamp, request.body, signature, now)
    assert not webhooks.verify_signature("another-secret", timestamp, request.body, signature, now)
    assert not webhooks.verify_signature(
        endpoint.secret, timestamp, request.body + b" ", signature, now
    )
    assert not webhooks.verify_signature(
        endpoint.secret, str(int(timestamp) + 1), request.body, signature, now
    )
    payload = json.loads(request.body)
    assert payload == {
        "id": headers["X-Helpdesk-Delivery"],
        "event": "ticket.created",
        "at": ticket.created_at.isoformat(),
        "title": f"New ticket #{ticket.pk}: Login fails after the update",
        "ticket": ticket.pk,
        "url": desk_url(ticket.pk),
        "data": {
            "subject": "Login fails after the update",
            "status": "open",
            "category": "issue_with_error",
            "priority": ticket.priority,
            "tier": ticket.tier.code,
        },
    }
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.response_status, row.last_error) == ("sent", 1, 200, "")
    assert row.sent_at is not None


def test_verify_rejects_a_timestamp_older_or_newer_than_the_tolerance():
    secret = "s3cret"
    body = b'{"event":"sla.red"}'
    sent = 1_700_000_000
    signature = webhooks.sign(secret, sent, body)

    assert webhooks.verify_signature(secret, str(sent), body, signature, now=sent + 299)
    assert webhooks.verify_signature(secret, str(sent), body, signature, now=sent + 300)
    assert not webhooks.verify_signature(secret, str(sent), body, signature, now=sent + 301)
    assert not webhooks.verify_signature(secret, str(sent), body, signature, now=sent - 301)
    assert webhooks.verify_signature(
        secret, str(sent), body, signature, now=sent + 3600, tolerance=3600
    )
    assert not webhooks.verify_signature(secret, "yesterday", body, signature, now=sent)
    assert not webhooks.verify_signature(secret, str(sent), body, "", now=sent)


# --- retries --------------------------------------------------------------------------------


def test_a_500_is_retried_after_the_backoff_and_then_delivered_once(customer, receiver, settings):
    settings.HELPDESK_NOTIFICATION_RETRY_BASE_SECONDS = 60
    receiver.statuses = [500, 200]
    WebhookEndpointFactory(url=receiver.url, events=[Name.TICKET_CREATED])
    submit(customer)
    start = timezone.now()

    first = webhooks.deliver_pending(now=start)

    row = WebhookDelivery.objects.get()
    assert (first.sent, first.retrying) == (0, 1)
    assert (row.status, row.attempts, row.response_status) == ("pending", 1, 500)
    assert row.last_error == "DeliveryRefused: HTTP 500: try later"
    assert row.next_attempt_at == start + timedelta(seconds=60)

    early = webhooks.deliver_pending(now=start + timedelta(seconds=59))
    assert early.processed == 0
    assert len(receiver.requests) == 1

    second = webhooks.deliver_pending(now=start + timedelta(seconds=61))

    row.refresh_from_db()
    assert second.sent == 1
    assert (row.status, row.attempts, row.response_status, row.last_error) == ("sent", 2, 200, "")
    assert len(receiver.requests) == 2
    keys = {request.headers["X-Helpdesk-Delivery"] for request in receiver.requests}
    assert keys == {row.dedupe_key}
    assert receiver.requests[0].body == receiver.requests[1].body


def test_a_receiver_that_keeps_failing_is_given_up_after_the_maximum_attempts(receiver, settings):
    settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS = 2
    receiver.statuses = [503]
    WebhookEndpointFactory(url=receiver.url, events=[Name.SLA_RED])
    events.publish(event())
    start = timezone.now()

    webhooks.deliver_pending(now=start)
    result = webhooks.deliver_pending(now=start + timedelta(days=1))

    row = WebhookDelivery.objects.get()
    assert result.failed == 1
    assert (row.status, row.attempts, row.response_status) == ("failed", 2, 503)
    assert webhooks.deliver_pending(now=start + timedelta(days=2)).processed == 0
    assert len(receiver.requests) == 2


def test_a_redirect_is_a_failure_and_is_not_followed(receiver):
    receiver.statuses = [302]
    WebhookEndpointFactory(url=receiver.url, events=[Name.SLA_RED])
    events.publish(event())

    result = webhooks.deliver_pending()

    row = WebhookDelivery.objects.get()
    assert result.retrying == 1
    assert (row.status, row.response_status) == ("pending", 302)
    assert [request.path for request in receiver.requests] == ["/hook"]


def test_a_receiver_that_does_not_answer_is_retried_with_no_status():
    WebhookEndpointFactory(url="http://127.0.0.1:9/hook", events=[Name.SLA_RED])
    events.publish(event())

    result = webhooks.deliver_pending()

    row = WebhookDelivery.objects.get()
    assert result.retrying == 1
    assert (row.status, row.attempts, row.response_status) == ("pending", 1, None)
    assert row.last_error


# --- formats and subscriptions --------------------------------------------------------------


def test_the_chat_format_posts_one_text_line_with_the_number_subject_and_desk_link(
    customer, receiver
):
    WebhookEndpointFactory(url=receiver.url, events=[Name.TICKET_CREATED], format="chat")

    ticket = submit(customer)
    webhooks.deliver_pending()

    [request] = receiver.requests
    body = json.loads(request.body)
    link = desk_url(ticket.pk)
    assert body == {"text": f"New ticket #{ticket.pk}: Login fails after the update {link}"}
    assert "X-Helpdesk-Signature" in request.headers


def test_a_customer_subject_cannot_ping_the_channel_or_become_a_link(customer, receiver):
    WebhookEndpointFactory(url=receiver.url, events=[Name.TICKET_CREATED], format="chat")

    submit(customer, subject="<!channel> @here see <http://evil.example|this> & more")
    webhooks.deliver_pending()

    text = json.loads(receiver.requests[0].body)["text"]
    assert "<" not in text
    assert ">" not in text
    assert "&lt;!channel&gt; @\u200bhere see &lt;http://evil.example|this&gt; &amp; more" in text
    assert "\n" not in text


def test_an_endpoint_not_subscribed_or_inactive_gets_nothing(customer, receiver):
    subscribed = WebhookEndpointFactory(url=receiver.url, events=[Name.TICKET_CREATED])
    other = WebhookEndpointFactory(url=receiver.url + "/other", events=[Name.SLA_RED])
    paused = WebhookEndpointFactory(
        url=receiver.url + "/paused", events=[Name.TICKET_CREATED], active=False
    )

    submit(customer)
    webhooks.deliver_pending()

    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [subscribed.pk]
    assert [request.path for request in receiver.requests] == ["/hook"]
    assert not other.deliveries.exists()
    assert not paused.deliveries.exists()


def test_rows_of_an_endpoint_paused_after_the_event_wait_until_it_is_active(receiver):
    endpoint = WebhookEndpointFactory(url=receiver.url, events=[Name.SLA_RED])
    events.publish(event())
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)

    assert webhooks.deliver_pending().processed == 0

    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=True)
    assert webhooks.deliver_pending().sent == 1
    assert len(receiver.requests) == 1


# --- transactions and idempotence -----------------------------------------------------------


def test_the_delivery_task_is_published_once_after_the_commit(
    customer, published, django_capture_on_commit_callbacks
):
    WebhookEndpointFactory(events=[Name.TICKET_CREATED, Name.STATUS_CHANGED])
    WebhookEndpointFactory(events=[Name.TICKET_CREATED])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = submit(customer)
        assert published == []

    assert WebhookDelivery.objects.filter(event=Name.TICKET_CREATED).count() == 2
    for callback in callbacks:
        callback()
    assert published.count("notifications.deliver_webhooks") == 1
    assert ticket.pk


def test_a_rolled_back_change_sends_nothing(
    customer, receiver, published, django_capture_on_commit_callbacks
):
    WebhookEndpointFactory(url=receiver.url, events=[Name.TICKET_CREATED])

    def submit_then_fail():
        with transaction.atomic():
            submit(customer)
            raise RuntimeError("the caller failed after the ticket was written")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        submit_then_fail()

    assert webhooks.deliver_pending().processed == 0
    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []
    assert "notifications.deliver_webhooks" not in published


def test_delivering_again_never_resends_a_sent_row_and_a_replayed_event_is_queued_once(
    receiver,
):
    WebhookEndpointFactory(url=receiver.url, events=[Name.SLA_RED])
    events.publish(event())
    events.publish(event())  # the same change replayed

    webhooks.deliver_pending()
    webhooks.deliver_pending(now=timezone.now() + timedelta(days=1))
    retried = webhooks.retry(WebhookDelivery.objects.values_list("pk", flat=True))
    webhooks.deliver_pending(now=timezone.now() + timedelta(days=2))

    assert WebhookDelivery.objects.count() == 1
    assert retried == 0
    assert len(receiver.requests) == 1


def test_retry_gives_a_failed_row_a_fresh_set_of_attempts(receiver, settings, published):
    settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS = 1
    receiver.statuses = [500, 200]
    WebhookEndpointFactory(url=receiver.url, events=[Name.SLA_RED])
    events.publish(event())
    webhooks.deliver_pending()
    row = WebhookDelivery.objects.get()
    assert row.status == "failed"

    assert webhooks.retry([row.pk]) == 1
    webhooks.deliver_pending()

    row.refresh_from_db()
    assert (row.status, row.attempts, row.response_status) == ("sent", 1, 200)
    assert len(receiver.requests) == 2


# --- what is published ----------------------------------------------------------------------


def test_status_changes_by_people_and_by_sweeps_are_published(agent, receiver):
    WebhookEndpointFactory(url=receiver.url, events=[Name.STATUS_CHANGED])
    ticket = TicketFactory(subject="Invoices are late")

    tickets.transition(ticket, actor=agent, name="set_pending", comment="internal: waiting on DB")
    ticket.refresh_from_db()
    ticket = TicketFactory(subject="Old question", resolved=True)
    tickets.auto_close(ticket, at=timezone.now())
    webhooks.deliver_pending()

    bodies = [json.loads(request.body) for request in receiver.requests]
    assert [(b["event"], b["data"]["from_status"], b["data"]["to_status"]) for b in bodies] == [
        ("ticket.status_changed", Status.OPEN, Status.PENDING),
        ("ticket.status_changed", Status.RESOLVED, Status.CLOSED),
    ]
    assert bodies[0]["data"]["by"] == "tina"
    assert bodies[1]["data"]["by"] is None
    assert bodies[0]["title"].endswith("Invoices are late: Open → Pending")


def test_a_known_issue_posted_on_the_status_page_is_published(lead, receiver):
    WebhookEndpointFactory(url=receiver.url, events=[Name.KNOWN_ISSUE_POSTED], format="chat")
    now = timezone.now()
    issue = KnownIssue.objects.create(
        title="Calendar sync stalls",
        slug="calendar-sync",
        created_by=lead,
        created_at=now,
        updated_at=now,
    )

    knownissues.post_incident(issue, actor=lead, summary="Calendar sync is delayed.")
    webhooks.deliver_pending()

    [request] = receiver.requests
    text = json.loads(request.body)["text"]
    assert text.startswith(f"Known issue {issue.pk} posted on the status page: Calendar sync")
    assert text.endswith(f"/desk/known-issues/{issue.pk}/")
    assert request.headers["X-Helpdesk-Event"] == "known_issue.posted"
    row = WebhookDelivery.objects.get()
    assert row.payload["data"]["public_summary"] == "Calendar sync is delayed."


def test_no_payload_carries_internal_note_text(agent, customer, receiver):
    WebhookEndpointFactory(url=receiver.url, events=list(webhooks.EVENT_NAMES))
    ticket = submit(customer)
    tickets.add_internal_note(ticket, actor=agent, body="SECRET-7731 the DB password is hunter2")
    tickets.transition(ticket, actor=agent, name="hold", hold_days=2, comment="SECRET-7731 again")
    tickets.customer_reply(ticket, actor=customer, body="Any news?")
    webhooks.deliver_pending()

    assert len(receiver.requests) >= 3
    for request in receiver.requests:
        assert b"SECRET-7731" not in request.body
        assert b"hunter2" not in request.body
    for row in WebhookDelivery.objects.all():
        assert "SECRET-7731" not in json.dumps(row.payload)


# --- schedule and admin ---------------------------------------------------------------------


def test_the_delivery_loop_runs_every_minute_from_the_beat_schedule():
    task = PeriodicTask.objects.get(task="notifications.deliver_webhooks")
    assert (task.enabled, task.interval.every, task.interval.period) == (True, 1, "minutes")


def test_admin_creates_an_endpoint_with_a_generated_secret_and_its_events(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_webhookendpoint_add"),
        {
            "name": "Team chat",
            "url": "https://chat.example.com/hooks/abc",
            "format": "chat",
            "events": [Name.ON_CALL_PAGE, Name.SLA_RED],
            "active": "on",
        },
    )

    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == [Name.ON_CALL_PAGE, Name.SLA_RED]
    assert len(endpoint.secret) >= 40
    page = admin_client.get(
        reverse("admin:notifications_webhookendpoint_change", args=[endpoint.pk])
    )
    assert endpoint.secret in page.content.decode()


def test_admin_refuses_an_endpoint_that_is_not_http(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_webhookendpoint_add"),
        {"name": "Files", "url": "ftp://files.example.com/x", "format": "json", "events": []},
    )

    assert response.status_code == 200
    assert WebhookEndpoint.objects.count() == 0


def test_admin_rotates_a_secret(admin_client):
    endpoint = WebhookEndpointFactory()
    old = endpoint.secret

    admin_client.post(
        reverse("admin:notifications_webhookendpoint_changelist"),
        {"action": "rotate_secret", "_selected_action": [endpoint.pk]},
    )

    endpoint.refresh_from_db()
    assert endpoint.secret != old


def test_the_delivery_log_is_read_only_in_admin_with_a_retry_action(
    admin_client, settings, receiver, published
):
    settings.HELPDESK_NOTIFICATION_MAX_ATTEMPTS = 1
    receiver.statuses = [500]
    WebhookEndpointFactory(url=receiver.url, events=[Name.SLA_RED])
    events.publish(event())
    webhooks.deliver_pending()
    row = WebhookDelivery.objects.get()

    listing = admin_client.get(reverse("admin:notifications_webhookdelivery_changelist"))
    detail = admin_client.get(reverse("admin:notifications_webhookdelivery_change", args=[row.pk]))
    add = admin_client.get(reverse("admin:notifications_webhookdelivery_add"))
    admin_client.post(
        reverse("admin:notifications_webhookdelivery_changelist"),
        {"action": "retry", "_selected_action": [row.pk]},
    )

    assert listing.status_code == 200
    assert "sla.red" in listing.content.decode()
    assert detail.status_code == 200
    assert "HTTP 500" in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()  # no Save button
    assert add.status_code == 403
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 0)
