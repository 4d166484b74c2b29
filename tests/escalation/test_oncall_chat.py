"""Seed 003: "Always mention On-Call issues in Helpdesk chat with the link to the ticket." An
admin subscribes a chat-format webhook endpoint to ``oncall.page`` (docs/oncall-chat.md); each
step of the On-Call chain posts one line with the ticket's desk link to a real local server."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from escalation import services
from escalation.sweeps import run_on_call_chain
from helpdesk.notifications import events, webhooks
from tests.factories_webhooks import Receiver, WebhookEndpointFactory

pytestmark = pytest.mark.django_db

SATURDAY_NIGHT = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)  # out of hours: pages at once
TUESDAY_MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # a lead confirms first


@pytest.fixture
def chat():
    server = Receiver().start()
    WebhookEndpointFactory(url=server.url, events=[events.Name.ON_CALL_PAGE], format="chat")
    yield server
    server.stop()


def link(ticket) -> str:
    return settings.HELPDESK_BASE_URL.rstrip("/") + reverse("desk-ticket", args=[ticket.pk])


def posted(chat) -> list[str]:
    webhooks.deliver_pending()
    return [json.loads(request.body)["text"] for request in chat.requests]


def escalate(ticket, actor, at):
    with time_machine.travel(at, tick=False):
        return services.escalate_up(
            ticket,
            actor=actor,
            target_tier="ONCALL",
            questions=["Checkout is down. Can on-call look now?"],
            customer_message="Our on-call engineers are on it.",
        )


def test_an_on_call_ticket_and_its_page_are_posted_to_chat_with_the_link(in_tier, staff, chat):
    with time_machine.travel(SATURDAY_NIGHT - timedelta(minutes=5), tick=False):
        ticket = in_tier("T2", subject="Checkout returns 502")
    escalate(ticket, staff["T2"], SATURDAY_NIGHT)

    assert posted(chat) == [f"On-Call ticket #{ticket.pk}: Checkout returns 502 {link(ticket)}"]

    run_on_call_chain(now=SATURDAY_NIGHT + timedelta(minutes=60))

    assert posted(chat)[1:] == [f"On-Call page #{ticket.pk}: Checkout returns 502 {link(ticket)}"]


def test_nobody_on_call_still_posts_to_chat(in_tier, staff, chat, tier):
    tier("ONCALL").members.clear()
    with time_machine.travel(SATURDAY_NIGHT - timedelta(minutes=5), tick=False):
        ticket = in_tier("T2", subject="Sync stopped")
    escalate(ticket, staff["T2"], SATURDAY_NIGHT)

    assert posted(chat) == [f"On-Call ticket #{ticket.pk}: Sync stopped {link(ticket)}"]


def test_in_working_hours_the_chat_hears_the_lead_is_asked_then_the_page(in_tier, staff, chat):
    with time_machine.travel(TUESDAY_MORNING - timedelta(minutes=5), tick=False):
        ticket = in_tier("T2", subject="Checkout returns 502")
    escalate(ticket, staff["T2"], TUESDAY_MORNING)

    assert posted(chat) == [
        f"Confirm On-Call for #{ticket.pk}: Checkout returns 502 (escalated by t2) {link(ticket)}"
    ]

    services.confirm_on_call(ticket, actor=staff["lead"], at=TUESDAY_MORNING)

    assert posted(chat)[1:] == [f"On-Call ticket #{ticket.pk}: Checkout returns 502 {link(ticket)}"]
