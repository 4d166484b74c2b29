"""Two tickets of one group resolved at the same instant, each making the third duplicate: one
request opens, both tickets are in it, and both resolutions stand (PostgreSQL)."""

import pytest

from knowledge.models import DocRequest
from tests.factories import TicketFactory
from tests.support.race import at_once, raised
from tickets import services as tickets
from tickets.models import Ticket
from tickets.states import Status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_third_duplicates_at_once_open_one_request_with_both(agent):
    group = [TicketFactory() for _ in range(4)]
    for ticket in group:
        tickets.change_tags(ticket, actor=agent, add=["Billing"])
    for ticket in group[:2]:
        tickets.transition(ticket, actor=agent, name="resolve")

    outcomes = at_once(
        *(
            lambda pk=ticket.pk: tickets.transition(
                Ticket.objects.get(pk=pk), actor=agent, name="resolve"
            )
            for ticket in group[2:]
        )
    )

    assert raised(outcomes, BaseException) == []
    request = DocRequest.objects.get()
    assert sorted(request.asked_by.values_list("ticket_id", flat=True)) == sorted(
        t.pk for t in group
    )
    assert set(Ticket.objects.values_list("status", flat=True)) == {Status.RESOLVED}
