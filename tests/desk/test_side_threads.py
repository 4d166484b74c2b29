"""Side threads on the desk ticket page: the panel, starting a thread and writing into one, as a
plain form and with htmx; the timeline labels the thread's messages as internal."""

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.notifications.models import Notification
from tests.factories import TicketFactory
from tests.factories_side import DEV_LIST, PARTNER, inbound_answer, side_thread
from tests.support.snapshots import world
from tickets.models import Message, SideThread

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "side-threads"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _start_data(**overrides) -> dict:
    data = {
        "side-to": PARTNER,
        "side-cc": DEV_LIST,
        "side-subject": "Channel sync",
        "side-body": "Please check booking 4411.",
    }
    return {**data, **overrides}


def test_the_page_lists_each_thread_with_its_addresses_and_messages(agent):
    ticket = TicketFactory()
    thread = side_thread(ticket, agent)
    answer = inbound_answer(thread, "Fixed on our side.")

    html = _client(agent).get(reverse("desk-ticket", args=[ticket.pk])).content.decode()

    panel = html[html.index('<section id="side-threads"') :]
    assert "Side thread: Channel sync of booking 4411</h3>" in panel
    assert f"To {PARTNER} · CC dev@ownerrez.example, tier2@ownerrez.example" in panel
    assert panel.count('<a href="#message-') == 2
    assert f'<a href="#message-{answer.pk}">Answer by email' in panel
    assert f'action="/desk/tickets/{ticket.pk}/side-threads/{thread.pk}/"' in panel
    assert f'action="/desk/tickets/{ticket.pk}/side-threads/"' in panel
    timeline = html[: html.index('<section id="reply"')]
    label = (
        f'Internal note · side thread <a href="#side-thread-{thread.pk}">'
        "“Channel sync of booking 4411”</a> · only staff see this"
    )
    assert timeline.count(label) == 2
    assert timeline.count('class="message-card is-internal"') == 2


def test_an_agent_starts_a_thread_with_a_plain_form(agent):
    ticket = TicketFactory()
    client = _client(agent)

    response = client.post(reverse("desk-side-thread-start", args=[ticket.pk]), _start_data())

    assert response.status_code == 302
    assert response["Location"] == f"/desk/tickets/{ticket.pk}/#side-threads"
    thread = SideThread.objects.get(ticket=ticket)
    assert (thread.to, thread.cc, thread.subject) == ([PARTNER], [DEV_LIST], "Channel sync")
    assert Notification.objects.filter(kind="side_thread").count() == 2
    page = client.get(response["Location"]).content.decode()
    assert f"Side thread started: {PARTNER}, {DEV_LIST}." in page


def test_a_bad_address_shows_the_page_again_with_the_error_and_the_text_kept(agent):
    ticket = TicketFactory()
    before = world()

    response = _client(agent).post(
        reverse("desk-side-thread-start", args=[ticket.pk]), _start_data(**{"side-to": "ops@"})
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "&#x27;ops@&#x27; is not an email address." in html
    assert "Please check booking 4411.</textarea>" in html
    assert '<details class="side-thread-new" open>' in html
    assert world() == before


def test_with_htmx_the_panel_alone_is_swapped_in(agent):
    ticket = TicketFactory()
    client = _client(agent)

    started = client.post(
        reverse("desk-side-thread-start", args=[ticket.pk]), _start_data(), headers=HTMX
    )
    thread = SideThread.objects.get(ticket=ticket)
    refused = client.post(
        reverse("desk-side-thread-write", args=[ticket.pk, thread.pk]),
        {f"side-{thread.pk}-body": "  "},
        headers=HTMX,
    )
    written = client.post(
        reverse("desk-side-thread-write", args=[ticket.pk, thread.pk]),
        {f"side-{thread.pk}-body": "Any news?"},
        headers=HTMX,
    )

    assert started.status_code == 200
    html = started.content.decode()
    assert html.startswith('<section id="side-threads"')
    assert "<html" not in html
    assert "Side thread: Channel sync</h3>" in html
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert written.status_code == 200
    assert f"Sent to {PARTNER}, {DEV_LIST}." in written.content.decode()
    assert "Any news?" in written.content.decode()
    bodies = list(Message.objects.filter(side_thread=thread).values_list("body", flat=True))
    assert bodies == ["Please check booking 4411.", "Any news?"]


def test_a_thread_of_another_ticket_is_not_found(agent):
    thread = side_thread(TicketFactory(), agent)
    other = TicketFactory()
    before = world()

    response = _client(agent).post(
        reverse("desk-side-thread-write", args=[other.pk, thread.pk]),
        {f"side-{thread.pk}-body": "Wrong ticket."},
    )

    assert response.status_code == 404
    assert world() == before


def test_customers_are_refused_and_nothing_changes(customer):
    ticket = TicketFactory(requester=customer)
    before = world()

    response = _client(customer).post(
        reverse("desk-side-thread-start", args=[ticket.pk]), _start_data()
    )

    assert response.status_code == 403
    assert world() == before
