"""Out of scope (seed 000): paid support gives no functional advice, training or live coding.
The agent declines with a reason: the customer gets the polite reply (public), the account
manager is told when routed, the ticket is Resolved; refusals change nothing."""

import pytest
from rest_framework.test import APIClient

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from helpdesk.notifications.models import InAppNotification, Notification
from tests.factories import AgentFactory, TicketFactory
from tickets import services
from tickets.models import Message, OrganizationProfile, OutOfScopeReply

pytestmark = pytest.mark.django_db


def _with_manager(ticket, username="fiona"):
    manager = AgentFactory(username=username, first_name="Fiona", last_name="Func")
    OrganizationProfile.objects.update_or_create(
        organization=ticket.organization, defaults={"account_manager": manager}
    )
    return manager


def test_declining_sends_the_reason_s_reply_tags_and_resolves(agent):
    ticket = TicketFactory()

    ticket = services.decline_out_of_scope(ticket, actor=agent, reason="training")

    assert ticket.status == "resolved"
    reply = Message.objects.get(ticket=ticket, kind="public_reply")
    assert "training on how to use it is outside what support can give" in reply.body
    assert reply.author == agent
    assert list(ticket.tags.values_list("name", flat=True)) == ["Out of scope"]
    mail = Notification.objects.get(kind="public_reply")
    assert mail.recipient == ticket.requester.email
    assert "training" in mail.body_text


def test_the_admin_s_text_replaces_the_default(agent):
    OutOfScopeReply.objects.create(reason="live_coding", body="We do not code live, sorry.")

    ticket = services.decline_out_of_scope(TicketFactory(), actor=agent, reason="live_coding")

    assert Message.objects.get(ticket=ticket, kind="public_reply").body == (
        "We do not code live, sorry."
    )


def test_routing_tells_the_account_manager_and_names_them_to_the_customer(agent):
    ticket = TicketFactory()
    manager = _with_manager(ticket)

    services.decline_out_of_scope(
        ticket, actor=agent, reason="functional_advice", route_to_account_manager=True
    )

    reply = Message.objects.get(ticket=ticket, kind="public_reply")
    assert reply.body.endswith(
        "We have passed your question on to Fiona Func, who will contact you."
    )
    note = Message.objects.get(ticket=ticket, kind="internal_note")
    assert note.body.startswith("@fiona out of scope for support (functional advice)")
    assert InAppNotification.objects.filter(user=manager, event="mentioned").count() == 1


def test_routing_without_an_account_manager_is_refused_and_nothing_is_sent(agent):
    ticket = TicketFactory()

    with pytest.raises(ValidationFailed) as refused:
        services.decline_out_of_scope(
            ticket, actor=agent, reason="training", route_to_account_manager=True
        )

    assert "has no account manager" in refused.value.message
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert Message.objects.filter(ticket=ticket).count() == 0
    assert Notification.objects.count() == 0


def test_an_unknown_reason_is_refused(agent):
    ticket = TicketFactory()

    with pytest.raises(ValidationFailed):
        services.decline_out_of_scope(ticket, actor=agent, reason="bug_fixing")

    assert Message.objects.filter(ticket=ticket).count() == 0


def test_a_customer_cannot_decline(customer):
    ticket = TicketFactory(requester=customer)

    with pytest.raises(PermissionDenied):
        services.decline_out_of_scope(ticket, actor=customer, reason="training")

    assert Message.objects.filter(ticket=ticket).count() == 0


def test_a_resolved_ticket_is_not_declined_twice(agent):
    ticket = services.decline_out_of_scope(TicketFactory(), actor=agent, reason="training")

    with pytest.raises(Conflict):
        services.decline_out_of_scope(ticket, actor=agent, reason="training")

    assert Message.objects.filter(ticket=ticket, kind="public_reply").count() == 1


def test_the_desk_action_and_the_api(agent):
    ticket = TicketFactory()
    client = APIClient()
    client.force_login(agent)

    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert "Decline as out of scope" in page
    response = client.post(f"/desk/tickets/{ticket.pk}/out-of-scope/", {"reason": "training"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "resolved"

    other = TicketFactory()
    bad = client.post(f"/api/tickets/{other.pk}/out-of-scope/", {"reason": "x"}, format="json")
    assert bad.status_code == 400
    ok = client.post(
        f"/api/tickets/{other.pk}/out-of-scope/", {"reason": "live_coding"}, format="json"
    )
    assert (ok.status_code, ok.json()) == (200, {"number": other.pk, "status": "resolved"})
