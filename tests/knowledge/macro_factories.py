"""Macro factories (the shared ones are in tests/factories.py)."""

import factory
from django.utils import timezone

from escalation.models import Team
from knowledge.macro_models import Macro, MacroScope
from tests.factories import AgentFactory, LeadFactory
from tests.support.snapshots import project_models, world


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class MacroFactory(factory.django.DjangoModelFactory):
    """A macro for everyone by default; ``MacroFactory(person=True, owner=agent)`` for one
    person's, ``tier=`` / ``team=`` with the matching scope."""

    class Meta:
        model = Macro

    name = factory.Sequence(lambda n: f"Answer {n}")
    shortcut = factory.Sequence(lambda n: f"m{n}")
    language = "en"
    body = "Hi {{ customer.first_name }}, about ticket #{{ ticket.number }}."
    scope = MacroScope.EVERYONE
    created_by = factory.SubFactory(LeadFactory)
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)

    class Params:
        person = factory.Trait(scope=MacroScope.PERSON, owner=factory.SubFactory(AgentFactory))
        for_tier = factory.Trait(scope=MacroScope.TIER)
        for_team = factory.Trait(scope=MacroScope.TEAM, team=factory.SubFactory(TeamFactory))


def ticket_world():
    """Every table but the macros' own: what a macro's actions may change on the ticket side."""
    return world(*[m for m in project_models() if m._meta.app_label != "knowledge"])
