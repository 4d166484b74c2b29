"""Split can move part of a message (issue 14): the text an agent selects in the request or in a
public message becomes the new ticket's description, quoted, and the message stays. Text the
customer never read (an internal note) or words the message does not hold are refused."""

import pytest
from django.test import Client

from escalation import services
from helpdesk.core.errors import ValidationFailed
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.models import Message, Ticket
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db

REQUEST = "Checkout fails with a **502** on big carts.\n\nAlso: how do I add a second admin?"


@pytest.fixture
def ticket(staff, tier):
    made = tickets.submit_ticket(
        actor=staff["customer"],
        subject="Checkout fails",
        description=REQUEST,
        category="issue_with_error",
    )
    tickets.move_to_tier(made, actor=staff["TRIAGE"], tier=tier("T2"))
    made.refresh_from_db()
    return made


def test_text_selected_in_the_request_becomes_the_new_tickets_description(ticket, staff, tier):
    before = list(ticket.messages.values_list("pk", "body"))  # the move to T2: an event

    new = services.split(
        ticket,
        actor=staff["T2"],
        subject="Adding a second admin",
        quote="Also: how do I add a second admin?",
    )

    assert (new.subject, new.tier, new.assignee, new.requester) == (
        "Adding a second admin",
        tier("TRIAGE"),
        None,
        staff["customer"],
    )
    assert new.description == (
        f"Split from ticket #{ticket.pk} (the original request) so that this question gets its "
        "own answer:\n\n> Also: how do I add a second admin?"
    )
    ticket.refresh_from_db()
    assert ticket.description == REQUEST  # the request stays as the customer wrote it
    assert list(ticket.messages.values_list("pk", "body"))[: len(before)] == before  # none moved
    assert ticket.messages.filter(kind=MessageKind.EVENT).last().body == (
        f"**Split:** part of the original request moved to ticket #{new.pk} "
        "(Adding a second admin) by t2."
    )
    assert new.messages.get(kind=MessageKind.EVENT).body == (
        f"**Split** from ticket #{ticket.pk} (Checkout fails) by t2: back in TRIAGE with no "
        "assignee."
    )


def test_a_selection_of_a_public_message_matches_its_words_whatever_the_markdown(ticket, staff):
    reply = tickets.customer_reply(
        ticket,
        actor=staff["customer"],
        body="The export is *also* broken:\n\n- CSV is empty\n- PDF times out",
    ).message

    # What the browser's selection of the rendered message gives: no asterisks, no dashes.
    new = services.split(
        ticket,
        actor=staff["T2"],
        subject="Export broken",
        quote="The export is also broken:\nCSV is empty\nPDF times out",
        quote_of=reply.pk,
    )

    assert new.description.endswith(
        f"(message {reply.pk}) so that this question gets its own answer:\n\n"
        "> The export is also broken:\n> CSV is empty\n> PDF times out"
    )
    assert Message.objects.get(pk=reply.pk).ticket_id == ticket.pk  # the message stays
    assert f"part of message {reply.pk} moved to ticket #{new.pk}" in (
        ticket.messages.filter(kind=MessageKind.EVENT).last().body
    )


@pytest.mark.parametrize(
    ("source", "quote", "field"),
    [
        ("internal", "the vendor's bug", "quote_of"),  # staff-only text never becomes public
        ("event", "Moved from", "quote_of"),
        ("request", "how do I delete my account?", "quote"),  # not the customer's words
        ("reply", "second admin", "quote"),  # words of the request, not of that message
        ("other", "Other ticket's words", "quote_of"),  # a message of another ticket
    ],
)
def test_text_from_an_internal_note_or_not_in_the_message_is_refused_and_nothing_changes(
    ticket, staff, submit, source, quote, field
):
    note = tickets.add_internal_note(ticket, actor=staff["T2"], body="Blame the vendor's bug.")
    reply = tickets.customer_reply(ticket, actor=staff["customer"], body="Any news?").message
    other = tickets.customer_reply(
        submit(), actor=staff["customer"], body="Other ticket's words"
    ).message
    event = ticket.messages.filter(kind=MessageKind.EVENT).first()
    quote_of = {
        "internal": note.pk,
        "event": event.pk,
        "request": None,
        "reply": reply.pk,
        "other": other.pk,
    }[source]
    tickets_before = Ticket.objects.count()
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.split(ticket, actor=staff["T2"], subject="New", quote=quote, quote_of=quote_of)

    assert field in refused.value.details["fields"]
    assert world() == before
    assert Ticket.objects.count() == tickets_before


def test_the_split_page_offers_the_request_and_public_messages_as_sources_not_notes(ticket, staff):
    note = tickets.add_internal_note(ticket, actor=staff["T2"], body="Blame the vendor.")
    reply = tickets.customer_reply(ticket, actor=staff["customer"], body="Any news?").message
    client = Client()
    client.force_login(staff["T2"])
    url = f"/desk/tickets/{ticket.pk}/split/"

    html = client.get(url).content.decode()

    assert 'data-quote-source=""' in html  # the request
    assert f'data-quote-source="{reply.pk}"' in html
    assert f'data-quote-source="{note.pk}"' not in html
    assert "Move the selected text" in html
    assert '<script src="/static/js/split.js" defer></script>' in html

    refused = client.post(
        url, {"subject": "Admins", "quote": "Blame the vendor.", "quote_of": note.pk}
    )
    assert refused.status_code == 400
    assert Ticket.objects.filter(subject="Admins").count() == 0
    done = client.post(
        url, {"subject": "Admins", "quote": "how do I add a second admin?", "quote_of": ""}
    )
    assert done.status_code == 302
    assert Ticket.objects.get(subject="Admins").description.endswith(
        "> how do I add a second admin?"
    )
