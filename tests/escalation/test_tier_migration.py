"""The tier moved to the tickets app and its escalation rules to a row of their own (escalation
0008 and 0009, tickets 0011 and 0012, sla 0007): a database that already holds tiers, tickets,
escalations and SLA clocks keeps every row and every rule, no tier row is copied, and going
back puts the rules on the tiers again."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from escalation.models import Escalation, TierRules
from escalation.states import CommentRule, Direction
from sla.models import SlaClock, SlaPolicy
from tests.factories import AgentFactory, LeadFactory
from tests.support.historical import old_ticket
from tickets.models import Ticket, Tier

BEFORE_THE_MOVE = [
    ("escalation", "0007_on_call_periodic_tasks"),
    ("tickets", "0010_tasks_moved_to_engineering"),
    ("sla", "0006_dashboard_snapshot"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _reset_sequences(*models):
    """The seeded rows an earlier transactional test reloaded kept their ids, but PostgreSQL's
    sequences started over (tests/conftest.py): move them past those rows."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.mark.django_db(transaction=True)
def test_tiers_rules_tickets_and_clocks_written_before_the_move_are_all_there_after_it():
    old = _migrate(BEFORE_THE_MOVE)
    OldTier, OldPolicy = old.get_model("escalation", "Tier"), old.get_model("sla", "SlaPolicy")
    _reset_sequences(OldTier, OldPolicy)
    agent, lead = AgentFactory(), LeadFactory()
    t6 = OldTier.objects.create(
        code="T6",
        name="T6",
        slug="t6",
        level=10,
        description="Vendors.",
        lead_id=lead.pk,
        research_minutes=7,
        answer_minutes=8,
        transition_comment=CommentRule.ALWAYS,
        page_after_minutes=45,
        contact_list_after_minutes=20,
    )
    t6.members.add(agent.pk)
    OldTier.objects.filter(code="ONCALL").update(page_after_minutes=15)
    t2 = OldTier.objects.values_list("pk", flat=True).get(code="T2")
    # The tier's table still has its escalation name here: the ticket only names the tier's id.
    ticket = old_ticket(old, tier_id=t6.pk)
    now = timezone.now()
    escalation = old.get_model("escalation", "Escalation").objects.create(
        ticket_id=ticket.pk,
        direction=Direction.UP,
        from_tier_id=t2,
        to_tier_id=t6.pk,
        actor_id=agent.pk,
        at=now,
        questions=["Why?"],
    )
    calendar = old.get_model("sla", "BusinessCalendar").objects.first()
    policy = OldPolicy.objects.create(
        tier_id=t6.pk, calendar_id=calendar.pk, yellow_after_minutes=60, red_after_minutes=120
    )
    clock = old.get_model("sla", "SlaClock").objects.create(
        ticket_id=ticket.pk, tier_id=t6.pk, policy_id=policy.pk, started_at=now
    )
    tier_type = ContentType.objects.get(app_label="escalation", model="tier")
    change_tier = Permission.objects.get(content_type=tier_type, codename="change_tier")
    tiers_before = OldTier.objects.count()

    _migrate(_latest())
    ContentType.objects.clear_cache()

    moved = Tier.objects.get(pk=t6.pk)
    assert (moved.code, moved.name, moved.slug, moved.level, moved.description) == (
        "T6",
        "T6",
        "t6",
        10,
        "Vendors.",
    )
    assert (moved.lead, list(moved.members.all())) == (lead, [agent])
    rules = TierRules.objects.get(tier=moved)
    assert (
        rules.research_minutes,
        rules.answer_minutes,
        rules.transition_comment,
        rules.is_on_call,
        rules.page_after_minutes,
        rules.contact_list_after_minutes,
    ) == (7, 8, CommentRule.ALWAYS, False, 45, 20)
    assert TierRules.objects.get(tier__code="ONCALL").page_after_minutes == 15
    assert Tier.objects.count() == TierRules.objects.count() == tiers_before
    assert Ticket.objects.get(pk=ticket.pk).tier == moved
    assert list(moved.tickets.all()) == [Ticket.objects.get(pk=ticket.pk)]
    assert Escalation.objects.get(pk=escalation.pk).to_tier == moved
    assert SlaPolicy.objects.get(pk=policy.pk).tier == moved
    assert SlaClock.objects.get(pk=clock.pk).tier == moved
    assert Tier._meta.db_table == "tickets_tier"
    assert ContentType.objects.get_for_model(Tier).pk == tier_type.pk
    assert Permission.objects.get(pk=change_tier.pk).content_type.app_label == "tickets"
    with pytest.raises(IntegrityError), transaction.atomic():
        TierRules.objects.filter(tier=moved).update(is_on_call=True)  # one on-call tier

    back = _migrate(BEFORE_THE_MOVE)
    restored = back.get_model("escalation", "Tier").objects.get(pk=t6.pk)
    assert (
        restored.research_minutes,
        restored.answer_minutes,
        restored.transition_comment,
        restored.page_after_minutes,
        restored.contact_list_after_minutes,
        restored.lead_id,
    ) == (7, 8, CommentRule.ALWAYS, 45, 20, lead.pk)
    on_call = back.get_model("escalation", "Tier").objects.get(code="ONCALL")
    assert (on_call.is_on_call, on_call.page_after_minutes) == (True, 15)
    assert ContentType.objects.filter(app_label="escalation", model="tier").exists()

    _migrate(_latest())
    assert TierRules.objects.get(tier_id=t6.pk).page_after_minutes == 45


@pytest.mark.django_db
def test_a_fresh_database_has_the_seeded_tiers_with_their_rules():
    rules = {
        r.tier.code: (r.research_minutes, r.answer_minutes, r.transition_comment, r.is_on_call)
        for r in TierRules.objects.select_related("tier")
    }
    assert rules == {
        "TRIAGE": (None, None, CommentRule.IF_CUSTOMER_LAST, False),
        "T1": (5, 5, CommentRule.IF_CUSTOMER_LAST, False),
        "T2": (15, 15, CommentRule.ALWAYS, False),
        "T3": (20, None, CommentRule.NEVER, False),
        "T4": (None, None, CommentRule.NEVER, False),
        "T5": (None, None, CommentRule.NEVER, False),
        "ONCALL": (None, None, CommentRule.NEVER, True),
    }
    assert list(Tier.objects.values_list("code", flat=True)) == [
        "TRIAGE",
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "ONCALL",
    ]
