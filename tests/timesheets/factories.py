"""Factories of the timesheets models (the shared ones are in tests/factories.py)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import AgentFactory, OrganizationFactory, TicketFactory
from timesheets.models import FollowUp, SupportPack, TechnicalCall, TimeEntry
from timesheets.states import Activity, CallStatus


class SupportPackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPack

    organization = factory.SubFactory(OrganizationFactory)
    reference = factory.Sequence(lambda n: f"PACK-{n}")
    hours = Decimal("10")
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=335))
    consultant = factory.SubFactory(AgentFactory)


class TimeEntryFactory(factory.django.DjangoModelFactory):
    """A row written directly (no pack draw-down): for lists and query counts."""

    class Meta:
        model = TimeEntry

    agent = factory.SubFactory(AgentFactory)
    ticket = factory.SubFactory(TicketFactory)
    date = factory.LazyFunction(timezone.localdate)
    minutes = 30
    activity = Activity.RESEARCH
    billable = True
    note = "Read the logs."
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)


class TechnicalCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnicalCall

    ticket = factory.SubFactory(TicketFactory)
    agent = factory.SubFactory(AgentFactory)
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    scheduled_on = factory.LazyAttribute(lambda o: timezone.localtime(o.scheduled_at).date())
    status = CallStatus.SCHEDULED
    meeting_url = "https://meet.example.com/abc-defg-hij"
    created_by = factory.LazyAttribute(lambda o: o.agent)
    created_at = factory.LazyFunction(timezone.now)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    ticket = factory.SubFactory(TicketFactory)
    agent = factory.SubFactory(AgentFactory)
    due_on = factory.LazyFunction(timezone.localdate)
    note = "Follow up on the call."
    created_at = factory.LazyFunction(timezone.now)
