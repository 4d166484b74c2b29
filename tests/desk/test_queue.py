"""The desk queue: order, filters, counts per status, pagination, and the htmx partial."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sla.models import BusinessCalendar, SlaPolicy
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    OrganizationFactory,
    TagFactory,
    TicketFactory,
)
from tickets import selectors, services
from tickets.models import Tier
from tickets.states import Category, Party, Priority

pytestmark = pytest.mark.django_db


def _get(user, url, **headers):
    client = Client()
    client.force_login(user)
    return client.get(url, headers=headers)


def _rows(response) -> list[int]:
    return [ticket.pk for ticket in response.context["page"]]


def _counts(response) -> dict[str, int]:
    return {tab["key"]: tab["count"] for tab in response.context["status_tabs"]}


def test_queue_lists_top_priority_first_then_oldest(agent):
    now = timezone.now()
    low_oldest = TicketFactory(priority=Priority.LOW, created_at=now - timedelta(days=3))
    normal = TicketFactory(priority=Priority.NORMAL, created_at=now - timedelta(days=2))
    high = TicketFactory(priority=Priority.HIGH, created_at=now - timedelta(days=1))
    top_new = TicketFactory(priority=Priority.TOP, created_at=now - timedelta(hours=1))
    top_old = TicketFactory(priority=Priority.TOP, created_at=now - timedelta(hours=2))

    response = _get(agent, "/desk/")

    assert _rows(response) == [top_old.pk, top_new.pk, high.pk, normal.pk, low_oldest.pk]


def test_queue_shows_active_tickets_by_default_and_counts_every_status(agent):
    open_ticket = TicketFactory()
    pending = TicketFactory(pending=True)
    on_hold = TicketFactory(on_hold=True)
    TicketFactory(resolved=True)
    TicketFactory.create_batch(2, closed=True)

    response = _get(agent, "/desk/")

    assert response.status_code == 200
    assert sorted(_rows(response)) == sorted([open_ticket.pk, pending.pk, on_hold.pk])
    assert _counts(response) == {
        "active": 3,
        "open": 1,
        "pending": 1,
        "waiting_on_customer": 0,
        "on_hold": 1,
        "review": 0,
        "resolved": 1,
        "closed": 2,
        "all": 6,
    }
    assert response.context["status_tabs"][0]["current"] is True


@pytest.fixture
def spread(agent):
    """Three tickets that differ in every filtered field."""
    t2 = Tier.objects.get(slug="t2")
    a = TicketFactory(tier=t2, assignee=agent, category=Category.QUESTION, priority=Priority.LOW)
    a.tags.add(TagFactory(name="Spanish"))
    b = TicketFactory(category=Category.ISSUE_WITH_ERROR, priority=Priority.NORMAL)
    c = TicketFactory(
        assignee=AgentFactory(), category=Category.SERVER_ISSUE, priority=Priority.HIGH
    )
    return {"a": a, "b": b, "c": c}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"a", "b", "c"}),
        ("tier=t2", {"a"}),
        ("tier=triage", {"b", "c"}),
        ("assignee=me", {"a"}),
        ("assignee=none", {"b"}),
        ("category=question", {"a"}),
        ("priority=high", {"c"}),
        ("tag=spanish", {"a"}),
        ("status=open&tier=triage&assignee=none", {"b"}),
    ],
)
def test_each_filter_narrows_the_queue(agent, spread, query, expected):
    response = _get(agent, f"/desk/?{query}")

    assert set(_rows(response)) == {spread[key].pk for key in expected}


def test_counts_follow_every_filter_but_the_status_one(agent):
    t2 = Tier.objects.get(slug="t2")
    open_t2 = TicketFactory(tier=t2)
    pending_t2 = TicketFactory(tier=t2, pending=True)
    TicketFactory()  # open, in Triage: outside the tier filter

    response = _get(agent, "/desk/?tier=t2&status=pending")

    assert _rows(response) == [pending_t2.pk]
    counts = _counts(response)
    assert (counts["open"], counts["pending"], counts["all"]) == (1, 1, 2)
    assert open_t2.pk not in _rows(response)
    current = [tab["key"] for tab in response.context["status_tabs"] if tab["current"]]
    assert current == ["pending"]


def test_invalid_filter_values_are_ignored(agent):
    ticket = TicketFactory()

    response = _get(agent, "/desk/?status=bogus&priority=urgent&tier=t99&assignee=x")

    assert response.status_code == 200
    assert _rows(response) == [ticket.pk]


def test_queue_pages_fifty_rows_and_keeps_the_filters_in_page_links(agent):
    tag = TagFactory(name="Spanish")
    for ticket in TicketFactory.create_batch(51):
        ticket.tags.add(tag)

    first = _get(agent, "/desk/?tag=Spanish&assignee=")
    second = _get(agent, "/desk/?tag=Spanish&page=2")

    assert len(_rows(first)) == 50
    assert 'href="/desk/?tag=Spanish&amp;page=2"' in first.content.decode()
    assert len(_rows(second)) == 1
    assert 'href="/desk/?tag=Spanish&amp;page=1"' in second.content.decode()
    assert "Tickets 51–51 of 51" in second.content.decode()


def test_a_row_shows_what_an_agent_needs(agent):
    org = OrganizationFactory(name="Acme Shoes")
    ticket = TicketFactory(
        subject="Checkout fails",
        requester__customer_profile__organization=org,
        organization=org,
        assignee=agent,
        priority=Priority.HIGH,
        last_word=Party.STAFF,
        created_at=timezone.now() - timedelta(hours=3),
        updated_at=timezone.now() - timedelta(hours=2),
    )

    html = _get(agent, "/desk/").content.decode()

    assert f'<td data-label="#">{ticket.pk}</td>' in html
    assert f'<a class="queue-link" href="/desk/tickets/{ticket.pk}/">Checkout fails</a>' in html
    assert '<td data-label="Organization">Acme Shoes</td>' in html
    assert 'data-status="open">Open</span>' in html
    assert 'data-priority="high">High</span>' in html
    assert '<td data-label="Tier">Triage</td>' in html
    assert '<td data-label="Assignee">tina</td>' in html
    assert ">3\xa0hours</time>" in html
    assert ">2\xa0hours ago</time>" in html
    assert '<td data-label="Last word">Staff</td>' in html


def test_an_htmx_filter_request_gets_only_the_results(agent):
    ticket = TicketFactory(pending=True)

    response = _get(agent, "/desk/?status=pending", HX_Request="true", HX_Target="queue-results")

    html = response.content.decode()
    assert response.templates[0].name == "desk/_queue_results.html"
    assert "<html" not in html
    assert _rows(response) == [ticket.pk]
    assert 'id="queue-status" value="pending" hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(agent):
    response = _get(
        agent,
        "/desk/?status=pending",
        HX_Request="true",
        HX_History_Restore_Request="true",
        HX_Target="queue-results",
    )

    assert response.templates[0].name == "desk/queue.html"
    assert "<html" in response.content.decode()


def test_the_queue_page_loads_the_desk_script_and_has_a_title(agent):
    html = _get(agent, "/desk/").content.decode()

    assert "<title>Queue · Helpdesk</title>" in html
    assert '<script src="/static/js/desk.js" defer></script>' in html
    assert 'role="dialog"' not in html  # the help is a native <dialog>
    assert '<dialog id="shortcuts-help"' in html


def test_counts_stop_at_the_cap_and_say_there_are_more(agent, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 2)
    TicketFactory.create_batch(3)
    TicketFactory(pending=True)
    TicketFactory.create_batch(2, closed=True)

    response = _get(agent, "/desk/")

    tabs = {tab["key"]: (tab["count"], tab["more"]) for tab in response.context["status_tabs"]}
    assert tabs == {
        "active": (3, True),
        "open": (2, True),
        "pending": (1, False),
        "waiting_on_customer": (0, False),
        "on_hold": (0, False),
        "review": (0, False),
        "resolved": (0, False),
        "closed": (2, False),
        "all": (5, True),
    }
    html = response.content.decode()
    assert '<a id="status-tab-open" ' in html
    assert 'Open <span class="count">2+</span>' in html
    assert 'Closed <span class="count">2</span>' in html
    assert "of 3+, top priority first" in html
    assert 'data-queue-summary="3+ tickets match."' in html


def test_counts_below_the_cap_are_exact_and_have_no_plus(agent):
    TicketFactory.create_batch(2)

    html = _get(agent, "/desk/").content.decode()

    assert 'Open <span class="count">2</span>' in html
    assert "Tickets 1–2 of 2, top priority first" in html


def test_a_row_shows_the_sla_badge_of_the_current_tier_clock(agent):
    SlaPolicy.objects.filter(tier__slug="triage").update(
        calendar=BusinessCalendar.objects.get(name="24×7"),
        yellow_after_minutes=60,
        red_after_minutes=120,
    )
    services.submit_ticket(
        actor=CustomerFactory(),
        subject="s",
        description="d",
        category="question",
        at=timezone.now() - timedelta(minutes=80),
    )

    html = _get(agent, "/desk/").content.decode()

    assert '<td data-label="SLA"><span class="tag sla-yellow"' in html
    # Triage's Red in 40 minutes comes before the Question's first response (3 business days)
    assert "Triage: Red in 40m" in html
