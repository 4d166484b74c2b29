"""The customer confirms the intake summary on the portal (seed 004): "Yes, that's right" is a
line on the timeline; "Something's wrong" with what to correct is also their reply, which the
agent sees and answers. Once per ticket."""

import pytest

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests.factories import CustomerFactory, TicketFactory
from tickets import services
from tickets.models import IntakeConfirmation, Message

pytestmark = pytest.mark.django_db


def test_yes_is_recorded_on_the_timeline_and_the_agent_sees_it(customer, agent, client):
    ticket = TicketFactory(requester=customer)
    client.force_login(customer)

    page = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "Is this what you told us?" in page
    response = client.post(f"/portal/tickets/{ticket.pk}/intake/", {"answer": "yes"})

    assert response.status_code == 302
    assert IntakeConfirmation.objects.get(ticket=ticket).correct is True
    event = Message.objects.get(ticket=ticket, kind="event")
    assert event.body == "The customer confirmed the intake summary."
    page = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "You confirmed this summary." in page
    assert "Is this what you told us?" not in page
    client.force_login(agent)
    assert "The customer confirmed the intake summary." in (
        client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    )


def test_something_wrong_needs_the_correction_and_becomes_the_customer_s_reply(customer):
    ticket = TicketFactory(requester=customer, pending=True)

    with pytest.raises(ValidationFailed):
        services.confirm_intake(ticket, actor=customer, correct=False, comment="  ")
    assert IntakeConfirmation.objects.count() == 0

    services.confirm_intake(ticket, actor=customer, correct=False, comment="It is Chrome, not Edge")

    reply = Message.objects.get(ticket=ticket, kind="customer_reply")
    assert reply.body == "Something is wrong in the summary: It is Chrome, not Edge"
    ticket.refresh_from_db()
    assert ticket.status == "open"  # the customer answered: back to the agent


def test_answered_once_and_only_by_the_ticket_s_customers(customer, agent):
    ticket = TicketFactory(requester=customer)

    with pytest.raises(PermissionDenied):
        services.confirm_intake(ticket, actor=agent, correct=True)
    services.confirm_intake(ticket, actor=customer, correct=True)
    with pytest.raises(Conflict):
        services.confirm_intake(ticket, actor=customer, correct=False, comment="Changed my mind")

    assert IntakeConfirmation.objects.get(ticket=ticket).correct is True
    assert Message.objects.filter(ticket=ticket, kind="customer_reply").count() == 0
    stranger = CustomerFactory()
    assert not IntakeConfirmation.objects.filter(answered_by=stranger).exists()
