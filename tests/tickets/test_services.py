"""Ticket services: submission, replies, notes, customer replies, transitions, assignment, tags."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.factories import AgentFactory, CustomerFactory, TagFactory, TicketFactory
from tickets import services
from tickets.models import Message, Ticket, TransitionLog
from tickets.services import TransitionNotAllowed
from tickets.states import MessageKind, Party, Priority, Status

pytestmark = pytest.mark.django_db


def test_submission_lands_open_in_triage_with_the_category_priority(customer):
    ticket = services.submit_ticket(
        actor=customer,
        subject="  Site down  ",
        description="Everything 500s.",
        category="urgent_issue",
        production_url="https://shop.example.com",
        browser="Firefox",
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.tier.slug == "triage"
    assert ticket.priority == Priority.TOP
    assert ticket.subject == "Site down"
    assert ticket.organization == customer.customer_profile.organization
    assert ticket.last_word == Party.CUSTOMER
    assert ticket.production_url == "https://shop.example.com"


@pytest.mark.parametrize(
    ("category", "priority"),
    [
        ("urgent_issue", "top"),
        ("server_issue", "high"),
        ("issue_with_error", "normal"),
        ("issue_no_error", "normal"),
        ("question", "low"),
    ],
)
def test_each_category_maps_to_its_default_priority(customer, category, priority):
    ticket = services.submit_ticket(actor=customer, subject="s", description="d", category=category)
    assert ticket.priority == priority


def test_submission_with_bad_fields_saves_nothing(customer):
    with pytest.raises(ValidationFailed) as error:
        services.submit_ticket(actor=customer, subject=" ", description="", category="nope")
    assert set(error.value.details["fields"]) == {"subject", "description", "category"}
    assert Ticket.objects.count() == 0


def test_reply_with_pending_moves_the_ticket_and_records_first_response(agent):
    ticket = TicketFactory()
    outcome = services.reply(ticket, actor=agent, body="Try now.", set_pending=True)
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.pending_since is not None
    assert ticket.first_response_at == outcome.message.created_at
    assert ticket.last_word == Party.STAFF
    log = TransitionLog.objects.get(ticket=ticket)
    assert (log.from_status, log.to_status, log.actor) == ("open", "pending", agent)


def test_reply_again_while_pending_restarts_the_reminder_clock(agent):
    ticket = TicketFactory(pending=True)
    first = ticket.pending_since
    services.reply(ticket, actor=agent, body="One more thing.", set_pending=True)
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.pending_since > first


def test_internal_note_changes_neither_status_nor_last_word(agent):
    ticket = TicketFactory(pending=True, last_word=Party.STAFF)
    services.add_internal_note(ticket, actor=agent, body="Hmm.")
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.last_word == Party.STAFF
    assert ticket.messages.get().kind == MessageKind.INTERNAL_NOTE


@pytest.mark.parametrize("trait", ["pending", "waiting", "on_hold", "review", "resolved"])
def test_customer_reply_reopens(trait):
    ticket = TicketFactory(**{trait: True})
    services.customer_reply(ticket, actor=ticket.requester, body="Still broken.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.last_word == Party.CUSTOMER
    assert TransitionLog.objects.get(ticket=ticket).transition == "customer_replied"


def test_customer_reply_to_open_ticket_stays_open_without_a_transition():
    ticket = TicketFactory()
    services.customer_reply(ticket, actor=ticket.requester, body="More details.")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN
    assert not TransitionLog.objects.exists()


def test_customer_reply_to_closed_ticket_opens_a_linked_ticket():
    closed = TicketFactory(closed=True, subject="Old problem")
    outcome = services.customer_reply(closed, actor=closed.requester, body="It is back!")
    assert outcome.opened_new_ticket
    new = outcome.ticket
    assert new.pk != closed.pk
    assert new.linked_from == closed
    assert new.status == Status.OPEN
    assert new.description == "It is back!"
    assert new.requester == closed.requester
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED
    assert closed.messages.get().kind == MessageKind.SYSTEM_NOTE
    assert f"#{new.pk}" in closed.messages.get().body


def test_customer_cannot_reply_to_someone_elses_ticket():
    ticket = TicketFactory()
    stranger = CustomerFactory()
    with pytest.raises(NotFound):
        services.customer_reply(ticket, actor=stranger, body="hi")
    assert not Message.objects.exists()


def test_refused_transition_names_status_and_allowed_ones(agent):
    ticket = TicketFactory(closed=True)
    with pytest.raises(TransitionNotAllowed) as error:
        services.transition(ticket, actor=agent, name="resolve")
    assert error.value.details == {"current_status": "closed", "allowed_transitions": ["reopen"]}
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_stale_expected_status_is_a_conflict_and_changes_nothing(agent):
    ticket = TicketFactory(pending=True)
    with pytest.raises(TransitionNotAllowed):
        services.transition(ticket, actor=agent, name="resolve", expected_status="open")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.PENDING
    assert not TransitionLog.objects.exists()


def test_customer_may_not_take_staff_transitions():
    ticket = TicketFactory()
    with pytest.raises(PermissionDenied):
        services.transition(ticket, actor=ticket.requester, name="resolve")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_system_transitions_are_not_offered_to_people(agent):
    ticket = TicketFactory(pending=True)
    with pytest.raises(ValidationFailed):
        services.transition(ticket, actor=agent, name="auto_resolve")


def test_hold_needs_days_and_stores_its_end(agent):
    ticket = TicketFactory()
    with pytest.raises(ValidationFailed):
        services.transition(ticket, actor=agent, name="hold")
    services.transition(ticket, actor=agent, name="hold", hold_days=5, comment="Vendor")
    ticket.refresh_from_db()
    assert ticket.status == Status.ON_HOLD
    assert (ticket.hold_until - ticket.status_changed_at).days == 5
    assert TransitionLog.objects.get(ticket=ticket).comment == "Vendor"


def test_review_needs_a_reason(agent):
    ticket = TicketFactory()
    with pytest.raises(ValidationFailed):
        services.transition(ticket, actor=agent, name="request_review", comment=" ")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_agents_take_unassigned_tickets_but_only_leads_reassign(agent, lead):
    ticket = TicketFactory()
    services.take(ticket, actor=agent)
    assert Ticket.objects.get(pk=ticket.pk).assignee == agent
    other = AgentFactory()
    with pytest.raises(PermissionDenied):
        services.take(ticket, actor=other)
    assert Ticket.objects.get(pk=ticket.pk).assignee == agent
    services.assign(ticket, actor=lead, assignee=other)
    assert Ticket.objects.get(pk=ticket.pk).assignee == other


def test_assigning_to_a_customer_is_refused(lead):
    ticket = TicketFactory()
    with pytest.raises(ValidationFailed):
        services.assign(ticket, actor=lead, assignee=ticket.requester)


def test_tags_are_reused_case_blind(agent):
    first, second = TicketFactory(), TicketFactory()
    services.set_tags(first, actor=agent, names=["Process Tweak", "  spanish "])
    services.set_tags(second, actor=agent, names=["process tweak"])
    assert sorted(first.tags.values_list("name", flat=True)) == ["Process Tweak", "spanish"]
    assert list(second.tags.values_list("name", flat=True)) == ["Process Tweak"]


def test_tagging_with_many_names_costs_the_same_queries_as_with_one(
    agent,
):
    TagFactory(name="Spanish")
    one, many = TicketFactory(), TicketFactory()
    services.set_tags(one, actor=agent, names=["spanish"])  # warm the caller's cached role
    counts = []
    for ticket, names in [(one, ["Spanish", "new-a"]), (many, ["SPANISH", *"bcdefgh"])]:
        with CaptureQueriesContext(connection) as queries:
            services.set_tags(ticket, actor=agent, names=names)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    assert sorted(one.tags.values_list("name", flat=True)) == ["Spanish", "new-a"]
    assert sorted(many.tags.values_list("name", flat=True)) == ["Spanish", *"bcdefgh"]
