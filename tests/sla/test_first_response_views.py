"""The badge tells the nearest deadline and agrees with the ticket page's SLA panel; the
leads' dashboard has a row per category in business hours; admin reads targets in words."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client

from sla.models import BusinessCalendar, FirstAssignmentTarget, FirstResponseClock
from sla.sweeps import sweep_colours
from tests.factories import AgentFactory, CustomerFactory, LeadFactory, UserFactory
from tickets import services
from tickets.models import Ticket
from tickets.selectors import desk_queue

pytestmark = pytest.mark.django_db
MONDAY_9 = datetime(2026, 3, 23, 9, tzinfo=UTC)


def at(hour, minute=0, day=23):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def submit(category="urgent_issue", subject="Checkout is down", when=MONDAY_9):
    with time_machine.travel(when, tick=False):
        return services.submit_ticket(
            actor=CustomerFactory(), subject=subject, description="d", category=category, at=when
        )


def badge(ticket) -> str:
    row = desk_queue(UserFactory(is_superuser=True)).tickets.get(pk=ticket.pk)
    return Template("{% load sla %}{% sla_badge ticket %}").render(Context({"ticket": row}))


def panel(ticket) -> str:
    ticket = Ticket.objects.select_related("tier").get(pk=ticket.pk)
    return Template("{% load sla %}{% sla_clocks ticket %}").render(Context({"ticket": ticket}))


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def nearest_in_panel(html: str) -> str:
    match = re.search(r"data-sla-nearest>Nearest deadline: (<span[^>]*>[^<]*</span>)", html)
    assert match, html
    return match.group(1)


def test_the_first_response_is_nearer_than_triage_for_an_urgent_ticket():
    ticket = submit()
    with time_machine.travel(at(9, 10), tick=False):
        html = badge(ticket)
        detail = panel(ticket)
    assert 'class="tag sla-green"' in html
    assert text_of(html) == "First response due in 50m"
    # The panel lists both clocks with their instants, and names the same nearest deadline.
    assert text_of(nearest_in_panel(detail)) == "First response due in 50m"
    assert "Target for Urgent Issue: 1 business hour" in detail
    assert "Turns Yellow at" in detail
    assert "due (Red) at" in detail
    assert "Triage" in detail
    assert "Triage: Yellow in 1h 50m" in detail


def test_the_tier_is_nearer_than_a_questions_three_days():
    ticket = submit(category="question")
    with time_machine.travel(at(9, 10), tick=False):
        html = badge(ticket)
        detail = panel(ticket)
    assert text_of(html) == "Triage: Yellow in 1h 50m"
    assert text_of(nearest_in_panel(detail)) == text_of(html)
    assert "First response due in 23h 50m" in detail  # 3 business days less 10 minutes


def test_an_overdue_first_response_wins_over_a_green_tier_clock():
    ticket = submit()
    with time_machine.travel(at(10, 20), tick=False):
        sweep_colours()
        html = badge(ticket)
        detail = panel(ticket)
    assert 'class="tag sla-red"' in html
    assert text_of(html) == "First response overdue by 20m"
    assert text_of(nearest_in_panel(detail)) == text_of(html)
    assert "Breached" in detail


def test_after_the_reply_the_badge_shows_the_tier_clock_and_the_panel_the_answer():
    ticket = submit()
    with time_machine.travel(at(9, 40), tick=False):
        services.reply(ticket, actor=AgentFactory(), body="On it.")
        html = badge(ticket)
        detail = panel(ticket)
    assert text_of(html) == "Triage: Yellow in 1h 20m"
    assert "First response in 40m" in detail
    assert "after 40 business minutes" in detail


def _seed(n):
    """n Urgent tickets at 09:00 Monday: one answered in 30 business minutes, one late (90),
    the rest still waiting, swept Red at noon."""
    tickets = [submit(subject=f"Down {i}") for i in range(n)]
    agent = AgentFactory()
    with time_machine.travel(at(9, 30), tick=False):
        services.reply(tickets[0], actor=agent, body="On it.")
    with time_machine.travel(at(10, 30), tick=False):
        services.reply(tickets[1], actor=agent, body="Sorry.")
    sweep_colours(now=at(12))
    return tickets


@pytest.mark.parametrize("n", [5, 50])
def test_the_dashboard_has_a_first_response_row_per_category(n, django_assert_num_queries):
    _seed(n)
    client = Client()
    with time_machine.travel(at(15, day=25), tick=False):
        client.force_login(LeadFactory())
        client.get("/desk/sla/")  # compiles the business calendar once
        # session, user, groups; the tier rows (counts, policies, medians, tiers); first
        # response by category (counts, answered clocks, targets); the Red list, breaches,
        # agents' load (counts, names); the desk header, known issues and knowledge panels,
        # satisfaction (3), case types (1) and doc requests (1)
        with django_assert_num_queries(25):
            page = client.get("/desk/sla/")
    html = page.content.decode()
    row = re.search(r'<tr data-first-response-category="urgent_issue">(.*?)</tr>', html, re.S)
    assert row, html
    cells = [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row.group(1), re.S)]
    assert cells == [
        "Urgent Issue",
        "1 business hour",
        "0",
        "0",
        str(n - 2),
        str(n - 1),  # the late reply and every ticket still waiting
        "1.0 business h / 1.0 business h",  # median of 30 and 90 business minutes
    ]
    triage = re.search(
        r'<tr data-tier="triage">.*?data-first-response-median>(.*?)</td>', html, re.S
    )
    assert triage.group(1) == "1.0 business h / 1.0 business h"
    question = re.search(r'data-first-response-category="question">(.*?)</tr>', html, re.S)
    assert "3 business days" in question.group(1)
    assert "median business hours from creation to the first reply" in html


def test_the_summary_api_carries_the_category_rows():
    _seed(3)
    client = Client()
    with time_machine.travel(at(15, day=25), tick=False):
        client.force_login(LeadFactory())
        body = client.get("/api/sla/summary/").json()
    rows = body["first_response"]
    triage = next(t for t in body["tiers"] if t["tier"] == "triage")
    assert triage["first_response_median_business_hours"] == {"7d": 1.0, "30d": 1.0}
    urgent = next(row for row in rows if row["category"] == "urgent_issue")
    assert urgent["red"] == 1
    assert urgent["breaches_30d"] == 2
    assert urgent["median_business_hours"] == {"7d": 1.0, "30d": 1.0}


def test_admin_reads_targets_in_business_time():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/admin/sla/firstassignmenttarget/").content.decode()
    for words in ("1 business hour", "4 business hours", "1 business day", "3 business days"):
        assert words in html
    assert FirstResponseClock.objects.count() == 0


def test_the_sla_due_order_follows_the_nearest_deadline():
    question = submit(category="question", subject="How do I export?")  # Triage Yellow 11:00
    urgent = submit(when=at(9, 20))  # first response due 10:20, Triage Yellow 11:20
    client = Client()
    with time_machine.travel(at(9, 30), tick=False):
        client.force_login(LeadFactory())
        html = client.get("/desk/?tier=all&sort=sla_due").content.decode()
    shown = re.findall(r'<tr class="queue-row">.*?<td data-label="#">(\d+)<', html, re.DOTALL)
    assert [int(n) for n in shown] == [urgent.pk, question.pk]
    assert html.index("First response due in 50m") < html.index("Triage: Yellow in 1h 30m")


def test_the_customer_sees_the_promise_but_never_the_clock():
    ticket = submit()
    with time_machine.travel(at(10, 20), tick=False):
        sweep_colours()
        client = Client()
        client.force_login(ticket.requester)
        page = client.get(f"/portal/tickets/{ticket.pk}/")
        api = client.get(f"/api/tickets/{ticket.pk}/")
    assert (page.status_code, api.status_code) == (200, 200)
    html = page.content.decode()
    assert "Checkout is down" in html
    for text in (html, api.content.decode()):
        assert "First response" not in text
        assert "overdue" not in text
        assert "Breached" not in text
        assert "sla-red" not in text


def test_a_target_for_a_category_added_later_gets_its_own_row():
    """A category the helpdesk does not know yet works as soon as it has a target row."""
    FirstAssignmentTarget.objects.create(
        category="partner_issue",
        minutes=2 * 480,
        calendar=BusinessCalendar.objects.get(name="Business hours"),
    )
    client = Client()
    client.force_login(LeadFactory())
    html = client.get("/desk/sla/").content.decode()
    row = re.search(r'data-first-response-category="partner_issue">(.*?)</tr>', html, re.S)
    assert "Partner issue" in row.group(1)
    assert "2 business days" in row.group(1)


def test_when_no_clock_runs_the_badge_shows_the_tier_clock_as_it_stands():
    ticket = submit()
    with time_machine.travel(at(9, 20), tick=False):
        services.reply(ticket, actor=AgentFactory(), body="Try again?", set_pending=True)
        html = badge(ticket)
    assert text_of(html) == "Triage: Green, paused (1h 40m left)"


def test_the_tier_table_gives_resolution_in_business_hours_the_clocks_ran():
    """Filed Friday 16:00 and resolved Monday 10:00: 66 hours on the wall, but the Triage
    clock ran Friday's last hour and Monday's first. With a ticket resolved in three hours on
    Monday, the median is 2.5 business hours (34.5 wall-clock hours in the API's old key)."""
    agent = AgentFactory()
    friday = submit(subject="Friday", when=datetime(2026, 3, 20, 16, tzinfo=UTC))
    monday = submit(subject="Monday", when=MONDAY_9)
    for ticket, when in ((friday, at(10)), (monday, at(12))):
        with time_machine.travel(when, tick=False):
            services.transition(ticket, actor=agent, name="resolve")
    client = Client()
    with time_machine.travel(at(15, day=25), tick=False):
        client.force_login(LeadFactory())
        html = client.get("/desk/sla/").content.decode()
        body = client.get("/api/sla/summary/").json()
    triage = re.search(r'<tr data-tier="triage">.*?data-resolution-median>(.*?)</td>', html, re.S)
    assert triage.group(1) == "2.5 business h / 2.5 business h"
    assert "Resolution, 7 / 30 days (business hours)" in html
    row = next(t for t in body["tiers"] if t["tier"] == "triage")
    assert row["resolution_median_business_hours"] == {"7d": 2.5, "30d": 2.5}
    assert row["resolution_median_hours"] == {"7d": 34.5, "30d": 34.5}
