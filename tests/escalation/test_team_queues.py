"""Seed 003: a ticket sent to a team is the team's, in the team's queue; Engagement's situations
are offered as reasons; Product reads the Notify Product flags."""

import pytest
from django.urls import reverse

from escalation import services
from escalation.models import Team, TicketRouting
from helpdesk.core.errors import ValidationFailed
from tests.support.snapshots import world
from tickets import services as tickets


@pytest.fixture
def engagement(db):
    return Team.objects.get(slug="engagement")


def test_engagement_situations_start_the_reason(submit, staff, engagement):
    ticket = submit()
    routing = services.send_to_team(
        ticket,
        actor=staff["T1"],
        team="engagement",
        reason="",
        triggers=["churn", "invoice", "churn"],
    )
    assert routing.team_reason == (
        "They mention or threaten closing their account.; "
        "Pushback on an invoice that one email did not resolve."
    )
    routing = services.send_to_team(
        submit(), actor=staff["T1"], team="engagement", reason="Wants a call.", triggers=["sales"]
    )
    assert (
        routing.team_reason
        == "A sales opportunity (a ProService, a new account…).\n\nWants a call."
    )


@pytest.mark.parametrize(
    ("triggers", "reason", "field"),
    [([], "  ", "reason"), (["gossip"], "Why not.", "triggers")],
)
def test_a_team_needs_a_reason_it_knows(submit, staff, triggers, reason, field):
    ticket = submit()
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.send_to_team(
            ticket, actor=staff["T1"], team="engagement", reason=reason, triggers=triggers
        )
    assert field in refused.value.details["fields"]
    assert world() == before


def test_the_team_queue_lists_its_open_tickets_longest_waiting_first(
    client, submit, staff, engagement, django_assert_num_queries
):
    first, second, other = submit("First"), submit("Second"), submit("Marketing one")
    for ticket in (first, second):
        services.send_to_team(ticket, actor=staff["T1"], team="engagement", triggers=["bad_news"])
    services.send_to_team(other, actor=staff["T1"], team="marketing", reason="Partnership.")
    done = submit("Done already")
    services.send_to_team(done, actor=staff["T1"], team="engagement", reason="Call them.")
    tickets.transition(done, actor=staff["T1"], name="resolve")
    engagement.members.add(staff["T2"])

    client.force_login(staff["T2"])
    # session, user, groups, team, rows, membership, running timer, bell
    with django_assert_num_queries(8):
        page = client.get(reverse("desk-team", args=["engagement"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(f"#{first.pk} First") < html.index(f"#{second.pk} Second")
    assert "Marketing one" not in html
    assert "Done already" not in html
    assert "Unusually bad news, best given in a friendly call." in html
    assert "You are on this team" in html

    listing = client.get(reverse("desk-teams")).content.decode()
    assert reverse("desk-team", args=["engagement"]) in listing


def test_the_query_count_does_not_grow_with_the_tickets(
    client, submit, staff, django_assert_num_queries
):
    def count():
        client.force_login(staff["T2"])
        with django_assert_num_queries(8) as captured:
            client.get(reverse("desk-team", args=["engagement"]))
        return len(captured)

    for n in range(5):
        services.send_to_team(submit(f"T{n}"), actor=staff["T1"], team="engagement", reason="x")
    five = count()
    for n in range(5, 50):
        services.send_to_team(submit(f"T{n}"), actor=staff["T1"], team="engagement", reason="x")
    assert count() == five


def test_product_reads_the_flags_and_an_unknown_team_is_404(client, submit, staff):
    flagged = submit("Feature idea")
    services.notify_product(flagged, actor=staff["T1"], note="They want a dark theme.")
    assert TicketRouting.objects.get(ticket=flagged).notify_product
    client.force_login(staff["T1"])
    html = client.get(reverse("desk-team", args=["product"])).content.decode()
    assert "Notify Product flags" in html
    assert f"#{flagged.pk} Feature idea" in html
    assert "1 flagged" in client.get(reverse("desk-teams")).content.decode()
    assert client.get(reverse("desk-team", args=["no-such-team"])).status_code == 404
    client.force_login(staff["customer"])
    assert client.get(reverse("desk-team", args=["product"])).status_code in (302, 403)
