"""What an agent does on the ticket page: reply, note, transitions, assignment, tags.

Every action works as a plain form (redirect with a message) and through htmx (the fresh
state panel swapped in). A refused action changes nothing.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import AgentFactory, CustomerFactory, TagFactory, TicketFactory
from tickets import services
from tickets.models import Message, TransitionLog
from tickets.states import MessageKind, Party, Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "ticket-state"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the reply box ------------------------------------------------------------------------------


def test_send_posts_a_public_reply_and_keeps_the_status(agent):
    ticket = TicketFactory()

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/", {"body": "Try again now.", "action": "reply"}, follow=True
    )

    ticket.refresh_from_db()
    message = ticket.messages.get()
    assert response.redirect_chain == [(f"/desk/tickets/{ticket.pk}/", 302)]
    assert _messages(response) == ["Reply sent."]
    assert (message.kind, message.body, message.author) == (
        MessageKind.PUBLIC_REPLY,
        "Try again now.",
        agent,
    )
    assert ticket.status == Status.OPEN
    assert ticket.last_word == Party.STAFF


def test_send_and_set_pending_answers_and_moves_the_ticket_to_pending(agent):
    ticket = TicketFactory()

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/", {"body": "Fixed, please check.", "action": "reply_pending"}
    )

    ticket.refresh_from_db()
    assert response.status_code == 302
    assert ticket.status == Status.PENDING
    assert ticket.messages.get().kind == MessageKind.PUBLIC_REPLY
    log = TransitionLog.objects.get(ticket=ticket)
    assert (log.transition, log.from_status, log.to_status, log.actor) == (
        "set_pending",
        Status.OPEN,
        Status.PENDING,
        agent,
    )


def test_an_internal_note_keeps_the_status_and_who_had_the_last_word(agent):
    ticket = TicketFactory(pending=True, last_word=Party.STAFF)

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/", {"body": "Customer is on holiday.", "action": "note"}
    )

    ticket.refresh_from_db()
    assert response.status_code == 302
    assert ticket.messages.get().kind == MessageKind.INTERNAL_NOTE
    assert (ticket.status, ticket.last_word) == (Status.PENDING, Party.STAFF)
    assert TransitionLog.objects.count() == 0


def test_an_empty_reply_is_refused_and_nothing_is_saved(agent):
    ticket = TicketFactory()

    response = _client(agent).post(f"/desk/tickets/{ticket.pk}/", {"body": "", "action": "reply"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Message.objects.count() == 0


def test_send_and_set_pending_on_a_closed_ticket_is_refused_and_keeps_the_text(agent):
    ticket = TicketFactory(closed=True)

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/",
        {"body": "Here is what happened.", "action": "reply_pending"},
    )

    ticket.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 409
    assert f"Cannot set pending ticket #{ticket.pk}: it is Closed." in html
    assert "Here is what happened.</textarea>" in html
    assert Message.objects.count() == 0
    assert ticket.status == Status.CLOSED


def test_a_failed_note_reopens_the_box_in_note_mode(agent):
    ticket = TicketFactory()

    response = _client(agent).post(f"/desk/tickets/{ticket.pk}/", {"body": " ", "action": "note"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="box reply-box is-internal"' in html
    assert 'value="note" data-reply-mode checked' in html


# --- transitions --------------------------------------------------------------------------------


def _transition(user, ticket, headers=None, **data):
    return _client(user).post(
        f"/desk/tickets/{ticket.pk}/transition/",
        {"expected_status": ticket.status, **data},
        headers=headers or {},
    )


def test_resolve_without_javascript_redirects_back_with_a_message(agent):
    ticket = TicketFactory()

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/transition/",
        {"transition": "resolve", "expected_status": "open", "cause": "Cache.", "fix": "Cleared."},
        follow=True,
    )

    ticket.refresh_from_db()
    assert response.redirect_chain == [(f"/desk/tickets/{ticket.pk}/", 302)]
    assert _messages(response) == [f"Ticket #{ticket.pk} is now Resolved."]
    assert ticket.status == Status.RESOLVED


def test_hold_with_days_parks_the_ticket_and_logs_the_reason(agent):
    ticket = TicketFactory()
    before = timezone.now()

    response = _transition(agent, ticket, transition="hold", hold_days="5", comment="Vendor fix.")

    ticket.refresh_from_db()
    assert response.status_code == 302
    assert ticket.status == Status.ON_HOLD
    assert before + timedelta(days=5) <= ticket.hold_until <= timezone.now() + timedelta(days=5)
    assert TransitionLog.objects.get(ticket=ticket).comment == "Vendor fix."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"transition": "hold"}, "Say how many days to hold the ticket."),
        (
            {"transition": "hold", "hold_days": "0"},
            "Nothing was changed: Ensure this value is greater than or equal to 1.",
        ),
        ({"transition": "request_review", "comment": "  "}, "Say what needs reviewing."),
        ({"transition": "customer_replied"}, "Unknown transition 'customer_replied'."),
        (
            {"transition": "set_pending", "expected_status": "nonsense"},
            "Nothing was changed: Select a valid choice. nonsense is not one of the available "
            "choices.",
        ),
    ],
)
def test_a_transition_missing_what_it_needs_is_refused_and_changes_nothing(agent, data, message):
    ticket = TicketFactory()

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/transition/",
        {"expected_status": "open", **data},
        follow=True,
    )

    ticket.refresh_from_db()
    assert _messages(response) == [message]
    assert ticket.status == Status.OPEN
    assert ticket.hold_until is None
    assert TransitionLog.objects.count() == 0


def test_a_transition_with_htmx_swaps_in_the_new_state(agent):
    ticket = TicketFactory()

    response = _transition(agent, ticket, headers=HTMX, transition="set_pending")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "desk/_ticket_state_swap.html"
    assert "<html" not in html
    assert f"Ticket #{ticket.pk} is now Pending." in html
    assert 'role="status" tabindex="-1" data-focus-after-swap' in html
    # The header (status badge, SLA badge) and the side panels swap too: nothing stays stale.
    assert '<p class="desk-facts" id="ticket-facts" hx-swap-oob="true">' in html
    assert (
        '<span id="ticket-status-badge" class="tag status-badge" data-status="pending">'
        "Pending</span>"
    ) in html
    assert '<div id="ticket-panels" class="ticket-panels" hx-swap-oob="true">' in html
    assert '<div id="reply-actions" class="reply-actions" hx-swap-oob="true">' in html
    assert '<div id="messages" aria-live="polite" hx-swap-oob="true"></div>' in html
    assert 'name="expected_status" value="pending"' in html


def test_a_stale_transition_without_javascript_shows_the_message_and_the_fresh_state(agent):
    # Given the agent's page shows the ticket Open ...
    ticket = TicketFactory()
    page = _client(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'name="expected_status" value="open"' in page
    # ... when a colleague resolves it first ...
    services.transition(ticket, actor=AgentFactory(), name="resolve")

    # ... then the agent's Set Pending, posted from the stale page, is refused.
    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/transition/",
        {"transition": "set_pending", "expected_status": "open"},
        follow=True,
    )

    ticket.refresh_from_db()
    html = response.content.decode()
    assert response.redirect_chain == [(f"/desk/tickets/{ticket.pk}/", 302)]
    assert _messages(response) == [
        f"Ticket #{ticket.pk} changed while you were looking at it: it is now Resolved. "
        "Nothing was applied."
    ]
    assert ticket.status == Status.RESOLVED
    assert TransitionLog.objects.filter(ticket=ticket).count() == 1
    assert 'data-status="resolved">Resolved</span>' in html
    assert 'name="expected_status" value="resolved"' in html


def test_a_stale_transition_with_htmx_swaps_in_the_message_and_the_fresh_state(agent):
    ticket = TicketFactory()
    services.transition(ticket, actor=AgentFactory(), name="resolve")

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/transition/",
        {"transition": "set_pending", "expected_status": "open"},
        headers=HTMX,
    )

    ticket.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 409
    assert "changed while you were looking at it: it is now Resolved." in html
    assert 'role="alert" tabindex="-1" data-focus-after-swap' in html
    assert 'id="ticket-facts" hx-swap-oob="true">' in html
    assert 'data-status="resolved">Resolved</span>' in html
    assert 'name="transition" value="set_pending"' not in html
    assert ticket.status == Status.RESOLVED
    assert TransitionLog.objects.filter(ticket=ticket).count() == 1


# --- assignment ---------------------------------------------------------------------------------


def test_take_gives_an_unassigned_ticket_to_the_agent(agent):
    ticket = TicketFactory()

    response = _client(agent).post(f"/desk/tickets/{ticket.pk}/take/", follow=True)

    ticket.refresh_from_db()
    assert _messages(response) == ["The ticket is yours."]
    assert ticket.assignee == agent


def test_an_agent_cannot_take_a_ticket_another_agent_holds(agent):
    holder = AgentFactory()
    ticket = TicketFactory(assignee=holder)

    response = _client(agent).post(f"/desk/tickets/{ticket.pk}/take/", headers=HTMX)

    ticket.refresh_from_db()
    assert response.status_code == 403
    assert "Only a lead may reassign" in response.content.decode()
    assert ticket.assignee == holder


def test_an_agent_may_release_their_own_ticket(agent):
    ticket = TicketFactory(assignee=agent)

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/assign/", {"assignee": ""}, follow=True
    )

    ticket.refresh_from_db()
    assert _messages(response) == ["Nobody holds the ticket now."]
    assert ticket.assignee is None


def test_an_agent_cannot_give_a_ticket_to_someone_else(agent):
    other = AgentFactory()
    ticket = TicketFactory()

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/assign/", {"assignee": other.pk}, follow=True
    )

    ticket.refresh_from_db()
    assert _messages(response)[0].startswith("Only a lead may reassign")
    assert ticket.assignee is None


def test_a_lead_reassigns_a_ticket_with_htmx(lead):
    holder, other = AgentFactory(), AgentFactory(username="omar")
    ticket = TicketFactory(assignee=holder)

    response = _client(lead).post(
        f"/desk/tickets/{ticket.pk}/assign/", {"assignee": other.pk}, headers=HTMX
    )

    ticket.refresh_from_db()
    assert response.status_code == 200
    assert "Assigned to omar." in response.content.decode()
    assert ticket.assignee == other


def test_assigning_to_someone_who_is_not_an_agent_is_refused(lead):
    ticket = TicketFactory()

    response = _client(lead).post(
        f"/desk/tickets/{ticket.pk}/assign/", {"assignee": CustomerFactory().pk}, follow=True
    )

    ticket.refresh_from_db()
    assert _messages(response) == ["Choose an agent from the list."]
    assert ticket.assignee is None


# --- tags ---------------------------------------------------------------------------------------


def test_adding_tags_splits_on_commas_and_ignores_case(agent):
    ticket = TicketFactory()
    ticket.tags.add(TagFactory(name="Spanish"))

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/tags/", {"add": "spanish, Process Tweak ,"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "Tags saved." in response.content.decode()
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["Process Tweak", "Spanish"]


def test_removing_a_tag_keeps_the_others(agent):
    ticket = TicketFactory()
    ticket.tags.add(TagFactory(name="Spanish"), TagFactory(name="Process Tweak"))

    response = _client(agent).post(f"/desk/tickets/{ticket.pk}/tags/", {"remove": "SPANISH"})

    assert response.status_code == 302
    assert list(ticket.tags.values_list("name", flat=True)) == ["Process Tweak"]


def test_a_tag_that_is_too_long_is_refused_and_nothing_changes(agent):
    ticket = TicketFactory()
    ticket.tags.add(TagFactory(name="Spanish"))

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/tags/", {"add": "x" * 101}, follow=True
    )

    assert _messages(response) == ["A tag is at most 100 characters."]
    assert list(ticket.tags.values_list("name", flat=True)) == ["Spanish"]
