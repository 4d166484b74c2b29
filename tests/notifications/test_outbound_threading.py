"""Every email about one ticket threads in the customer's mail client: one root Message-ID in
``In-Reply-To`` and ``References``, the ticket's reply address in ``Reply-To``, ``[#n]`` in the
subject. Asserted on the email the sender builds, and on what Django's mail backend received."""

from email import message_from_bytes
from email.utils import getaddresses

import pytest
from django.core import mail

from helpdesk.notifications import addresses, sender
from helpdesk.notifications.models import Notification
from helpdesk.notifications.services import message_id_for
from tests.factories import AgentFactory, CustomerFactory
from tests.factories_outbound import TicketCCFactory
from tickets import services
from tickets.models import Ticket
from tickets.notify import thread_root

pytestmark = pytest.mark.django_db


def _headers(row: Notification):
    """The email of ``row`` as a mail client parses it."""
    return message_from_bytes(sender.build_message(row).message().as_bytes())


def _story(published):
    """A ticket's life by email: received, two replies (a follower copied on the second), a
    pending reminder and the auto-resolution (with the satisfaction question, issue 15)."""
    customer = CustomerFactory(username="carla", email="carla@example.com")
    agent = AgentFactory(username="ada")
    ticket = services.submit_ticket(
        actor=customer, subject="Export fails", description="500", category="question"
    )
    services.take(ticket, actor=agent)
    services.reply(ticket, actor=agent, body="Which browser?")
    TicketCCFactory(ticket=ticket, email="cfo@example.com")
    services.reply(ticket, actor=agent, body="Fixed, please check.", set_pending=True)
    services.send_pending_reminder(Ticket.objects.get(pk=ticket.pk))
    services.auto_resolve(Ticket.objects.get(pk=ticket.pk))
    return ticket


def test_every_email_of_a_ticket_answers_its_first_one(published, settings):
    settings.HELPDESK_BASE_URL = "https://help.example.com"
    settings.HELPDESK_SUPPORT_ADDRESS = "support@help.example.com"
    ticket = _story(published)

    rows = list(Notification.objects.filter(ticket_number=ticket.pk).order_by("created_at", "id"))
    assert [row.kind for row in rows] == [
        "ticket_received",
        "ticket_taken",
        "public_reply",
        "public_reply",
        "pending_reminder",
        "csat_question",
        "auto_resolved",
    ]
    root = message_id_for(f"ticket-received:{ticket.pk}")
    assert thread_root(ticket) == root
    first, *later = [_headers(row) for row in rows]
    assert first["Message-ID"] == root
    assert first["In-Reply-To"] is None
    assert first["References"] is None
    for email in later:
        assert email["In-Reply-To"] == root
        assert email["References"] == root
        assert email["Message-ID"] != root
    ids = [email["Message-ID"] for email in [first, *later]]
    assert len(set(ids)) == len(ids)
    reply_to = addresses.reply_address(ticket.pk, "carla@example.com")
    assert reply_to.startswith(f"support+{ticket.pk}-")
    assert reply_to.endswith("@help.example.com")
    for email in [first, *later]:
        assert email["Reply-To"] == reply_to
        assert email["Subject"] == f"[#{ticket.pk}] Export fails"  # Gmail threads on it too
        assert email["To"] == "carla@example.com"


def test_a_reply_address_points_back_to_its_ticket_for_its_recipient_only(published):
    ticket = _story(published)
    row = Notification.objects.filter(kind="public_reply").first()

    parsed = addresses.parse(_headers(row)["Reply-To"])
    assert parsed is not None
    assert parsed.ticket_number == ticket.pk
    assert addresses.token_matches(parsed, "carla@example.com")
    assert not addresses.token_matches(parsed, "mallory@example.com")


def test_a_follow_up_ticket_threads_under_its_own_first_email(published):
    closed = Ticket.objects.get(pk=_story(published).pk)
    agent = AgentFactory(username="bob")
    services.transition(closed, actor=agent, name="close")
    outcome = services.customer_reply(closed, actor=closed.requester, body="It is back!")
    new = outcome.ticket
    services.reply(new, actor=agent, body="Looking again.")

    opened = Notification.objects.get(kind="follow_up_opened")
    answer = Notification.objects.get(kind="public_reply", ticket_number=new.pk)
    root = message_id_for(f"follow-up-opened:{new.pk}")
    assert thread_root(Ticket.objects.get(pk=new.pk)) == root
    assert _headers(opened)["Message-ID"] == root
    assert _headers(opened)["References"] is None
    assert (_headers(answer)["In-Reply-To"], _headers(answer)["References"]) == (root, root)


def test_sent_through_djangos_mail_backend_the_headers_arrive(published, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ticket = _story(published)

    result = sender.send_pending()

    assert result.sent == Notification.objects.count() == 7
    by_kind = {email.extra_headers["X-Helpdesk-Notification"]: email for email in mail.outbox}
    reply = by_kind["pending_reminder"].message()
    assert reply["In-Reply-To"] == thread_root(ticket)
    assert reply["Reply-To"] == addresses.reply_address(ticket.pk, "carla@example.com")
    assert [address for _, address in getaddresses(reply.get_all("Cc"))] == ["cfo@example.com"]
    assert by_kind["pending_reminder"].recipients() == ["carla@example.com", "cfo@example.com"]
