"""Side threads with partners (seed 003): who may write, which addresses, what is queued."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import IntegrityError, transaction

from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications import addresses, sender
from helpdesk.notifications.models import Notification, StaffSettings
from tests.factories import AgentFactory, CustomerFactory, MessageFactory, TicketFactory
from tests.factories_side import (
    DEV_LIST,
    PARTNER,
    TIER2_LIST,
    customer_ticket,
    side_thread,
)
from tests.support.snapshots import world
from tickets import services
from tickets.models import Message, SideThread
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def _start(ticket, actor, **overrides):
    fields = {
        "to": [PARTNER],
        "cc": [DEV_LIST],
        "subject": "Channel sync",
        "body": "Please check booking 4411.",
        **overrides,
    }
    return services.start_side_thread(ticket, actor=actor, **fields)


def test_an_agent_starts_a_thread_one_internal_note_and_one_email_per_address(agent):
    ticket = TicketFactory(subject="Customer's private subject")

    thread = side_thread(ticket, agent)

    assert (thread.ticket, thread.to, thread.cc) == (ticket, [PARTNER], [DEV_LIST, TIER2_LIST])
    assert (thread.subject, thread.started_by) == ("Channel sync of booking 4411", agent)
    message = Message.objects.get(ticket=ticket)
    assert (message.kind, message.side_thread, message.author) == (
        MessageKind.INTERNAL_NOTE,
        thread,
        agent,
    )
    assert message.body == "Could you check booking 4411 on your side?"
    emails = Notification.objects.filter(ticket_number=ticket.pk).order_by("id")
    assert [e.recipient for e in emails] == [PARTNER, DEV_LIST, TIER2_LIST]
    for email in emails:
        assert email.kind == "side_thread"
        assert email.subject == f"[#{ticket.pk}] Channel sync of booking 4411"
        assert email.cc == []  # the others are named in the body: a Cc header would mail twice
        assert (email.in_reply_to, email.references) == ("", "")
        assert "Could you check booking 4411 on your side?" in email.body_text
        assert "<p>Could you check booking 4411 on your side?</p>" in email.body_html
        assert f"Sent to: {PARTNER}\nCopied: {DEV_LIST}, {TIER2_LIST}\n" in email.body_text
        assert "Customer's private subject" not in email.body_text + email.body_html
        assert ticket.description not in email.body_text + email.body_html


def test_each_recipient_gets_a_reply_address_that_reads_back_to_the_thread_and_only_them(agent):
    ticket = TicketFactory()

    thread = side_thread(ticket, agent)

    emails = {e.recipient: e for e in Notification.objects.filter(ticket_number=ticket.pk)}
    assert len({e.reply_to for e in emails.values()}) == 3
    for recipient, email in emails.items():
        parsed = addresses.parse(email.reply_to)
        assert (parsed.ticket_number, parsed.thread) == (ticket.pk, thread.pk)
        assert addresses.token_matches(parsed, recipient)
        others = set(emails) - {recipient}
        assert not any(addresses.token_matches(parsed, other) for other in others)
        assert not addresses.token_matches(parsed, ticket.requester.email)


def test_writing_again_threads_each_email_under_what_that_address_received(agent):
    ticket = TicketFactory()
    thread = side_thread(ticket, agent)
    first = {e.recipient: e for e in Notification.objects.filter(ticket_number=ticket.pk)}

    message = services.write_to_side_thread(thread, actor=agent, body="Any news on 4411?")
    services.write_to_side_thread(thread, actor=agent, body="Found it, thanks.")

    assert (message.kind, message.side_thread, message.author) == (
        MessageKind.INTERNAL_NOTE,
        thread,
        agent,
    )
    rows = Notification.objects.filter(ticket_number=ticket.pk).order_by("id")
    assert rows.count() == 9
    for recipient, original in first.items():
        second, third = [e for e in rows if e.recipient == recipient][1:]
        assert second.subject == f"Re: [#{ticket.pk}] Channel sync of booking 4411"
        assert second.in_reply_to == original.message_id
        assert second.references == original.message_id
        assert third.in_reply_to == second.message_id
        assert third.references == f"{original.message_id} {second.message_id}"
        assert second.reply_to == original.reply_to
        assert "Any news on 4411?" in second.body_text


def test_the_email_carries_the_headers_and_the_agents_signature(agent):
    StaffSettings.objects.create(user=agent, signature="Tina, Tier 3 support")
    ticket = TicketFactory()
    thread = side_thread(ticket, agent)
    services.write_to_side_thread(thread, actor=agent, body="Any news?")

    sender.send_pending()

    to_partner = [m for m in mail.outbox if m.to == [PARTNER]]
    assert [m.subject for m in to_partner] == [
        f"[#{ticket.pk}] Channel sync of booking 4411",
        f"Re: [#{ticket.pk}] Channel sync of booking 4411",
    ]
    first, answer = to_partner
    assert first.reply_to == [addresses.reply_address(ticket.pk, PARTNER, thread=thread.pk)]
    assert first.cc == []
    assert answer.extra_headers["In-Reply-To"] == first.extra_headers["Message-ID"]
    assert "Tina, Tier 3 support" in answer.body
    assert len(mail.outbox) == 6


@pytest.mark.parametrize("who", ["customer", "anonymous", "inactive agent"])
def test_only_staff_start_a_thread_and_a_refusal_writes_nothing(who):
    ticket = customer_ticket()
    actor = {
        "customer": lambda: ticket.requester,
        "anonymous": AnonymousUser,
        "inactive agent": lambda: AgentFactory(username="gone", is_active=False),
    }[who]()
    before = world()

    with pytest.raises(PermissionDenied, match=r"Only staff may write in side threads\."):
        _start(ticket, actor)

    assert world() == before


def test_only_staff_write_into_a_thread(agent):
    ticket = customer_ticket()
    thread = side_thread(ticket, agent)
    before = world()

    for actor in (ticket.requester, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.write_to_side_thread(thread, actor=actor, body="Let me in.")

    assert world() == before


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"to": []}, "to", "Write to at least one address."),
        ({"to": "ops at partner"}, "to", "'ops' is not an email address."),
        ({"cc": ["dev@"]}, "cc", "'dev@' is not an email address."),
        ({"to": ["support@helpdesk.localhost"]}, "to", "is the helpdesk's own address."),
        ({"cc": ["Support+12-abc@helpdesk.localhost"]}, "cc", "is the helpdesk's own address."),
        ({"subject": "  "}, "subject", "Give the thread a subject."),
        ({"body": "\n"}, "body", "Write a message."),
        ({"cc": [f"list{i}@x.example" for i in range(20)]}, "cc", "at most 20 addresses"),
    ],
)
def test_a_bad_address_or_an_empty_field_is_named_and_nothing_is_written(
    agent, overrides, field, error
):
    ticket = customer_ticket()
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        _start(ticket, agent, **overrides)

    assert refused.value.message == "The side thread was not started."
    assert any(error in text for text in refused.value.details["fields"][field])
    assert world() == before


@pytest.mark.parametrize(
    "address",
    ["alice@example.com", "MONA@example.com", "carol@home.example"],
    ids=["the requester", "a colleague of the organization", "a CC of the ticket"],
)
def test_nobody_on_the_customers_side_may_be_written_to_in_a_side_thread(agent, address):
    ticket = customer_ticket()
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        _start(ticket, agent, cc=[address])

    assert refused.value.details["fields"]["cc"] == [
        f"{address} is on the customer's side of this ticket; a side thread is internal. "
        "Write to the customer with a public reply."
    ]
    assert world() == before


def test_a_customer_of_another_organization_may_be_a_partner(agent):
    ticket = customer_ticket()
    vendor = CustomerFactory(username="vendor")

    thread = _start(ticket, agent, to=[vendor.email], cc=[])

    assert thread.to == ["vendor@example.com"]


def test_addresses_are_split_and_each_is_written_to_once(agent):
    ticket = TicketFactory()

    thread = _start(
        ticket, agent, to=f"{PARTNER}, Ops@Partner.example", cc=f"{DEV_LIST}; {PARTNER}"
    )

    assert (thread.to, thread.cc) == ([PARTNER], [DEV_LIST])
    assert Notification.objects.filter(ticket_number=ticket.pk).count() == 2


def test_a_side_thread_message_can_only_be_internal(agent):
    thread = side_thread(TicketFactory(), agent)
    message = MessageFactory(ticket=thread.ticket, kind=MessageKind.INTERNAL_NOTE)
    message.kind = MessageKind.PUBLIC_REPLY
    message.side_thread = thread

    with pytest.raises(IntegrityError), transaction.atomic():
        message.save()
    assert SideThread.objects.count() == 1


def test_a_participant_who_joined_the_customers_side_stops_the_thread(agent):
    ticket = customer_ticket()
    thread = side_thread(ticket, agent)
    ticket.ccs.create(email=DEV_LIST.upper(), source="agent", added_at=thread.started_at)
    before = world()

    with pytest.raises(ValidationFailed, match="now on the customer's side of this ticket"):
        services.write_to_side_thread(thread, actor=agent, body="Any news?")

    assert world() == before
