"""SLA Red on your ticket: the assignee (else the tier's agents) hear of it as they chose; the
tier's lead is still mailed; the sweep's queries do not grow with the tickets turned."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.notifications.models import InAppNotification, Notification, StaffSettings
from sla.models import BusinessCalendar, SlaPolicy
from sla.sweeps import sweep_colours
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services
from tickets.models import Tier

pytestmark = pytest.mark.django_db


@pytest.fixture
def triage(db):
    SlaPolicy.objects.filter(tier__slug="triage").update(
        calendar=BusinessCalendar.objects.get(name="24×7"),
        yellow_after_minutes=60,
        red_after_minutes=120,
    )
    tier = Tier.objects.get(slug="triage")
    tier.lead = LeadFactory(username="lena")
    tier.save()
    tier.members.add(AgentFactory(username="ana"), AgentFactory(username="ben"))
    return tier


def overdue(n=1, assignee=None):
    made = []
    for i in range(n):
        ticket = services.submit_ticket(
            actor=CustomerFactory(),
            subject=f"Late {i}",
            description="d",
            category="question",
            at=timezone.now() - timedelta(hours=5),
        )
        if assignee is not None:
            services.assign(ticket, actor=assignee, assignee=assignee)
        made.append(ticket)
    return made


def inapp() -> Counter:
    return Counter(
        InAppNotification.objects.filter(event="sla_red").values_list("user__username", flat=True)
    )


def mails(kind) -> Counter:
    return Counter(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_red_on_an_assigned_ticket_tells_the_assignee_and_the_lead(triage):
    zoe = AgentFactory(username="zoe")
    (ticket,) = overdue(assignee=zoe)
    InAppNotification.objects.all().delete()

    assert sweep_colours().turned["red"] == 1

    assert inapp() == Counter({"zoe": 1})
    assert mails("staff_sla_red") == Counter({"zoe@example.com": 1})
    assert mails("sla_red") == Counter({"lena@example.com": 1})  # the lead, as before
    row = InAppNotification.objects.get(event="sla_red")
    assert row.title == f"SLA Red on #{ticket.pk}: Late 0"
    assert sweep_colours().turned["red"] == 0
    assert inapp() == Counter({"zoe": 1})


def test_red_on_an_unassigned_ticket_tells_the_tiers_agents_as_they_chose(triage):
    ana = AgentFactory(username="ana")
    StaffSettings.objects.create(user=ana, preferences={"sla_red": "in_app"})
    overdue()

    sweep_colours()

    assert inapp() == Counter({"ana": 1, "ben": 1})
    assert mails("staff_sla_red") == Counter({"ben@example.com": 1})


def test_a_lead_told_as_a_tier_agent_is_not_mailed_twice(triage):
    triage.members.add(triage.lead)
    overdue()

    sweep_colours()

    assert mails("sla_red") == Counter()
    assert mails("staff_sla_red")["lena@example.com"] == 1


@pytest.mark.parametrize("n", [5, 50])
def test_the_sweeps_queries_do_not_grow_with_the_tickets_turned_red(
    triage, n, django_assert_num_queries
):
    # ben reads them in the desk only (so that SQLite's limit of 999 parameters a statement
    # keeps each INSERT whole at 50; PostgreSQL has no such split)
    StaffSettings.objects.create(
        user=AgentFactory(username="ben"), preferences={"sla_red": "in_app"}
    )
    overdue(n)
    # Red: the UPDATE … RETURNING, policies, clock events, tickets, tiers, the tier's agents,
    # staff settings, in-app rows, staff emails, the lead's emails, the webhook endpoints (once
    # per transaction) (+ savepoint and release); Yellow: the UPDATE finding nothing (+ savepoint
    # and release); first-response clocks: an UPDATE finding nothing per colour (+ savepoint
    # and release each)
    with django_assert_num_queries(22):
        assert sweep_colours().turned["red"] == n
    assert sum(inapp().values()) == 2 * n
