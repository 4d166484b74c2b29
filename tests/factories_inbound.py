"""Factories for the inbound mail tests (helper "inbound")."""

import factory
from django.utils import timezone

from mailgate.models import Mailbox
from mailgate.states import UnknownSender
from tests.factories import AgentFactory, TicketFactory
from tickets.models import SideThread
from tickets.states import Category


class MailboxFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailbox

    name = factory.Sequence(lambda n: f"Support mailbox {n}")
    host = "127.0.0.1"
    username = "support"
    password_env = "HELPDESK_IMAP_PASSWORD"
    default_category = Category.ISSUE_NO_ERROR
    unknown_sender = UnknownSender.REFUSE


class SideThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SideThread

    ticket = factory.SubFactory(TicketFactory)
    subject = "Payment gateway timeouts for a shared customer"
    to = factory.LazyFunction(lambda: ["pat@vendor.example"])
    cc = factory.LazyFunction(lambda: ["dev@helpdesk-team.example"])
    started_by = factory.SubFactory(AgentFactory)
    started_at = factory.LazyFunction(timezone.now)
