"""The SLA badge and the "how was this computed" panel render what the clocks say."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from sla.models import BusinessCalendar, SlaPolicy
from tests.factories import CustomerFactory, UserFactory
from tickets import hooks, services
from tickets.models import Ticket
from tickets.selectors import desk_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(db):
    SlaPolicy.objects.filter(tier__slug="triage").update(
        calendar=BusinessCalendar.objects.get(name="24×7"),
        yellow_after_minutes=60,
        red_after_minutes=120,
    )
    return services.submit_ticket(
        actor=CustomerFactory(),
        subject="s",
        description="d",
        category="question",
        at=timezone.now() - timedelta(minutes=80),
    )


def test_badge_shows_colour_and_time_left_in_business_time(ticket):
    row = Ticket.objects.prefetch_related("sla_clocks__policy__calendar").get(pk=ticket.pk)
    html = Template("{% load sla %}{% sla_badge ticket %}").render(Context({"ticket": row}))
    assert 'class="tag sla-yellow"' in html
    # Triage's Red (40 minutes away) comes before the Question's first response (3 days).
    assert "Triage: Red in 40m" in html


def test_clock_panel_explains_the_deadline(ticket):
    html = Template("{% load sla %}{% sla_clocks ticket %}").render(Context({"ticket": ticket}))
    assert "Calendar 24×7 (UTC)" in html
    assert "Yellow after 1 business hour and Red after 2 business hours in the tier" in html
    assert "Started (0 business hours)" in html
    assert "Target for Question: 3 business days" in html
    assert "Turns Red at" in html


def test_the_desk_queue_loads_the_badges_clocks_through_the_tickets_hook(ticket):
    """tickets does not know the sla app: sla registers the queue rows' prefetch at start-up."""
    assert [p.prefetch_to for p in hooks.queue_row_prefetches()] == [
        "sla_clock_list",
        "first_response_clock_list",
    ]
    row = desk_queue(UserFactory(is_superuser=True)).tickets.get(pk=ticket.pk)
    assert [clock.tier_id for clock in row.sla_clock_list] == [ticket.tier_id]
    assert [clock.category for clock in row.first_response_clock_list] == ["question"]
    html = Template("{% load sla %}{% sla_badge ticket %}").render(Context({"ticket": row}))
    assert "Triage: Red in 40m" in html
