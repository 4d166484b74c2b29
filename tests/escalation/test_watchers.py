"""Seed 003-55: watchers. An agent adds a colleague as a watcher of a ticket (or themselves),
removes one; an @mention in an internal note makes the agent named watch; only staff watch;
customers never see who watches."""

from collections import Counter

import pytest

from escalation import services
from escalation.models import TicketRouting
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications.models import InAppNotification
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def watchers(ticket) -> list[str]:
    return sorted(
        TicketRouting.followers.through.objects.filter(ticketrouting_id=ticket.pk).values_list(
            "user__username", flat=True
        )
    )


def inapp(event) -> Counter:
    return Counter(
        InAppNotification.objects.filter(event=event).values_list("user__username", flat=True)
    )


def test_an_agent_adds_a_colleague_who_then_hears_of_changes(in_tier, staff):
    ticket = in_tier("T2")
    mia = AgentFactory(username="mia")

    added = services.add_watcher(ticket, actor=staff["T2"], watcher="mia")

    assert added is True
    assert watchers(ticket) == ["mia"]
    assert ticket.messages.filter(kind=MessageKind.EVENT).last().body == (
        "**Watcher:** t2 added mia as a watcher."
    )
    tickets.transition(ticket, actor=staff["T2"], name="resolve")
    assert inapp("followed_changed") == Counter({mia.username: 1})


def test_adding_a_watcher_twice_changes_nothing_the_second_time(in_tier, staff):
    ticket = in_tier("T2")
    AgentFactory(username="mia")
    services.add_watcher(ticket, actor=staff["T2"], watcher="mia")
    before = world()

    assert services.add_watcher(ticket, actor=staff["T2"], watcher="@Mia") is False
    assert world() == before


def test_an_agent_follows_a_ticket_themselves(in_tier, staff):
    ticket = in_tier("T2")
    services.add_watcher(ticket, actor=staff["T2"], watcher=staff["T2"])
    assert watchers(ticket) == ["t2"]
    assert ticket.messages.filter(kind=MessageKind.EVENT).last().body == (
        "**Watcher:** t2 follows this ticket."
    )


@pytest.mark.parametrize("name", ["carol", "nobody", "", "retired"])
def test_only_active_staff_can_be_watchers(in_tier, staff, name):
    AgentFactory(username="retired", is_active=False)
    ticket = in_tier("T2")
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.add_watcher(ticket, actor=staff["T2"], watcher=name)

    assert refused.value.details["fields"] == {"watcher": ["Choose an agent or a lead."]}
    assert world() == before


def test_a_customer_cannot_add_or_remove_watchers(in_tier, staff):
    ticket = in_tier("T2")
    services.add_watcher(ticket, actor=staff["T2"], watcher="t2")
    before = world()
    with pytest.raises(PermissionDenied):
        services.add_watcher(ticket, actor=staff["customer"], watcher="t2")
    with pytest.raises(PermissionDenied):
        services.remove_watcher(ticket, actor=staff["customer"], watcher="t2")
    assert world() == before


def test_an_agent_removes_a_watcher_who_then_hears_nothing(in_tier, staff):
    ticket = in_tier("T2")
    AgentFactory(username="mia")
    services.add_watcher(ticket, actor=staff["T2"], watcher="mia")

    assert services.remove_watcher(ticket, actor=staff["lead"], watcher="mia") is True
    assert services.remove_watcher(ticket, actor=staff["lead"], watcher="mia") is False

    assert watchers(ticket) == []
    assert ticket.messages.filter(kind=MessageKind.EVENT).last().body == (
        "**Watcher:** lena removed mia from the watchers."
    )
    tickets.transition(ticket, actor=staff["T2"], name="resolve")
    assert inapp("followed_changed") == Counter()


def test_a_mention_in_an_internal_note_makes_the_agent_named_watch(in_tier, staff):
    ticket = in_tier("T2")
    mia = AgentFactory(username="mia")
    lead = LeadFactory(username="leo")
    CustomerFactory(username="cathy")

    tickets.add_internal_note(
        ticket, actor=staff["T2"], body="@mia and @leo, please look; @cathy and @ghost cannot."
    )
    tickets.add_internal_note(ticket, actor=staff["T2"], body="@mia again")

    assert watchers(ticket) == ["leo", "mia"]
    tickets.customer_reply(ticket, actor=ticket.requester, body="Any news?")
    assert inapp("followed_changed") == Counter({mia.username: 1, lead.username: 1})


def test_a_public_reply_mentioning_an_agent_does_not_make_them_watch(in_tier, staff):
    ticket = in_tier("T2")
    AgentFactory(username="mia")
    tickets.reply(ticket, actor=staff["T2"], body="My colleague @mia will call you.")
    assert watchers(ticket) == []


# --- desk and API -------------------------------------------------------------------------------


def test_the_desk_panel_adds_and_removes_a_watcher(in_tier, staff, client):
    ticket = in_tier("T2")
    AgentFactory(username="mia")
    client.force_login(staff["T2"])

    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert "Nobody watches this ticket." in page
    assert '<option value="mia">mia</option>' in page

    added = client.post(f"/desk/tickets/{ticket.pk}/watchers/", {"watcher": "mia"}, follow=True)
    assert "mia now watches this ticket." in added.content.decode()
    assert watchers(ticket) == ["mia"]

    refused = client.post(f"/desk/tickets/{ticket.pk}/watchers/", {"watcher": "carol"}, follow=True)
    assert "carol is not a member of staff" in refused.content.decode()

    client.post(f"/desk/tickets/{ticket.pk}/watchers/remove/", {"watcher": "mia"})
    assert watchers(ticket) == []


def test_the_api_lists_adds_and_removes_watchers(in_tier, staff, client):
    ticket = in_tier("T2")
    AgentFactory(username="mia")
    client.force_login(staff["T2"])
    url = f"/api/tickets/{ticket.pk}/watchers/"

    created = client.post(url, {"watcher": "mia"}, content_type="application/json")
    again = client.post(url, {"watcher": "mia"}, content_type="application/json")
    bad = client.post(url, {"watcher": "carol"}, content_type="application/json")
    listed = client.get(url)
    removed = client.delete(f"{url}mia/")
    missing = client.delete(f"{url}mia/")

    assert (created.status_code, created.json()) == (
        201,
        {"ticket": ticket.pk, "watchers": ["mia"]},
    )
    assert again.status_code == 200
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"] == {"watcher": ["Choose an agent or a lead."]}
    assert listed.json()["watchers"] == ["mia"]
    assert (removed.status_code, removed.json()["watchers"]) == (200, [])
    assert missing.status_code == 404


def test_customers_never_see_watchers(in_tier, staff, client):
    ticket = in_tier("T2")
    AgentFactory(username="mia")
    services.add_watcher(ticket, actor=staff["T2"], watcher="mia")
    client.force_login(staff["customer"])

    api = client.get(f"/api/tickets/{ticket.pk}/watchers/")
    portal = client.get(f"/portal/tickets/{ticket.pk}/")

    assert api.status_code == 403
    assert portal.status_code == 200
    assert "mia" not in portal.content.decode()
    assert "Watcher" not in portal.content.decode()
