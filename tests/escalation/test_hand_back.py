"""Seed 003: "If you've answered back to the user, you'll have the ticket assigned to you." An
escalation into a tier where an engineer already answered the customer gives the ticket back to
that engineer instead of the tier's queue (issue 16, rotations and hand-backs)."""

from escalation import services
from escalation.models import AgentProfile
from helpdesk.notifications.models import InAppNotification
from tests.factories import AgentFactory
from tickets import services as tickets
from tickets.models import Ticket


def answered_in_t3_then_down_to_t2(in_tier, staff):
    ticket = in_tier("T3")
    tickets.take(ticket, actor=staff["T3"])
    tickets.reply(ticket, actor=staff["T3"], body="Could you send the booking number?")
    services.escalate_down(
        ticket, actor=staff["T3"], outcome="known_issue", known_issue="42-export-fails"
    )
    ticket.refresh_from_db()
    assert (ticket.tier.code, ticket.assignee) == ("T2", None)
    return ticket


def test_escalating_up_again_hands_the_ticket_back_to_who_answered(in_tier, staff):
    ticket = answered_in_t3_then_down_to_t2(in_tier, staff)
    services.escalate_up(
        ticket, actor=staff["T2"], questions=["Still failing?"], customer_message="Passed on."
    )
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.tier.code, ticket.assignee) == ("T3", staff["T3"])
    assert ticket.messages.filter(body__startswith="Handed back to t3").exists()
    assert InAppNotification.objects.filter(
        user=staff["T3"], event="assigned", ticket_number=ticket.pk
    ).exists()


def test_escalating_down_hands_back_to_the_lower_tiers_answerer(in_tier, staff):
    ticket = in_tier("T2")
    tickets.reply(ticket, actor=staff["T2"], body="Looking into it.")
    services.escalate_up(ticket, actor=staff["T2"], questions=["Why?"], customer_message="On.")
    ticket.refresh_from_db()
    services.escalate_down(
        ticket, actor=staff["T3"], outcome="known_issue", known_issue="42-export-fails"
    )
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.tier.code, ticket.assignee) == ("T2", staff["T2"])


def test_nobody_answered_there_so_it_waits_in_the_queue(in_tier, staff):
    ticket = in_tier("T2")
    services.escalate_up(ticket, actor=staff["T2"], questions=["Why?"], customer_message="On.")
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_an_engineer_who_left_the_tier_or_may_not_hold_it_is_skipped(in_tier, staff, tier):
    ticket = answered_in_t3_then_down_to_t2(in_tier, staff)
    tier("T3").members.remove(staff["T3"])
    services.escalate_up(ticket, actor=staff["T2"], questions=["Q?"], customer_message="On.")
    assert Ticket.objects.get(pk=ticket.pk).assignee is None

    spanish = answered_in_t3_then_down_to_t2(in_tier, {**staff, "T3": _t3(tier)})
    tickets.change_tags(spanish, actor=staff["T2"], add=["Spanish"])
    AgentProfile.objects.update_or_create(user=staff["T2"], defaults={"speaks_spanish": True})
    services.escalate_up(spanish, actor=staff["T2"], questions=["Q?"], customer_message="On.")
    assert Ticket.objects.get(pk=spanish.pk).assignee is None  # the Spanish rule still holds


def _t3(tier):
    agent = AgentFactory(username="theo")
    tier("T3").members.add(agent)
    return agent
