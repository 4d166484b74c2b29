"""Factories for the outbound-mail tests: followers (``TicketCC``) and staff signatures."""

import factory
from django.utils import timezone

from helpdesk.notifications.models import StaffSettings
from tests.factories import TicketFactory
from tickets.models import TicketCC


class TicketCCFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketCC

    ticket = factory.SubFactory(TicketFactory)
    email = factory.Sequence(lambda n: f"follower{n}@example.com")
    source = TicketCC.Source.AGENT
    added_at = factory.LazyFunction(timezone.now)


class StaffSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffSettings

    signature = "Senior support engineer\nAcme Support · +1 555 0100"
