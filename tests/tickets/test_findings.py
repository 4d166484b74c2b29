"""A ticket's findings (issue 15, seeds 004 and 001): every rule of ``record_findings`` and
``resolve_with_findings``, the workaround state, the signal, staff search."""

import pytest
from django.test import Client

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tests.support.snapshots import world
from tickets import search, services, signals
from tickets.models import Message, Ticket, TicketFindings, TransitionLog
from tickets.services import Findings
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db

FOUND = Findings(
    cause="The **nightly import** locked the orders table.",
    tried="Restarting the web workers.",
    fix="Moved the import to 03:00 and added an index.",
    doc_change="user",
    doc_note="Say imports run at 03:00.",
    customer_summary="We moved a nightly job; checkout is fast again.",
)


def test_record_findings_stores_the_fields_a_search_text_and_a_timeline_line(agent):
    ticket = TicketFactory()

    findings = services.record_findings(ticket, actor=agent, findings=FOUND)

    row = TicketFindings.objects.get(ticket=ticket)
    assert (row.cause, row.tried, row.fix) == (FOUND.cause, FOUND.tried, FOUND.fix)
    assert (row.outcome, row.doc_change, row.doc_note) == ("fix", "user", FOUND.doc_note)
    assert row.customer_summary == FOUND.customer_summary
    assert row.author == agent
    assert row.recorded_at == row.updated_at == findings.updated_at
    assert (row.workaround_active, row.workaround_since) == (False, None)
    assert row.message.kind == MessageKind.FINDINGS
    assert row.message.body == (
        "**What caused it:** The **nightly import** locked the orders table.\n\n"
        "**Tried, did not help:** Restarting the web workers.\n\n"
        "**Fix:** Moved the import to 03:00 and added an index.\n\n"
        "**A user doc should change:** Say imports run at 03:00.\n\n"
        "**For the customer:** We moved a nightly job; checkout is fast again."
    )
    events = Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT)
    assert [e.body for e in events] == [f"{agent.username} recorded the findings."]
    assert Ticket.objects.get(pk=ticket.pk).updated_at == row.updated_at
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN  # recording does not resolve


def test_changing_the_findings_keeps_one_row_and_one_search_text(agent):
    ticket = TicketFactory()
    first = services.record_findings(ticket, actor=agent, findings=FOUND)
    colleague = AgentFactory(username="omar")

    changed = services.record_findings(
        ticket, actor=colleague, findings=Findings(cause="A missing index.", fix="Added it.")
    )

    assert TicketFindings.objects.count() == 1
    assert changed.pk == first.pk
    assert changed.message_id == first.message_id
    assert changed.author == colleague
    assert changed.recorded_at == first.recorded_at
    assert changed.updated_at >= first.updated_at
    assert Message.objects.filter(kind=MessageKind.FINDINGS).count() == 1
    assert Message.objects.get(kind=MessageKind.FINDINGS).body == (
        "**What caused it:** A missing index.\n\n**Fix:** Added it."
    )
    assert changed.doc_change == "none"
    assert changed.doc_note == ""
    assert list(
        Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT).values_list("body", flat=True)
    ) == [f"{agent.username} recorded the findings.", "omar changed the findings."]


@pytest.mark.parametrize(
    ("findings", "field", "problem"),
    [
        (Findings(fix="Added it."), "cause", "Say what caused it."),
        (Findings(cause="Index."), "fix", "Say what fixed it."),
        (Findings(outcome="workaround"), "fix", "Say what the workaround is."),
        (Findings(cause="c", fix="f", outcome="maybe"), "outcome", "Choose Fix or Temporary"),
        (Findings(cause="c", fix="f", doc_change="blog"), "doc_change", "Choose whether a doc"),
        (Findings(cause="c", fix="f", doc_change="internal"), "doc_note", "Say what the doc"),
        (Findings(cause="c", fix="f", doc_note="x" * 301), "doc_note", "At most 300 characters."),
        (Findings(cause="c" * 10_001, fix="f"), "cause", "At most 10,000 characters."),
    ],
)
def test_record_findings_refuses_missing_or_bad_fields_and_writes_nothing(
    agent, findings, field, problem
):
    ticket = TicketFactory()
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.record_findings(ticket, actor=agent, findings=findings)

    assert refused.value.details["fields"][field][0].startswith(problem)
    assert world() == before


def test_a_workaround_may_be_recorded_before_the_cause_is_known(agent):
    ticket = TicketFactory()

    findings = services.record_findings(
        ticket, actor=agent, findings=Findings(fix="Use the old export.", outcome="workaround")
    )

    assert findings.workaround_active
    assert findings.workaround_since == findings.recorded_at
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT).get().body == (
        f"{agent.username} recorded a temporary workaround: the permanent fix is pending."
    )


def test_a_changed_workaround_keeps_its_since_and_the_fix_clears_it(agent):
    ticket = TicketFactory()
    workaround = Findings(fix="Use the old export.", outcome="workaround")
    first = services.record_findings(ticket, actor=agent, findings=workaround)
    again = services.record_findings(
        ticket, actor=agent, findings=Findings(fix="Use the CSV export.", outcome="workaround")
    )
    assert again.workaround_since == first.workaround_since

    resolved = services.resolve_with_findings(
        ticket, actor=agent, findings=Findings(cause="A bug.", fix="Patched.")
    )

    row = TicketFindings.objects.get(ticket=ticket)
    assert resolved.status == Status.RESOLVED
    assert (row.outcome, row.workaround_active, row.workaround_since) == ("fix", False, None)
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT).last().body == (
        f"{agent.username} recorded the permanent fix: the temporary workaround is no longer "
        "needed."
    )


def test_customers_may_not_record_findings(customer):
    ticket = TicketFactory(requester=customer)
    before = world()

    with pytest.raises(PermissionDenied):
        services.record_findings(ticket, actor=customer, findings=FOUND)
    with pytest.raises(PermissionDenied):
        services.resolve_with_findings(ticket, actor=customer, findings=FOUND)

    assert world() == before


def test_the_signal_tells_the_knowledge_base_inside_the_transaction(agent):
    ticket = TicketFactory()
    heard = []

    def receiver(sender, **kwargs):
        heard.append((sender, kwargs["ticket"].pk, kwargs["findings"].doc_change))
        assert kwargs["actor"] == agent
        assert kwargs["at"] == kwargs["findings"].updated_at
        assert TicketFindings.objects.filter(pk=kwargs["findings"].pk).exists()

    signals.findings_recorded.connect(receiver)
    try:
        services.record_findings(ticket, actor=agent, findings=FOUND)
    finally:
        signals.findings_recorded.disconnect(receiver)

    assert heard == [(TicketFindings, ticket.pk, "user")]


def test_resolve_with_findings_sends_the_summary_as_a_reply_and_resolves(agent):
    ticket = TicketFactory(assignee=agent)

    resolved = services.resolve_with_findings(
        ticket, actor=agent, findings=FOUND, send_summary=True, expected_status=Status.OPEN
    )

    assert resolved.status == Status.RESOLVED
    reply = Message.objects.get(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
    assert reply.body == FOUND.customer_summary
    assert reply.author == agent
    email = Notification.objects.get(kind="public_reply")
    assert email.recipient == ticket.requester.email
    assert FOUND.customer_summary in email.body_text
    log = TransitionLog.objects.get(ticket=ticket)
    assert (log.transition, log.from_status, log.to_status) == ("resolve", "open", "resolved")
    assert TicketFindings.objects.get(ticket=ticket).cause == FOUND.cause


def test_resolve_without_sending_writes_no_reply_and_no_email(agent):
    ticket = TicketFactory()

    services.resolve_with_findings(ticket, actor=agent, findings=FOUND)

    assert not Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).exists()
    assert not Notification.objects.filter(kind="public_reply").exists()


@pytest.mark.parametrize(
    ("findings", "send", "field"),
    [
        (Findings(fix="Patched."), False, "cause"),  # resolving always asks the cause
        (Findings(fix="Patched.", outcome="workaround"), False, "cause"),
        (Findings(cause="Bug.", fix="Patched."), True, "customer_summary"),
    ],
)
def test_resolve_refuses_missing_findings_and_writes_nothing(agent, findings, send, field):
    ticket = TicketFactory()
    before = world()

    with pytest.raises(ValidationFailed) as refused:
        services.resolve_with_findings(ticket, actor=agent, findings=findings, send_summary=send)

    assert field in refused.value.details["fields"]
    assert world() == before


def test_a_conflicting_resolve_writes_neither_findings_nor_the_reply(agent):
    ticket = TicketFactory()
    services.transition(ticket, actor=AgentFactory(), name="set_pending")
    before = world()

    with pytest.raises(Conflict) as refused:
        services.resolve_with_findings(
            ticket, actor=agent, findings=FOUND, send_summary=True, expected_status=Status.OPEN
        )

    assert "changed while you were looking at it" in refused.value.message
    assert world() == before


def test_a_resolve_the_machine_refuses_writes_nothing(agent):
    ticket = TicketFactory(closed=True)
    before = world()

    with pytest.raises(Conflict):
        services.resolve_with_findings(ticket, actor=agent, findings=FOUND, send_summary=True)

    assert world() == before


def test_the_plain_transition_still_resolves_without_findings(agent):
    ticket = TicketFactory()
    assert services.transition(ticket, actor=agent, name="resolve").status == Status.RESOLVED
    assert not TicketFindings.objects.exists()


def test_staff_search_finds_a_ticket_by_its_findings_and_customers_never_do(agent):
    requester = CustomerFactory()
    ticket = TicketFactory(requester=requester, subject="Checkout slow")
    services.record_findings(
        ticket, actor=agent, findings=Findings(cause="Quuxlock on orders.", fix="Index.")
    )

    staff = search.search(agent, "quuxlock", within=Ticket.objects.all())
    customer = search.search(requester, "quuxlock", within=Ticket.objects.all())

    assert [m.ticket_id for m in staff.hits] == [ticket.pk]
    assert customer.hits == []
    desk = Client()
    desk.force_login(agent)
    assert "Checkout slow" in desk.get("/desk/?q=quuxlock&status=all").content.decode()


def test_findings_never_move_to_another_ticket(agent):
    source, target = TicketFactory(), TicketFactory()
    findings = services.record_findings(source, actor=agent, findings=FOUND)
    before = world()

    with pytest.raises(ValidationFailed):
        services.move_messages(source, target, actor=agent, message_ids=[findings.message_id])

    assert world() == before
