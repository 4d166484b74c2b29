"""Seed 003-26: a new T4 who cannot answer sends the question to the Architecture group."""

import pytest

from escalation import services
from escalation.models import Team
from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory
from tickets import services as tickets
from tickets.states import FiledVia, MessageKind

pytestmark = pytest.mark.django_db


def test_the_architecture_group_is_seeded_and_offered_on_the_route_page(in_tier, staff, client):
    ticket = in_tier("T4")
    client.force_login(staff["T4"])

    page = client.get(f"/desk/tickets/{ticket.pk}/team/")

    assert Team.objects.filter(slug="architecture", name="Architecture").exists()
    assert page.status_code == 200
    assert '<option value="architecture">Architecture</option>' in page.content.decode()


def test_a_t4_sends_a_question_to_architecture_its_members_are_told(in_tier, staff):
    architecture = Team.objects.get(slug="architecture")
    chris, joel = AgentFactory(username="chris"), AgentFactory(username="joel")
    architecture.members.add(chris, joel)
    ticket = in_tier("T4")
    tickets.take(ticket, actor=staff["T4"])

    routing = services.send_to_team(
        ticket,
        actor=staff["T4"],
        team="architecture",
        reason="Which index does the report query need?",
        follow=True,
    )

    assert routing.team == architecture
    assert list(routing.followers.all()) == [staff["T4"]]
    assert ticket.messages.filter(kind=MessageKind.EVENT).last().body == (
        "**Sent to Architecture** by t4: Which index does the report query need?"
    )
    assert sorted(
        Notification.objects.filter(kind="team_ticket").values_list("recipient", flat=True)
    ) == ["chris@example.com", "joel@example.com"]


def test_forum_is_a_way_a_ticket_was_filed(staff):
    """Seed 003-54: a forum post an agent files by hand is marked as such."""
    ticket = tickets.submit_ticket(
        actor=staff["T1"],
        requester=staff["customer"],
        subject="Posted on the forum: export is empty",
        description="From the forum.",
        category="issue_with_error",
        filed_via=FiledVia.FORUM,
    )
    assert (ticket.filed_via, ticket.get_filed_via_display()) == ("forum", "Forum")
