"""Seed 003-54: a mailbox that receives the forum's notification emails files its new tickets
as Forum; every other mailbox (and the pipe) files them as Email."""

import pytest
from django.urls import reverse

from mailgate.services import receive
from mailgate.states import Source
from tests.factories import AgentFactory, CustomerFactory, OrganizationFactory
from tests.factories_inbound import MailboxFactory
from tickets.models import Ticket
from tickets.states import FiledVia, Status

from .corpus import mail

pytestmark = pytest.mark.django_db


def _customer(email="carol@acme.test"):
    org = OrganizationFactory(name="Acme", slug="acme")
    return CustomerFactory(username=email, email=email, customer_profile__organization=org)


def test_a_forum_mailbox_files_its_new_tickets_as_forum(client):
    carol = _customer()
    forum = MailboxFactory(name="Forum notifications", filed_via=FiledVia.FORUM)

    row = receive(mail("no_message_id", sender=carol.email), source=Source.IMAP, mailbox=forum)[0]

    ticket = Ticket.objects.get(pk=row.ticket_number)
    assert (ticket.filed_via, ticket.tier.slug, ticket.status, ticket.filed_by) == (
        FiledVia.FORUM,
        "triage",
        Status.OPEN,
        None,
    )
    client.force_login(AgentFactory())
    page = client.get(reverse("desk-ticket", kwargs={"number": ticket.pk})).content.decode()
    assert f"from {carol.get_username()} (forum)" in page


def test_an_ordinary_mailbox_and_the_pipe_file_tickets_as_email():
    carol = _customer()
    support = MailboxFactory(name="Support")
    assert support.filed_via == FiledVia.EMAIL

    by_imap = receive(
        mail("no_message_id", sender=carol.email), source=Source.IMAP, mailbox=support
    )[0]
    assert Ticket.objects.get(pk=by_imap.ticket_number).filed_via == FiledVia.EMAIL


def test_the_pipe_without_a_mailbox_files_tickets_as_email():
    carol = _customer()
    row = receive(mail("no_message_id", sender=carol.email))[0]
    assert Ticket.objects.get(pk=row.ticket_number).filed_via == FiledVia.EMAIL
