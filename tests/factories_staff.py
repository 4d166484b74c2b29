"""Factories of the staff alerts (helper "staff", issue 13)."""

import factory
from django.utils import timezone

from helpdesk.notifications.models import InAppNotification, StaffEvent
from tests.factories import AgentFactory


class InAppNotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InAppNotification

    user = factory.SubFactory(AgentFactory)
    event = StaffEvent.CUSTOMER_REPLIED
    ticket_number = 1
    title = factory.Sequence(lambda n: f"Customer replied on #{n}: Login fails")
    url = "http://testserver/desk/tickets/1/"
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
    created_at = factory.LazyFunction(timezone.now)
