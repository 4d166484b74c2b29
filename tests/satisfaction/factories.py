import factory
from django.utils import timezone

from satisfaction.models import Survey
from tests.factories import AgentFactory, TicketFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    """A survey written directly (no email): for the dashboard's figures and query counts."""

    class Meta:
        model = Survey

    ticket = factory.SubFactory(TicketFactory, resolved=True)
    round = 1
    resolved_at = factory.LazyFunction(timezone.now)
    agent = factory.SubFactory(AgentFactory)
    tier = factory.LazyAttribute(lambda o: o.ticket.tier)
    category = factory.LazyAttribute(lambda o: o.ticket.category)

    class Params:
        good = factory.Trait(rating="good", answered_at=factory.LazyFunction(timezone.now))
        not_good = factory.Trait(rating="not_good", answered_at=factory.LazyFunction(timezone.now))
