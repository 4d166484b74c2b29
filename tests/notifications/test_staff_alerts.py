"""Staff alerts: each event reaches the right people, by the channel each chose, never the
person who caused it; in the same transaction as the change."""

import math
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from helpdesk.notifications import events, staff
from helpdesk.notifications.models import InAppNotification, Notification, StaffSettings
from tests.factories import AgentFactory, CustomerFactory, LeadFactory, TicketFactory
from tickets import services
from tickets.models import Tier

pytestmark = pytest.mark.django_db


def inapp(event=None) -> Counter:
    rows = InAppNotification.objects.all()
    if event:
        rows = rows.filter(event=event)
    return Counter(rows.values_list("event", "user__username"))


def mails(kind=None) -> Counter:
    rows = Notification.objects.filter(kind__startswith="staff_")
    if kind:
        rows = rows.filter(kind=kind)
    return Counter(rows.values_list("kind", "recipient"))


def prefer(user, **channels):
    StaffSettings.objects.update_or_create(user=user, defaults={"preferences": channels})


@pytest.fixture
def triage_agents(db):
    tier = Tier.objects.get(slug="triage")
    ana, ben = AgentFactory(username="ana"), AgentFactory(username="ben")
    tier.members.add(ana, ben)
    AgentFactory(username="outsider")  # works another tier: never told about Triage
    return ana, ben


def test_a_customer_reply_tells_the_assignee_by_email_and_in_the_desk():
    agent = AgentFactory(username="ana")
    ticket = TicketFactory(assignee=agent, subject="Login fails")

    services.customer_reply(ticket, actor=ticket.requester, body="Still broken")

    assert inapp() == Counter({("customer_replied", "ana"): 1})
    assert mails() == Counter({("staff_customer_replied", "ana@example.com"): 1})
    row = InAppNotification.objects.get()
    assert row.title == f"Customer replied on #{ticket.pk}: Login fails"
    assert row.url == f"{settings.HELPDESK_BASE_URL.rstrip('/')}/desk/tickets/{ticket.pk}/"
    assert (row.ticket_number, row.read_at) == (ticket.pk, None)
    mail = Notification.objects.get(kind="staff_customer_replied")
    assert mail.subject == f"[Helpdesk] Customer replied on #{ticket.pk}: Login fails"
    assert f"/desk/tickets/{ticket.pk}/" in mail.body_text
    assert "/desk/profile/" in mail.body_text  # where to change it


def test_a_reply_on_an_unassigned_ticket_tells_the_agents_of_its_tier(triage_agents):
    ticket = TicketFactory()

    services.customer_reply(ticket, actor=ticket.requester, body="Hello?")

    assert inapp() == Counter({("customer_replied", "ana"): 1, ("customer_replied", "ben"): 1})
    assert set(mails().keys()) == {
        ("staff_customer_replied", "ana@example.com"),
        ("staff_customer_replied", "ben@example.com"),
    }


def test_each_agent_gets_the_channel_they_chose(triage_agents):
    ana, ben = triage_agents
    carl = AgentFactory(username="carl")
    Tier.objects.get(slug="triage").members.add(carl)
    prefer(ana, customer_replied="email")
    prefer(ben, customer_replied="in_app")
    prefer(carl, customer_replied="none")
    ticket = TicketFactory()

    services.customer_reply(ticket, actor=ticket.requester, body="Hello?")

    assert inapp() == Counter({("customer_replied", "ben"): 1})
    assert mails() == Counter({("staff_customer_replied", "ana@example.com"): 1})


def test_a_reply_to_a_closed_ticket_tells_the_old_assignee_about_the_new_ticket():
    agent = AgentFactory(username="ana")
    closed = TicketFactory(closed=True, assignee=agent)

    outcome = services.customer_reply(closed, actor=closed.requester, body="It is back")

    assert outcome.opened_new_ticket
    row = InAppNotification.objects.get(user=agent)
    assert row.ticket_number == outcome.ticket.pk
    assert f"closed #{closed.pk}" in row.title


def test_assigning_tells_the_new_assignee_but_taking_tells_nobody():
    lead, ana = LeadFactory(username="lena"), AgentFactory(username="ana")
    ticket = TicketFactory()

    services.take(ticket, actor=ana)
    assert inapp() == Counter()
    assert mails() == Counter()

    bob = AgentFactory(username="bob")
    services.assign(ticket, actor=lead, assignee=bob)
    assert inapp() == Counter({("assigned", "bob"): 1})
    assert mails() == Counter({("staff_assigned", "bob@example.com"): 1})

    services.assign(ticket, actor=lead, assignee=None)  # unassigning tells nobody
    assert inapp() == Counter({("assigned", "bob"): 1})


def test_a_mention_in_an_internal_note_tells_the_agents_named_once_and_not_the_author():
    ana, bob = AgentFactory(username="ana"), AgentFactory(username="bob")
    CustomerFactory(username="carol")
    ticket = TicketFactory()

    services.add_internal_note(
        ticket,
        actor=ana,
        body="@bob can you look? cc @ana, @carol and @nobody; mail bob@example.com. @bob again",
    )

    assert inapp() == Counter({("mentioned", "bob"): 1})
    assert mails() == Counter({("staff_mentioned", "bob@example.com"): 1})
    row = InAppNotification.objects.get(user=bob)
    assert row.title == f"ana mentioned you on #{ticket.pk}: {ticket.subject}"
    assert row.url.endswith(f"#message-{ticket.messages.get().pk}")


def test_a_public_reply_mentions_nobody():
    ana, _bob = AgentFactory(username="ana"), AgentFactory(username="bob")
    services.reply(TicketFactory(), actor=ana, body="@bob will call you")
    assert inapp() == Counter()


def test_an_event_of_a_change_that_rolls_back_leaves_nothing():
    agent = AgentFactory(username="ana")
    ticket = TicketFactory(assignee=agent)

    def reply_then_fail():
        with transaction.atomic():
            services.customer_reply(ticket, actor=ticket.requester, body="Hi")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        reply_then_fail()

    assert inapp() == Counter()
    assert mails() == Counter()


def event(recipients, **fields):
    return events.Event(
        name=fields.pop("name", events.Name.ASSIGNED),
        at=timezone.now(),
        dedupe_key=fields.pop("dedupe_key", "test:1"),
        title="Test",
        recipients=tuple(recipients),
        **fields,
    )


def test_a_replayed_event_is_written_once_and_inactive_or_unknown_users_are_skipped():
    ana = AgentFactory(username="ana")
    gone = AgentFactory(username="gone", is_active=False)

    events.publish(event([ana.pk, gone.pk, 999_999]))
    events.publish(event([ana.pk, gone.pk, 999_999]))

    assert inapp() == Counter({("assigned", "ana"): 1})
    assert mails() == Counter({("staff_assigned", "ana@example.com"): 1})


def test_events_of_other_audiences_are_not_staff_alerts():
    ana = AgentFactory(username="ana")
    events.publish(event([ana.pk], name=events.Name.TICKET_CREATED))
    assert inapp() == Counter()
    assert mails() == Counter()


def test_a_batch_is_delivered_with_a_fixed_number_of_queries(django_assert_num_queries):
    ana, ben = AgentFactory(username="ana"), AgentFactory(username="ben")
    prefer(ana, assigned="email")

    def publish(n, prefix):
        with transaction.atomic(), staff.batched():  # a sweep's batch is one transaction
            for i in range(n):
                events.publish(event([ana.pk, ben.pk], dedupe_key=f"{prefix}:{i}"))

    def inserts(rows: int) -> int:
        """Statements to insert this many outbox rows: one on PostgreSQL; SQLite caps the
        variables of one statement, so a big batch takes a few (but never one per row)."""
        fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
        return math.ceil(rows / connection.ops.bulk_batch_size(fields, [None] * rows))

    # The settings of every recipient (1), the in-app rows (1), the emails (1, see above); the
    # webhook endpoints, once per transaction (1); the transaction's savepoint and release (2).
    with django_assert_num_queries(5 + inserts(10)):
        publish(5, "five")
    assert inserts(50) <= 3
    with django_assert_num_queries(5 + inserts(50)):
        publish(25, "many")
    assert inapp() == Counter({("assigned", "ben"): 30})
    assert mails() == Counter(
        {("staff_assigned", "ana@example.com"): 30, ("staff_assigned", "ben@example.com"): 30}
    )


def test_an_unknown_or_withdrawn_choice_falls_back_to_the_default():
    assert staff.channel_of({"on_call_page": "none"}, "on_call_page") == "both"
    assert staff.channel_of({"assigned": "carrier pigeon"}, "assigned") == "both"
    assert staff.channel_of({}, "followed_changed") == "in_app"
    assert staff.channel_of(None, "sla_red") == "both"


def test_the_in_app_line_keeps_when_the_change_is_old():
    ana = AgentFactory(username="ana")
    at = timezone.now() - timedelta(days=3)
    events.publish(
        events.Event(name=events.Name.ESCALATED, at=at, dedupe_key="e", title="t",
                     recipients=(ana.pk,))
    )  # fmt: skip
    assert InAppNotification.objects.get().created_at == at
