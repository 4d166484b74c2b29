"""Two agents add different tags to one ticket at the same instant: both tags stay. The tag
service reads the ticket's tags under its row lock, so neither write is built on a stale list."""

import pytest

from tests.factories import AgentFactory, TicketFactory
from tests.support.race import at_once, returned
from tickets import services
from tickets.models import Ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_tag_adds_keep_every_tag():
    ana, bo = AgentFactory(username="ana"), AgentFactory(username="bo")
    tickets = [TicketFactory() for _ in range(5)]
    for ticket in tickets:
        services.change_tags(ticket, actor=ana, add=["Checkout"])

    for ticket in tickets:
        outcomes = at_once(
            lambda t=ticket: services.change_tags(t, actor=ana, add=["Spanish"]),
            lambda t=ticket: services.change_tags(t, actor=bo, add=["Process Tweak"]),
        )
        assert len(returned(outcomes)) == 2

    for ticket in tickets:
        names = sorted(Ticket.objects.get(pk=ticket.pk).tags.values_list("name", flat=True))
        assert names == ["Checkout", "Process Tweak", "Spanish"]


def test_concurrent_add_and_remove_apply_both():
    ana, bo = AgentFactory(username="ana"), AgentFactory(username="bo")
    ticket = TicketFactory()
    services.change_tags(ticket, actor=ana, add=["Checkout", "Urgent"])

    outcomes = at_once(
        lambda: services.change_tags(ticket, actor=ana, remove=["Urgent"]),
        lambda: services.change_tags(ticket, actor=bo, add=["Spanish"]),
    )

    assert len(returned(outcomes)) == 2
    assert sorted(Ticket.objects.get(pk=ticket.pk).tags.values_list("name", flat=True)) == [
        "Checkout",
        "Spanish",
    ]
