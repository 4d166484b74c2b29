"""Escalate up and down: the structured transition comment, the tier rules, and the refusals
(each refusal leaves the world exactly as it was)."""

import pytest

from escalation import services
from escalation.errors import TicketNotActive, TierChanged
from escalation.models import Escalation
from escalation.states import Direction, DownOutcome
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from sla.models import SlaClock
from sla.states import ClockState
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.models import Message, Ticket
from tickets.states import MessageKind, Party, Status

pytestmark = pytest.mark.django_db


def notes(ticket, kind=MessageKind.INTERNAL_NOTE):
    return list(Message.objects.filter(ticket=ticket, kind=kind).values_list("body", flat=True))


# --- up ---------------------------------------------------------------------------------------


def test_t2_escalates_to_t3_with_numbered_questions_findings_and_a_public_comment(
    in_tier, staff, tier
):
    ticket = in_tier("T2")
    tickets.take(ticket, actor=staff["T2"])

    escalation = services.escalate_up(
        ticket,
        actor=staff["T2"],
        target_tier="T3",
        questions=["Why does the webhook time out?", "  ", "Is the queue backed up?"],
        findings="Logs show 30 s timeouts since Monday.",
        customer_message="We've asked our engineers to look into this.",
    )

    ticket.refresh_from_db()
    assert ticket.tier == tier("T3")
    assert ticket.assignee is None
    assert (escalation.direction, escalation.from_tier, escalation.to_tier) == (
        Direction.UP,
        tier("T2"),
        tier("T3"),
    )
    assert escalation.questions == ["Why does the webhook time out?", "Is the queue backed up?"]
    assert escalation.actor == staff["T2"]
    assert escalation.note.body == (
        "**Escalated from T2 to T3.**\n\n"
        "**ESCALATED QUESTION 1:** Why does the webhook time out?\n\n"
        "**ESCALATED QUESTION 2:** Is the queue backed up?\n\n"
        "**Findings so far:**\n\nLogs show 30 s timeouts since Monday."
    )
    assert escalation.note.kind == MessageKind.INTERNAL_NOTE
    assert escalation.public_reply.kind == MessageKind.PUBLIC_REPLY
    assert escalation.public_reply.body == "We've asked our engineers to look into this."
    assert ticket.last_word == Party.STAFF
    # The move is a line on the timeline; the conversation holds only what people wrote.
    assert notes(ticket, MessageKind.EVENT)[-1] == "Moved from T2 to T3 by t2."
    assert notes(ticket, MessageKind.SYSTEM_NOTE) == []
    assert notes(ticket) == [escalation.note.body]
    assert escalation.needs_review is False


def test_escalation_stops_the_old_tier_clock_and_starts_the_new_one(in_tier, staff, tier):
    ticket = in_tier("T2")
    assert SlaClock.objects.get(ticket=ticket, tier=tier("T2")).state == ClockState.RUNNING
    assert not SlaClock.objects.filter(ticket=ticket, tier=tier("T3")).exists()

    services.escalate_up(
        ticket, actor=staff["T2"], questions=["Q?"], customer_message="Escalating."
    )

    old = SlaClock.objects.get(ticket=ticket, tier=tier("T2"))
    new = SlaClock.objects.get(ticket=ticket, tier=tier("T3"))
    assert old.state == ClockState.STOPPED
    assert old.stopped_at is not None
    assert new.state == ClockState.RUNNING
    assert new.started_at == old.stopped_at


def test_the_default_target_is_the_next_tier(in_tier, staff, tier):
    ticket = in_tier("T3")
    escalation = services.escalate_up(ticket, actor=staff["T3"], questions=["Why?"])
    assert escalation.to_tier == tier("T4")


def test_t1_must_write_to_the_customer_when_the_customer_had_the_last_word(in_tier, staff):
    ticket = in_tier("T1")
    assert ticket.last_word == Party.CUSTOMER
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.escalate_up(ticket, actor=staff["T1"], questions=["What now?"])

    assert refused.value.message == (
        "Write the customer a transition comment: The customer had the last word, so T1 writes "
        "to the customer when escalating."
    )
    assert "customer_message" in refused.value.details["fields"]
    assert world() == before


def test_t1_may_escalate_silently_when_staff_had_the_last_word(in_tier, staff, tier):
    ticket = in_tier("T1")
    tickets.reply(ticket, actor=staff["T1"], body="Could you send a screenshot?")

    escalation = services.escalate_up(ticket, actor=staff["T1"], questions=["What now?"])

    assert escalation.to_tier == tier("T2")
    assert escalation.public_reply is None


def test_t2_always_writes_to_the_customer(in_tier, staff):
    ticket = in_tier("T2")
    tickets.reply(ticket, actor=staff["T2"], body="Looking.")
    before = world()

    with pytest.raises(ValidationFailed, match="T2 always writes to the customer"):
        services.escalate_up(ticket, actor=staff["T2"], questions=["Q?"])

    assert world() == before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"questions": []}, "questions"),
        ({"questions": ["", "   "]}, "questions"),
        ({"questions": ["Q?"], "target_tier": "T1"}, "target_tier"),
        ({"questions": ["Q?"], "target_tier": "T3"}, "target_tier"),
        ({"questions": ["Q?"], "target_tier": "T9"}, "target_tier"),
        ({"questions": ["Q?"], "set_pending": True, "customer_message": ""}, "customer_message"),
    ],
)
def test_refused_escalations_up_change_nothing(in_tier, staff, kwargs, field):
    ticket = in_tier("T3")
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.escalate_up(ticket, actor=staff["T3"], **kwargs)

    assert field in refused.value.details["fields"]
    assert world() == before


def test_customers_may_not_escalate(in_tier, staff):
    ticket = in_tier("T2")
    before = world()
    with pytest.raises(PermissionDenied):
        services.escalate_up(ticket, actor=staff["customer"], questions=["Q?"])
    assert world() == before


def test_a_closed_ticket_is_not_escalated(in_tier, staff):
    ticket = in_tier("T2")
    tickets.transition(ticket, actor=staff["T2"], name="close")
    before = world()
    with pytest.raises(TicketNotActive, match="is Closed: reopen it"):
        services.escalate_up(ticket, actor=staff["T2"], questions=["Q?"], customer_message="m")
    assert world() == before


def test_a_ticket_moved_meanwhile_is_a_conflict(in_tier, staff, tier):
    ticket = in_tier("T2")
    services.escalate_up(ticket, actor=staff["T2"], questions=["Q?"], customer_message="m")
    before = world()

    with pytest.raises(TierChanged) as conflict:
        services.escalate_up(
            ticket, actor=staff["T2"], questions=["Q?"], customer_message="m", expected_tier="T2"
        )

    assert conflict.value.details == {"current_tier": "T3"}
    assert world() == before


def test_asking_the_customer_for_more_sets_pending(in_tier, staff):
    ticket = in_tier("T2")
    services.escalate_up(
        ticket,
        actor=staff["T2"],
        questions=["Q?"],
        customer_message="Which browser do you use?",
        set_pending=True,
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.tier.code == "T3"


def test_re_escalation_after_an_unhelpful_answer_adds_process_tweak(in_tier, staff, tier):
    ticket = in_tier("T2")
    services.escalate_up(ticket, actor=staff["T2"], questions=["Q?"], customer_message="m")
    services.escalate_down(
        ticket, actor=staff["T3"], outcome=DownOutcome.ANSWERED, answer="Clear your cache."
    )
    tickets.customer_reply(ticket, actor=staff["customer"], body="Did not help.")

    again = services.escalate_up(
        ticket, actor=staff["T2"], questions=["Cache was not it. What else?"], customer_message="m"
    )

    assert again.is_reescalation is True
    assert again.needs_review is True
    assert again.tags_added == ["Process Tweak"]
    assert "**Re-escalation:** the answer T3 gave on" in again.note.body
    assert list(ticket.tags.values_list("name", flat=True)) == ["Process Tweak"]


def test_an_escalation_after_another_tier_answered_is_not_a_re_escalation(in_tier, staff):
    ticket = in_tier("T2")
    services.escalate_up(ticket, actor=staff["T2"], questions=["Q?"], customer_message="m")
    services.escalate_down(ticket, actor=staff["T3"], outcome="answered", answer="Try this.")
    again = services.escalate_up(
        ticket, actor=staff["T2"], target_tier="T4", questions=["Q?"], customer_message="m"
    )
    assert again.is_reescalation is False
    assert again.tags_added == []


# --- down -------------------------------------------------------------------------------------


def escalated(in_tier, staff, code="T2", to="T3"):
    ticket = in_tier(code)
    services.escalate_up(
        ticket, actor=staff[code], target_tier=to, questions=["Q?"], customer_message="m"
    )
    ticket.refresh_from_db()
    return ticket


def test_down_with_missed_doc_review_tags_notes_and_goes_back_where_it_came_from(
    in_tier, staff, tier
):
    ticket = escalated(in_tier, staff)

    down = services.escalate_down(
        ticket,
        actor=staff["T3"],
        outcome=DownOutcome.MISSED_DOC,
        doc_url="https://docs.example.com/webhooks#timeouts",
        findings="Answered in the webhook doc.",
        proposed_docs=["internal"],
    )

    ticket.refresh_from_db()
    assert ticket.tier == tier("T2")
    assert down.direction == Direction.DOWN
    assert down.needs_review is True
    assert sorted(down.tags_added) == ["Missed Doc Review", "Proposed Internal Doc"]
    assert sorted(ticket.tags.values_list("name", flat=True)) == [
        "Missed Doc Review",
        "Proposed Internal Doc",
    ]
    assert down.note.body == (
        "**Escalated down from T3 to T2:** Missed Doc Review (a doc answers it).\n\n"
        "**Missed Doc Review:** the answer is in https://docs.example.com/webhooks#timeouts\n\n"
        "**Findings:**\n\nAnswered in the webhook doc."
    )
    assert SlaClock.objects.get(ticket=ticket, tier=tier("T3")).state == ClockState.STOPPED
    assert SlaClock.objects.get(ticket=ticket, tier=tier("T2")).state == ClockState.RUNNING


def test_down_with_an_answer_replies_and_keeps_the_ticket_with_the_answering_agent(
    in_tier, staff, tier
):
    ticket = escalated(in_tier, staff, "T1", "T3")

    down = services.escalate_down(
        ticket,
        actor=staff["T3"],
        outcome="answered",
        answer="Fixed: the key was rotated.",
        proposed_docs=["Proposed User Doc"],
    )

    ticket.refresh_from_db()
    assert ticket.tier == tier("T1")
    assert ticket.assignee == staff["T3"]
    assert down.public_reply.body == "Fixed: the key was rotated."
    assert down.needs_review is False
    assert down.tags_added == ["Proposed User Doc"]


def test_down_with_a_known_issue_tags_the_ticket(in_tier, staff):
    ticket = escalated(in_tier, staff)
    down = services.escalate_down(
        ticket, actor=staff["T3"], outcome="known_issue", known_issue="42-Checkout-502"
    )
    assert down.tags_added == ["42-checkout-502"]
    assert down.known_issue == "42-checkout-502"
    assert "**Known issue:** 42-checkout-502" in down.note.body


def test_down_with_a_process_tweak_goes_to_the_review(in_tier, staff):
    ticket = escalated(in_tier, staff)
    down = services.escalate_down(
        ticket,
        actor=staff["T3"],
        outcome="answered",
        answer="Done.",
        process_tweak="T2 skipped the log check in the runbook.",
    )
    assert down.needs_review is True
    assert down.tags_added == ["Process Tweak"]
    assert "**Process Tweak:** T2 skipped the log check in the runbook." in down.note.body


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "missed_doc"}, "doc_url"),
        ({"outcome": "missed_doc", "doc_url": "docs/webhooks"}, "doc_url"),
        ({"outcome": "known_issue", "known_issue": "checkout broken"}, "known_issue"),
        ({"outcome": "answered", "answer": "  "}, "answer"),
        ({"outcome": "shrug"}, "outcome"),
        ({"outcome": "answered", "answer": "a", "target_tier": "T4"}, "target_tier"),
        ({"outcome": "answered", "answer": "a", "proposed_docs": ["blog"]}, "proposed_docs"),
    ],
)
def test_refused_escalations_down_change_nothing(in_tier, staff, kwargs, field):
    ticket = escalated(in_tier, staff)
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.escalate_down(ticket, actor=staff["T3"], **kwargs)

    assert field in refused.value.details["fields"]
    assert world() == before


def test_nothing_is_below_triage(in_tier, staff):
    ticket = in_tier("TRIAGE")
    before = world()
    with pytest.raises(ValidationFailed, match="is not below TRIAGE"):
        services.escalate_down(ticket, actor=staff["TRIAGE"], outcome="answered", answer="a")
    assert world() == before


def test_every_escalation_is_kept_in_order(in_tier, staff):
    ticket = escalated(in_tier, staff)
    services.escalate_down(ticket, actor=staff["T3"], outcome="answered", answer="a")
    rows = list(
        Escalation.objects.filter(ticket=ticket).values_list(
            "direction", "from_tier__code", "to_tier__code"
        )
    )
    assert rows == [("up", "T2", "T3"), ("down", "T3", "T2")]
    assert Ticket.objects.get(pk=ticket.pk).tier.code == "T2"
