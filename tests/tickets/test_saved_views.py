"""Saved views of the desk queue: an agent's own, a lead's shared with a tier (and its default),
who may do what, and where an agent lands on a bare /desk/."""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import AgentFactory, LeadFactory, TagFactory, TicketFactory, UserFactory
from tests.support.snapshots import world
from tickets import services
from tickets.models import SavedView, Tier
from tickets.states import Priority

pytestmark = pytest.mark.django_db

URGENT = "tier=t1&assignee=none&priority=top&sort=sla_due"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _member(tier_slug: str, **kwargs):
    agent = AgentFactory(**kwargs)
    Tier.objects.get(slug=tier_slug).members.add(agent)
    return agent


def _panel(html: str) -> list[str]:
    """The Views panel's links as the agent reads them: name and note, the current one marked."""
    panel = html[html.index('<section id="queue-views"') : html.index("</section>")]
    links = re.findall(
        r'<a class="queue-view-link( is-current)?" href="[^"]*"[^>]*>(.*?)</a>', panel
    )
    return [("* " if current else "") + unescape(re.sub(r"<[^>]+>", "", t)) for current, t in links]


@pytest.fixture
def t1():
    return Tier.objects.get(slug="t1")


@pytest.fixture
def published(lead, t1):
    return services.save_view(
        actor=lead, name="Urgent, unassigned", query=URGENT, tier=t1, is_default=True
    )


# --- saving from the queue ------------------------------------------------------------------


def test_an_agent_saves_the_view_on_screen_and_it_opens_marked_as_current(agent):
    client = _client(agent)

    response = client.post(
        "/desk/views/", {"name": "  My  stale ones ", "query": "tier=t2&sort=activity"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/desk/?tier=t2&sort=activity"
    view = SavedView.objects.get()
    assert (view.name, view.owner, view.query, view.shared_with_tier, view.is_default) == (
        "My stale ones",
        agent,
        "tier=t2&sort=activity",
        None,
        False,
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Saved the view “My stale ones”." in html
    assert _panel(html) == ["All tiers", "* My stale ones (yours)"]
    assert 'aria-current="page">My stale ones' in html


def test_the_saved_query_is_the_queues_filters_in_one_spelling(agent):
    client = _client(agent)

    client.post(
        "/desk/views/",
        {"name": "Mine", "query": "sort=priority&tag=+Spanish+&assignee=me&category=&status=open"},
    )

    # Field order, empty values and the default order left out, every tier said outright.
    assert SavedView.objects.get().query == "status=open&tier=all&assignee=me&tag=Spanish"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("priority=urgent", "Priority: Select a valid choice. urgent is not one of the"),
        ("sort=colour", "Order: Select a valid choice. colour is not one of the"),
        ("tier=mine", "Tier: Select a valid choice. mine is not one of the"),  # works no tier
        ("tier=t1&page=2", "“page” is not one of the queue&#x27;s filters."),
        ("<script>=1", "“&lt;script&gt;” is not one of the queue&#x27;s filters."),
    ],
)
def test_garbage_filters_are_refused_with_the_reason_and_nothing_saved(agent, query, reason):
    before = world()

    response = _client(agent).post("/desk/views/", {"name": "Broken", "query": query})

    html = response.content.decode()
    assert response.status_code == 400
    assert "These filters cannot be saved." in html
    assert reason in html
    assert '<details class="queue-view-save" open>' in html
    assert world() == before


def test_a_second_view_of_the_same_name_is_refused_case_blind(agent):
    services.save_view(actor=agent, name="Stale", query="tier=all&sort=activity")
    before = world()

    response = _client(agent).post("/desk/views/", {"name": "STALE", "query": "tier=t1"})

    assert response.status_code == 409
    assert "You already have a view named “STALE”." in response.content.decode()
    assert world() == before


def test_two_agents_may_each_have_a_view_of_the_same_name_and_see_only_their_own(agent):
    other = AgentFactory(username="omar")
    services.save_view(actor=agent, name="Stale", query="tier=all&sort=activity")
    services.save_view(actor=other, name="Stale", query="tier=t2&sort=activity")

    html = _client(other).get("/desk/?tier=t2&sort=activity").content.decode()

    assert _panel(html) == ["All tiers", "* Stale (yours)"]
    assert SavedView.objects.filter(name="Stale").count() == 2


def test_an_empty_name_is_refused_beside_the_field(agent):
    before = world()

    response = _client(agent).post("/desk/views/", {"name": "  ", "query": "tier=all"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert world() == before


# --- publishing for a tier ------------------------------------------------------------------


def test_an_agent_may_not_publish_a_view_for_a_tier(t1):
    agent = _member("t1")
    before = world()

    response = _client(agent).post(
        "/desk/views/", {"name": "Urgent", "query": URGENT, "tier": "t1", "is_default": "on"}
    )

    assert response.status_code == 403
    assert "Only a lead may share a view with a tier." in response.content.decode()
    assert world() == before
    with pytest.raises(PermissionDenied):
        services.save_view(actor=agent, name="Urgent", query=URGENT, tier=t1)


def test_only_a_lead_sees_the_sharing_fields(lead):
    agent_html = _client(AgentFactory()).get("/desk/?tier=all").content.decode()
    lead_html = _client(lead).get("/desk/?tier=all").content.decode()

    assert 'name="tier" id="save-view-tier"' not in agent_html
    assert 'name="is_default"' not in agent_html
    assert '<select name="tier" id="save-view-tier">' in lead_html
    assert '<option value="t1">T1</option>' in lead_html
    assert "Make it the tier&#x27;s default: its members land on it" in lead_html


def test_a_lead_publishes_a_default_view_and_t1_agents_land_on_it(lead, t1):
    t1_agent, t2_agent = _member("t1"), _member("t2")
    TicketFactory(tier=t1, priority=Priority.TOP, subject="Checkout down")
    TicketFactory(tier=t1, priority=Priority.NORMAL, subject="Slow export")

    response = _client(lead).post(
        "/desk/views/",
        {"name": "Urgent, unassigned", "query": URGENT, "tier": "t1", "is_default": "on"},
    )

    assert response.status_code == 302
    view = SavedView.objects.get()
    assert (view.owner, view.shared_with_tier, view.is_default) == (lead, t1, True)
    landing = _client(t1_agent).get("/desk/")
    assert landing.status_code == 302
    assert landing["Location"] == f"/desk/?{URGENT}"
    html = _client(t1_agent).get(landing["Location"]).content.decode()
    assert "Checkout down" in html
    assert "Slow export" not in html
    assert _panel(html) == ["My tier", "All tiers", "* Urgent, unassigned (T1's default)"]
    # Another tier's agent neither sees the view nor lands on it.
    other = _client(t2_agent)
    assert other.get("/desk/")["Location"] == "/desk/?tier=mine"
    assert _panel(other.get("/desk/?tier=mine").content.decode()) == ["* My tier", "All tiers"]


def test_a_new_default_replaces_the_tiers_old_one(lead, t1, published):
    second = services.save_view(
        actor=lead, name="Everything of T1", query="tier=t1", tier=t1, is_default=True
    )

    published.refresh_from_db()
    assert (published.is_default, second.is_default) == (False, True)
    assert _client(_member("t1")).get("/desk/")["Location"] == "/desk/?tier=t1"


def test_a_lead_stops_a_default_and_the_tier_lands_on_its_tickets(lead, published):
    response = _client(lead).post(f"/desk/views/{published.pk}/default/", {"default": "0"})

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.is_default is False
    assert _client(_member("t1")).get("/desk/")["Location"] == "/desk/?tier=mine"


def test_only_a_shared_view_can_be_a_default(agent, lead):
    mine = services.save_view(actor=lead, name="Mine", query="tier=all")
    before = world()

    with pytest.raises(ValidationFailed, match="Only a view shared with a tier"):
        services.set_default_view(mine.pk, actor=lead)
    with pytest.raises(ValidationFailed, match="Only a view shared with a tier"):
        services.save_view(actor=lead, name="Other", query="tier=all", is_default=True)
    assert world() == before


def test_a_shared_name_is_unique_within_its_tier_only(lead, t1, published):
    t2 = Tier.objects.get(slug="t2")

    services.save_view(actor=lead, name="urgent, UNASSIGNED", query="tier=t2", tier=t2)
    with pytest.raises(Conflict, match="T1 already has a shared view named “Urgent, Unassigned”"):
        services.save_view(actor=lead, name="Urgent, Unassigned", query="tier=t1", tier=t1)

    assert SavedView.objects.count() == 2


# --- renaming and deleting ------------------------------------------------------------------


def test_an_agent_renames_and_deletes_their_own_view(agent):
    view = services.save_view(actor=agent, name="Stale", query="tier=all&sort=activity")
    client = _client(agent)

    renamed = client.post(f"/desk/views/{view.pk}/rename/", {"name": "Stalest"})
    deleted = client.post(f"/desk/views/{view.pk}/delete/", {"next": "tier=t2&bogus=1"})

    assert renamed.status_code == 302
    assert renamed["Location"] == "/desk/?tier=all&sort=activity"
    assert deleted.status_code == 302
    assert deleted["Location"] == "/desk/?tier=t2"  # back where they were, filters checked
    assert SavedView.objects.count() == 0
    html = client.get(deleted["Location"]).content.decode()
    assert "Deleted the view “Stalest”." in html


@pytest.mark.parametrize("action", ["rename", "delete", "default"])
def test_an_agent_may_not_change_a_view_shared_with_their_tier(published, action):
    agent = _member("t1")
    before = world()

    response = _client(agent).post(
        f"/desk/views/{published.pk}/{action}/", {"name": "Mine now", "next": URGENT}
    )

    html = response.content.decode()
    assert response.status_code == 403
    doing = {"rename": "rename a view shared with T1", "delete": "delete a view shared with T1"}
    doing["default"] = "choose the default view of T1"
    assert f"Only a lead may {doing[action]}." in html
    assert '<details class="queue-view-manage"' not in html  # nothing of theirs to manage
    assert world() == before


@pytest.mark.parametrize("action", ["rename", "delete"])
def test_another_agents_view_is_not_found_for_anyone_else(agent, lead, action):
    view = services.save_view(actor=agent, name="Stale", query="tier=all&sort=activity")
    other = AgentFactory()
    before = world()

    for someone in (other, lead):
        response = _client(someone).post(f"/desk/views/{view.pk}/{action}/", {"name": "x"})
        assert response.status_code == 404
        assert f"View {view.pk} was not found." in response.content.decode()
    assert world() == before


def test_a_lead_renames_and_deletes_a_view_another_lead_shared(published):
    other_lead = LeadFactory()

    services.rename_view(published.pk, actor=other_lead, name="Urgent, nobody on it")
    assert SavedView.objects.get().name == "Urgent, nobody on it"
    services.delete_view(published.pk, actor=other_lead)
    assert SavedView.objects.count() == 0


def test_a_rename_to_a_taken_name_is_refused(agent):
    services.save_view(actor=agent, name="Stale", query="tier=all&sort=activity")
    view = services.save_view(actor=agent, name="Newest", query="tier=all&sort=-created")
    before = world()

    response = _client(agent).post(f"/desk/views/{view.pk}/rename/", {"name": "stale"})

    assert response.status_code == 409
    assert "You already have a view named “stale”." in response.content.decode()
    assert world() == before
    with pytest.raises(NotFound):
        services.rename_view(10_000, actor=agent, name="x")


def test_customers_may_not_save_views(customer):
    with pytest.raises(PermissionDenied, match="Only agents may save views"):
        services.save_view(actor=customer, name="x", query="tier=all")
    assert SavedView.objects.count() == 0


# --- landing on /desk/ ----------------------------------------------------------------------


def test_an_agent_of_no_tier_sees_every_tier_as_before(agent):
    t1, t2 = TicketFactory(tier=Tier.objects.get(slug="t1")), TicketFactory()

    response = _client(agent).get("/desk/")

    assert response.status_code == 200
    assert sorted(t.pk for t in response.context["page"]) == sorted([t1.pk, t2.pk])
    assert _panel(response.content.decode()) == ["* All tiers"]


def test_an_agent_lands_on_their_tiers_and_all_tiers_is_one_click_away():
    agent = _member("t1")
    Tier.objects.get(slug="t3").members.add(agent)
    mine = [TicketFactory(tier=Tier.objects.get(slug=slug)) for slug in ("t1", "t3")]
    triage = TicketFactory()
    client = _client(agent)

    landing = client.get("/desk/")
    own = client.get(landing["Location"])
    everything = client.get("/desk/?tier=all")

    assert landing["Location"] == "/desk/?tier=mine"
    assert sorted(t.pk for t in own.context["page"]) == sorted(t.pk for t in mine)
    assert '<option value="mine" selected>My tiers (T1, T3)</option>' in own.content.decode()
    assert _panel(own.content.decode()) == ["* My tiers", "All tiers"]
    assert sorted(t.pk for t in everything.context["page"]) == sorted(
        [*(t.pk for t in mine), triage.pk]
    )
    assert '<option value="all" selected>All tiers</option>' in everything.content.decode()


def test_any_query_string_stays_where_it_is(published):
    agent = _member("t1")

    response = _client(agent).get("/desk/?status=pending")

    assert response.status_code == 200
    assert [t.pk for t in response.context["page"]] == []


def test_a_lead_of_no_tier_lands_on_every_tier_and_sees_every_shared_view(lead, published):
    response = _client(lead).get("/desk/")

    assert response.status_code == 200
    assert _panel(response.content.decode()) == [
        "* All tiers",
        "Urgent, unassigned (T1's default)",
    ]


# --- the page, the admin and the demo -------------------------------------------------------


@pytest.mark.parametrize("n", [5, 50])
def test_the_views_panel_costs_one_query_however_many_views(lead, t1, n, django_assert_num_queries):
    tag = TagFactory(name="t3")
    for ticket in TicketFactory.create_batch(3):
        ticket.tags.add(tag)
    for i in range(n):
        services.save_view(actor=lead, name=f"View {i:02}", query=f"tier=all&tag=t{i}")
        services.save_view(actor=lead, name=f"Shared {i:02}", query=f"tier=t1&tag=s{i}", tier=t1)
    client = _client(lead)
    client.get("/desk/?tier=all")

    # session, user, groups, tiers, counts, page, tags, SLA clocks, saved views, bell
    # (+1: the running timer of the desk header, timesheets; +1: first-response clocks)
    with django_assert_num_queries(13):
        html = client.get("/desk/?tier=all&tag=t3").content.decode()

    links = _panel(html)
    assert len(links) == 1 + 2 * n
    assert links[1:3] == ["Shared 00 (shared with T1)", "Shared 01 (shared with T1)"]
    assert "* View 03 (yours)" in links
    assert html.count('class="queue-view-row"') == 2 * n


def test_the_admin_lists_saved_views_by_their_human_name(published):
    client = _client(UserFactory(is_superuser=True, is_staff=True))

    index = client.get("/admin/").content.decode()
    listing = client.get("/admin/tickets/savedview/").content.decode()

    assert "Saved views" in index
    assert "Urgent, unassigned" in listing
    assert "Default for the tier" in listing


def test_the_demo_publishes_urgent_unassigned_for_t1_once():
    call_command("seed_demo", force=True)
    call_command("seed_demo", force=True)

    view = SavedView.objects.get()
    assert (view.name, view.owner.username, view.shared_with_tier.slug) == (
        "Urgent, unassigned",
        "lead",
        "t1",
    )
    assert view.is_default is True
    client = Client()
    assert client.login(username="t1", password="demo")
    landing = client.get("/desk/")
    assert landing["Location"] == f"/desk/?{view.query}"
    html = client.get(landing["Location"]).content.decode()
    assert "* Urgent, unassigned (T1's default)" in _panel(html)
