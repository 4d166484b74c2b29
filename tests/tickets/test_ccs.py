"""Followers (``TicketCC``): staff copy an address on a ticket's public replies; it never
receives an internal note, and neither does the requester."""

import pytest
from django.test import Client

from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.notifications import sender
from helpdesk.notifications.models import Notification
from tests.factories import MessageFactory, TicketFactory
from tests.factories_outbound import TicketCCFactory
from tests.support.snapshots import world
from tickets import services
from tickets.models import Message, Ticket, TicketCC
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def test_an_agent_copies_an_address_and_the_timeline_says_so(agent):
    ticket = TicketFactory()

    cc = services.add_cc(ticket, "  CFO@Example.com ", actor=agent)

    assert list(ticket.ccs.values_list("email", "source")) == [("CFO@Example.com", "agent")]
    assert cc.added_at is not None
    event = Message.objects.get(ticket=ticket)
    assert (event.kind, event.author, event.body) == (
        MessageKind.EVENT,
        agent,
        "tina copied CFO@Example.com on the replies.",
    )


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("not an address", "Enter a valid email address."),
        ("FOLLOWER@example.com", "FOLLOWER@example.com is already copied on this ticket."),
        ("requester", "That is the requester's own address: they receive every reply already."),
        (
            "staff",
            "TINA@EXAMPLE.COM belongs to staff: staff follow the ticket on the desk instead.",
        ),
    ],
)
def test_a_bad_duplicate_requester_or_staff_address_is_refused_and_nothing_changes(
    agent, email, error
):
    ticket = TicketFactory()
    TicketCCFactory(ticket=ticket, email="follower@example.com")
    if email == "requester":
        email = ticket.requester.email.upper()
    if email == "staff":
        agent.email = "tina@example.com"
        agent.save()
        email = "TINA@EXAMPLE.COM"
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.add_cc(ticket, email, actor=agent)

    assert refused.value.message == error
    assert world() == before


def test_a_customer_may_not_copy_anyone_and_nothing_changes():
    ticket = TicketFactory()
    before = world()

    with pytest.raises(PermissionDenied):
        services.add_cc(ticket, "friend@example.com", actor=ticket.requester)
    with pytest.raises(PermissionDenied):
        services.remove_cc(ticket, "friend@example.com", actor=ticket.requester)

    assert world() == before


def test_an_agent_removes_a_follower_in_any_case(agent):
    ticket = TicketFactory()
    TicketCCFactory(ticket=ticket, email="cfo@example.com")
    TicketCCFactory(ticket=ticket, email="cto@example.com")

    services.remove_cc(ticket, "CFO@example.com", actor=agent)

    assert list(ticket.ccs.values_list("email", flat=True)) == ["cto@example.com"]
    assert Message.objects.get(ticket=ticket).body == "tina stopped copying CFO@example.com."
    before = world()
    with pytest.raises(NotFound):
        services.remove_cc(ticket, "cfo@example.com", actor=agent)
    assert world() == before


def test_followers_get_public_replies_and_reminders_but_never_an_internal_note(agent):
    ticket = TicketFactory()
    services.add_cc(ticket, "cfo@example.com", actor=agent)
    services.add_internal_note(ticket, actor=agent, body="Secret: the vendor's bug.")
    services.reply(ticket, actor=agent, body="Fixed on our side.", set_pending=True)
    services.send_pending_reminder(Ticket.objects.get(pk=ticket.pk))
    services.auto_resolve(Ticket.objects.get(pk=ticket.pk))

    copied = dict(Notification.objects.values_list("kind", "cc"))
    assert copied == {
        "public_reply": ["cfo@example.com"],
        "pending_reminder": ["cfo@example.com"],
        "auto_resolved": [],
        "csat_question": [],  # the satisfaction question is the requester's alone
    }
    for row in Notification.objects.all():
        assert "Secret" not in row.body_text
        assert "Secret" not in row.body_html
        assert "Secret" not in row.subject


def test_no_email_of_any_kind_carries_an_internal_or_system_note(agent, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    ticket = services.submit_ticket(
        actor=TicketFactory().requester, subject="Slow", description="x", category="question"
    )
    services.add_cc(ticket, "cfo@example.com", actor=agent)
    services.take(ticket, actor=agent)
    services.add_internal_note(ticket, actor=agent, body="INTERNAL-ONLY: blame vendor.")
    MessageFactory(ticket=ticket, kind=MessageKind.SYSTEM_NOTE, body="SYSTEM-ONLY note.")
    services.reply(ticket, actor=agent, body="We are on it.")
    services.transition(ticket, actor=agent, name="close")

    sender.send_pending()

    assert len(mail.outbox) == 4  # received, taken, the reply, closed
    for email in mail.outbox:
        raw = email.message().as_string()
        assert "INTERNAL-ONLY" not in raw
        assert "SYSTEM-ONLY" not in raw
    copied = [email for email in mail.outbox if email.cc]
    assert [e.extra_headers["X-Helpdesk-Notification"] for e in copied] == ["public_reply"]


def test_a_follower_copied_with_the_requesters_address_is_not_copied_twice(agent):
    ticket = TicketFactory()
    TicketCCFactory(ticket=ticket, email=ticket.requester.email.upper())
    TicketCCFactory(ticket=ticket, email="cfo@example.com")

    services.reply(ticket, actor=agent, body="Answer.")

    assert Notification.objects.get().cc == ["cfo@example.com"]


# --- the desk ticket page ---------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_desk_page_lists_adds_and_removes_followers(agent):
    ticket = TicketFactory()
    TicketCCFactory(ticket=ticket, email="cto@example.com")
    client = _client(agent)
    url = f"/desk/tickets/{ticket.pk}/ccs/"

    html = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert '<span class="cc-email">cto@example.com</span>' in html
    assert f'<form method="post" action="{url}" class="cc-add">' in html

    response = client.post(url, {"action": "add", "email": "cfo@example.com"}, follow=True)
    html = response.content.decode()
    assert "cfo@example.com is copied." in html
    assert '<span class="cc-email">cfo@example.com</span>' in html

    response = client.post(url, {"action": "remove", "email": "cto@example.com"}, follow=True)
    html = response.content.decode()
    assert "cto@example.com is no longer copied." in html
    assert '<span class="cc-email">cto@example.com</span>' not in html
    assert list(TicketCC.objects.values_list("email", flat=True)) == ["cfo@example.com"]


def test_the_desk_refuses_a_bad_address_with_its_reason_and_changes_nothing(agent):
    ticket = TicketFactory()
    before = world()

    response = _client(agent).post(
        f"/desk/tickets/{ticket.pk}/ccs/", {"action": "add", "email": "nope"}, follow=True
    )

    assert "Enter a valid email address." in response.content.decode()
    assert world() == before


def test_a_customer_is_refused_at_the_desk_and_nothing_changes():
    ticket = TicketFactory()
    before = world()

    response = _client(ticket.requester).post(
        f"/desk/tickets/{ticket.pk}/ccs/", {"action": "add", "email": "x@example.com"}
    )

    assert response.status_code == 403
    assert world() == before
