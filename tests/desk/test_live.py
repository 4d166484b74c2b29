"""The desk's live updates: the ticket page's poll (nothing changed: one indexed query and 204;
something changed: the fresh parts), presence, and the reply refused when a newer message
arrived while the agent wrote."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import AgentFactory, MessageFactory, TicketFactory
from tests.support.snapshots import world
from tickets import selectors, services
from tickets.models import Message, TicketPresence
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _version(ticket) -> str:
    ticket.refresh_from_db()
    return selectors.live_version(ticket.updated_at)


def _poll(client, ticket, **params):
    return client.get(f"/desk/tickets/{ticket.pk}/live/", params)


def test_a_poll_when_nothing_changed_costs_one_query_and_answers_204(
    agent, django_assert_num_queries
):
    ticket = TicketFactory()
    client = _client(agent)
    first = _poll(client, ticket, v=_version(ticket), p="")  # writes the agent's presence
    assert first.status_code == 204
    shown = _version(ticket)
    # session, user and groups (every signed-in request), then the ONE live query: the ticket
    # by primary key joined to its fresh presence rows. The presence is 0 s old: no write.
    with django_assert_num_queries(4):
        response = _poll(client, ticket, v=shown, p="")
    assert response.status_code == 204
    assert response.content == b""
    assert "no-cache" in response["Cache-Control"]


def test_a_poll_writes_presence_with_one_upsert_once_it_is_ten_seconds_old(
    agent, django_assert_num_queries
):
    ticket = TicketFactory()
    client = _client(agent)
    _poll(client, ticket, v=_version(ticket))
    TicketPresence.objects.update(seen_at=timezone.now() - timedelta(seconds=11))
    shown = _version(ticket)
    # the same four, and the upsert (INSERT … ON CONFLICT DO UPDATE)
    with django_assert_num_queries(5):
        response = _poll(client, ticket, v=shown, p="")
    assert response.status_code == 204
    row = TicketPresence.objects.get()
    assert (row.user, row.ticket, row.typing_since) == (agent, ticket, None)
    assert row.seen_at > timezone.now() - timedelta(seconds=5)


def test_a_customer_reply_comes_back_with_the_fresh_conversation_header_and_panels(
    agent, django_assert_num_queries
):
    ticket = TicketFactory(assignee=agent)
    client = _client(agent)
    shown = _version(ticket)
    _poll(client, ticket, v=shown)
    services.customer_reply(ticket, actor=ticket.requester, body="It still fails on Safari.")

    # the four of any poll, then the page's parts as the ticket page reads them: the ticket,
    # transitions, timeline, follow-ups, messages and their files, CCs, the SLA clocks (badge
    # and panel), known issues, the articles answering it, tasks, time (the ticket page's own
    # queries, less its bell), the doc requests the ticket is in (issue 15: 1), the organization's
    # profile panel (issue 15: 1), whether the agent routes tickets (is in Triage; issue 16: 1),
    # and its first-response clock (issue 16: 1), and the tier's escalation rules for the SLA
    # panel's time-box nudge (issue 16: 1), the watchers panel (its watchers and the staff to
    # add: 2) and the partner tickets panel (its partner tickets and the partners: 2)
    with django_assert_num_queries(30):
        response = _poll(client, ticket, v=shown, p="")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div id="conversation" class="conversation" hx-swap-oob="true">' in html
    assert "It still fails on Safari." in html
    assert '<strong class="kind-label">Customer reply</strong>' in html
    assert '<p class="desk-facts" id="ticket-facts" hx-swap-oob="true">' in html
    assert 'id="ticket-state" class="ticket-state"' in html
    assert '<div id="ticket-panels" class="ticket-panels" hx-swap-oob="true">' in html
    assert "No article linked as this ticket's answer." in html
    reply = Message.objects.get(kind=MessageKind.CUSTOMER_REPLY)
    assert f'id="reply-seen" value="{reply.pk}" hx-swap-oob="true"' in html
    assert f'id="live-v" value="{_version(ticket)}" hx-swap-oob="true"' in html


def test_a_status_change_by_a_colleague_swaps_the_status_and_the_sla_badge(agent):
    ticket = TicketFactory()
    shown = _version(ticket)
    services.transition(ticket, actor=AgentFactory(), name="resolve")

    html = _poll(_client(agent), ticket, v=shown).content.decode()

    assert 'data-status="resolved">Resolved</span>' in html
    assert "Status: Resolved" in html
    assert 'value="reopen"' in html


def test_a_poll_asking_for_everything_renders_even_when_nothing_changed(agent):
    ticket = TicketFactory()
    response = _poll(_client(agent), ticket, v=_version(ticket), full="1")
    assert response.status_code == 200
    assert 'id="ticket-facts" hx-swap-oob="true"' in response.content.decode()


def test_agents_on_one_ticket_see_each_other_and_who_is_writing(agent):
    ticket = TicketFactory()
    ada = AgentFactory(username="ada")
    _poll(_client(ada), ticket, v=_version(ticket), typing="1")

    response = _poll(_client(agent), ticket, v=_version(ticket), p="")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-presence="ada">ada is writing a reply</span>' in html
    assert f'id="live-p" value="{ada.pk}t" hx-swap-oob="true"' in html
    assert "tina" not in html  # not themselves
    # the same presence again: nothing to send
    assert _poll(_client(agent), ticket, v=_version(ticket), p=f"{ada.pk}t").status_code == 204


def test_presence_expires_thirty_seconds_after_the_last_poll(agent):
    ticket = TicketFactory()
    ada = AgentFactory(username="ada")
    _poll(_client(ada), ticket, v=_version(ticket))
    TicketPresence.objects.filter(user=ada).update(seen_at=timezone.now() - timedelta(seconds=31))

    response = _poll(_client(agent), ticket, v=_version(ticket), p=f"{ada.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "ada" not in html
    assert 'id="live-p" value="" hx-swap-oob="true"' in html


def test_the_poll_is_for_agents_only(customer, client):
    ticket = TicketFactory(requester=customer)
    client.force_login(customer)
    assert client.get(f"/desk/tickets/{ticket.pk}/live/").status_code == 403
    assert not TicketPresence.objects.exists()


def test_an_unknown_ticket_is_404(agent):
    assert _client(agent).get("/desk/tickets/999999/live/").status_code == 404


# --- the reply written while a newer message arrived ---------------------------------------


def test_a_reply_crossing_a_newer_customer_message_is_refused_and_keeps_the_text(agent):
    ticket = TicketFactory(status=Status.OPEN)
    client = _client(agent)
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert 'id="reply-seen" value="0"' in page
    services.customer_reply(ticket, actor=ticket.requester, body="Never mind, it works now.")
    before = world()

    response = client.post(
        f"/desk/tickets/{ticket.pk}/",
        {"body": "Have you tried clearing the cache?", "action": "reply", "seen": "0"},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert world() == before
    assert "wrote on this ticket while you were writing" in html
    assert "Have you tried clearing the cache?</textarea>" in html
    assert "Never mind, it works now." in html
    newest = Message.objects.get(kind=MessageKind.CUSTOMER_REPLY).pk
    assert f'id="reply-seen" value="{newest}"' in html  # sending again now goes through
    again = client.post(
        f"/desk/tickets/{ticket.pk}/",
        {"body": "Have you tried clearing the cache?", "action": "reply", "seen": str(newest)},
    )
    assert again.status_code == 302
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 1


def test_an_internal_note_or_own_message_does_not_refuse_the_reply(agent):
    ticket = TicketFactory()
    MessageFactory(ticket=ticket, kind=MessageKind.INTERNAL_NOTE, author=AgentFactory())
    MessageFactory(ticket=ticket, kind=MessageKind.PUBLIC_REPLY, author=agent)

    outcome = services.reply(ticket, actor=agent, body="One more thing.", seen_message_id=0)

    assert outcome.message.body == "One more thing."
