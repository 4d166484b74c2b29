"""Split, send to a team, Notify Product, and the Spanish rule of assignment."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from escalation import selectors, services
from escalation.models import Team, TicketRouting
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications.models import Notification
from tests.escalation.conftest import speaker
from tests.factories import AgentFactory
from tests.support.snapshots import world
from tickets import policies as ticket_policies
from tickets import services as tickets
from tickets.models import Attachment, Message, Ticket
from tickets.states import MessageKind, Party, Priority

pytestmark = pytest.mark.django_db


# --- split ------------------------------------------------------------------------------------


def test_split_moves_the_chosen_messages_to_a_new_ticket_in_triage(in_tier, staff, tier):
    ticket = in_tier("T3")
    tickets.take(ticket, actor=staff["T3"])
    tickets.reply(ticket, actor=staff["T3"], body="Working on the webhook.")
    from django.core.files.uploadedfile import SimpleUploadedFile

    unrelated = tickets.customer_reply(
        ticket,
        actor=staff["customer"],
        body="Also: how do I add a second admin?",
        attachments=[SimpleUploadedFile("admins.txt", b"list", content_type="text/plain")],
    ).message

    new = services.split(
        ticket, actor=staff["T3"], message_ids=[unrelated.pk], subject="Adding a second admin"
    )

    new.refresh_from_db()
    ticket.refresh_from_db()
    assert (new.subject, new.tier, new.assignee, new.requester) == (
        "Adding a second admin",
        tier("TRIAGE"),
        None,
        staff["customer"],
    )
    assert list(new.messages.filter(kind=MessageKind.CUSTOMER_REPLY)) == [unrelated]
    assert Attachment.objects.get(message=unrelated).ticket_id == new.pk
    assert f"Split from ticket #{ticket.pk}" in new.description
    # The source keeps its escalation and assignee; the staff reply is now its last public word.
    assert (ticket.tier, ticket.assignee, ticket.last_word) == (
        tier("T3"),
        staff["T3"],
        Party.STAFF,
    )
    assert new.last_word == Party.CUSTOMER
    source_note = ticket.messages.filter(kind=MessageKind.EVENT).last().body
    new_note = new.messages.filter(kind=MessageKind.EVENT).last().body
    assert source_note == (
        f"**Split:** 1 message moved to ticket #{new.pk} (Adding a second admin) by t3."
    )
    assert new_note == (
        f"**Split** from ticket #{ticket.pk} (Checkout fails) by t3: back in TRIAGE with no "
        "assignee."
    )


def test_split_of_three_messages_says_so_in_the_plural(in_tier, staff):
    ticket = in_tier("T3")
    moved = [
        tickets.customer_reply(ticket, actor=staff["customer"], body=f"Question {n}").message.pk
        for n in (1, 2, 3)
    ]

    new = services.split(ticket, actor=staff["T3"], message_ids=moved, subject="Three at once")

    source_note = ticket.messages.filter(kind=MessageKind.EVENT).last().body
    assert source_note == (
        f"**Split:** 3 messages moved to ticket #{new.pk} (Three at once) by t3."
    )
    assert new.messages.filter(pk__in=moved).count() == 3


@pytest.mark.parametrize(
    ("ids", "subject", "field"),
    [("none", "New question", "messages"), ("own", "", "subject"), ("other", "New q", "messages")],
)
def test_refused_splits_change_nothing(in_tier, submit, staff, ids, subject, field):
    ticket = in_tier("T2")
    own = tickets.customer_reply(ticket, actor=staff["customer"], body="Second question").message
    other = tickets.customer_reply(submit(), actor=staff["customer"], body="elsewhere").message
    message_ids = {"none": [], "own": [own.pk], "other": [other.pk]}[ids]
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.split(ticket, actor=staff["T2"], message_ids=message_ids, subject=subject)

    assert field in refused.value.details["fields"]
    assert world() == before


@pytest.mark.parametrize("kind", [MessageKind.SYSTEM_NOTE, MessageKind.EVENT])
def test_system_notes_and_timeline_events_do_not_move(in_tier, staff, kind):
    ticket = in_tier("T2")  # the move to T2 is an event on the timeline
    tickets.add_system_note(ticket, "Something the helpdesk did.")
    line = Message.objects.get(ticket=ticket, kind=kind)
    before = world()
    with pytest.raises(ValidationFailed):
        services.split(ticket, actor=staff["T2"], message_ids=[line.pk], subject="x")
    assert world() == before


# --- teams and Product ------------------------------------------------------------------------


def test_send_to_team_drops_escalation_and_assignee_and_tells_the_team(in_tier, staff, tier):
    engagement = Team.objects.get(slug="engagement")
    engagement.email = "engagement@example.com"
    engagement.save()
    member = AgentFactory(username="eve")
    engagement.members.add(member)
    ticket = in_tier("T3")
    tickets.take(ticket, actor=staff["T3"])

    with time_machine.travel(timezone.now(), tick=False):
        routing = services.send_to_team(
            ticket,
            actor=staff["T3"],
            team="engagement",
            reason="The customer threatens to close the account.",
            follow=True,
        )

    ticket.refresh_from_db()
    assert (ticket.tier, ticket.assignee) == (tier("TRIAGE"), None)
    assert routing.team == engagement
    assert list(routing.followers.all()) == [staff["T3"]]
    assert ticket.messages.filter(kind=MessageKind.EVENT).last().body == (
        "**Sent to Engagement** by t3: The customer threatens to close the account."
    )
    mails = Notification.objects.filter(kind="team_ticket")
    assert sorted(mails.values_list("recipient", flat=True)) == [
        "engagement@example.com",
        "eve@example.com",
    ]


def test_send_to_team_in_triage_just_unassigns(in_tier, staff, tier):
    ticket = in_tier("TRIAGE")
    tickets.take(ticket, actor=staff["TRIAGE"])
    services.send_to_team(ticket, actor=staff["TRIAGE"], team="marketing", reason="Partner.")
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.assignee) == (tier("TRIAGE"), None)


def test_only_the_holder_or_a_lead_sends_a_held_ticket_to_a_team(in_tier, staff):
    ticket = in_tier("T3")
    tickets.take(ticket, actor=staff["T3"])
    before = world()
    with pytest.raises(PermissionDenied, match="held by t3"):
        services.send_to_team(ticket, actor=staff["T2"], team="engagement", reason="r")
    assert world() == before
    services.send_to_team(ticket, actor=staff["lead"], team="engagement", reason="r")


@pytest.mark.parametrize(
    ("team", "reason", "field"), [("sales", "r", "team"), ("product", "", "reason")]
)
def test_refused_team_sends_change_nothing(in_tier, staff, team, reason, field):
    ticket = in_tier("T2")
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.send_to_team(ticket, actor=staff["T2"], team=team, reason=reason)
    assert field in refused.value.details["fields"]
    assert world() == before


def test_notify_product_raises_the_flag_with_a_product_note(in_tier, staff, tier):
    Team.objects.filter(slug="product").update(email="product@example.com")
    ticket = in_tier("T2")

    services.notify_product(ticket, actor=staff["T2"], note="Customers keep asking for CSV export.")

    routing = TicketRouting.objects.get(ticket=ticket)
    assert routing.notify_product is True
    assert routing.product_flagged_at is not None
    body = ticket.messages.filter(kind=MessageKind.INTERNAL_NOTE).last().body
    assert body == "**Product** — Customers keep asking for CSV export."
    assert Ticket.objects.get(pk=ticket.pk).tier == tier("T2")  # not an escalation
    assert list(Notification.objects.filter(kind="notify_product").values_list("recipient")) == [
        ("product@example.com",)
    ]


def test_notify_product_needs_a_note(in_tier, staff):
    ticket = in_tier("T2")
    before = world()
    with pytest.raises(ValidationFailed):
        services.notify_product(ticket, actor=staff["T2"], note=" ")
    assert world() == before


# --- assignment -------------------------------------------------------------------------------


def test_spanish_tickets_go_only_to_spanish_speakers(in_tier, staff):
    ticket = in_tier("T1")
    tickets.set_tags(ticket, actor=staff["T1"], names=["spanish"])
    before = world()

    with pytest.raises(ValidationFailed, match="only agents marked as Spanish speakers"):
        tickets.assign(ticket, actor=staff["lead"], assignee=staff["T1"])
    assert world() == before
    assert ticket_policies.ticket_assignment_problem(ticket, staff["T1"]) == (
        f"Ticket #{ticket.pk} is tagged Spanish: only agents marked as Spanish speakers "
        f"may take it, and {staff['T1'].get_username()} is not."
    )

    speaker(staff["T2"])
    tickets.assign(ticket, actor=staff["lead"], assignee=staff["T2"])
    assert Ticket.objects.get(pk=ticket.pk).assignee == staff["T2"]


def test_untagged_tickets_go_to_anyone(in_tier, staff):
    ticket = in_tier("T1")
    assert ticket_policies.ticket_assignment_problem(ticket, staff["T1"]) == ""
    tickets.assign(ticket, actor=staff["T1"], assignee=staff["T1"])
    assert Ticket.objects.get(pk=ticket.pk).assignee == staff["T1"]


def test_picking_order_is_top_priority_then_oldest_and_take_next_skips_spanish(
    in_tier, staff, tier
):
    now = timezone.now()
    with time_machine.travel(now - timedelta(hours=3), tick=False):
        oldest_normal = in_tier("T1")
    with time_machine.travel(now - timedelta(hours=2), tick=False):
        spanish_top = in_tier("T1", priority=Priority.TOP)
        tickets.set_tags(spanish_top, actor=staff["T1"], names=["Spanish"])
    with time_machine.travel(now - timedelta(hours=1), tick=False):
        newer_top = in_tier("T1", priority=Priority.TOP)
    in_tier("T2")

    queue = list(selectors.tier_queue(staff["T1"], tier("T1")))
    assert queue == [spanish_top, newer_top, oldest_normal]

    assert services.take_next(staff["T1"], tier("T1")) == newer_top
    assert services.take_next(staff["T1"], tier("T1")) == oldest_normal
    assert services.take_next(staff["T1"], tier("T1")) is None
    speaker(staff["T2"])
    assert services.take_next(staff["T2"], tier("T1")) == spanish_top
    mine = list(selectors.tier_queue(staff["T1"], None, mine=True))
    assert mine == [newer_top, oldest_normal]
