"""Bulk answers: compose → preview → send, exactly once per ticket even after a crash."""

import pytest

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from helpdesk.notifications.models import Notification
from knownissues import selectors, services
from knownissues.models import BulkAnswer, BulkAnswerDelivery
from knownissues.services import bulk_answers
from knownissues.states import BulkAnswerState, IssueStatus
from tests.factories import TicketFactory
from tests.knownissues.factories import KnownIssueFactory, capture_bulk_sends
from tickets import services as tickets
from tickets.models import Message
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db

BODY = "The checkout error is **fixed**. Sorry for the trouble!"


@pytest.fixture
def issue(agent):
    """A resolved issue with five linked tickets: three open, one Resolved, one Closed."""
    issue = KnownIssueFactory(known=True)
    linked = [
        TicketFactory(),
        TicketFactory(pending=True),
        TicketFactory(on_hold=True),
        TicketFactory(resolved=True),
        TicketFactory(closed=True),
    ]
    for ticket in linked:
        services.link_ticket(issue, ticket, actor=agent)
    services.change_status(issue, actor=agent, status=IssueStatus.RESOLVED)
    issue.refresh_from_db()
    issue.linked = linked
    return issue


def public_replies(ticket):
    return list(
        Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).values_list(
            "body", flat=True
        )
    )


def reply_mails(ticket):
    return Notification.objects.filter(ticket_number=ticket.pk, kind="public_reply").count()


def test_compose_makes_a_draft_and_composing_again_edits_it(issue, agent):
    first = services.compose_bulk_answer(issue, actor=agent, body="Draft one")
    second = services.compose_bulk_answer(issue, actor=agent, body=BODY, resolve_tickets=True)

    assert first.pk == second.pk
    answer = BulkAnswer.objects.get()
    assert (answer.body, answer.resolve_tickets, answer.state) == (
        BODY,
        True,
        BulkAnswerState.DRAFT,
    )


def test_the_preview_lists_every_linked_ticket_but_the_closed_one(issue):
    recipients = list(selectors.bulk_answer_recipients(issue))
    assert recipients == issue.linked[:4]


def test_resolving_tickets_needs_a_resolved_issue(agent):
    issue = KnownIssueFactory(known=True)
    with pytest.raises(ValidationFailed) as error:
        services.compose_bulk_answer(issue, actor=agent, body=BODY, resolve_tickets=True)
    assert error.value.details["fields"] == {
        "resolve_tickets": ["Only once the known issue is Resolved."]
    }
    assert BulkAnswer.objects.count() == 0


def test_an_empty_answer_is_refused(issue, agent):
    with pytest.raises(ValidationFailed):
        services.compose_bulk_answer(issue, actor=agent, body="   ")
    assert BulkAnswer.objects.count() == 0


def test_send_replies_once_to_each_ticket_and_resolves_the_open_ones(
    issue, agent, lead, django_capture_on_commit_callbacks, monkeypatch
):
    published = []
    capture_bulk_sends(monkeypatch, published)
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY, resolve_tickets=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.start_sending(answer, actor=lead)
    result = services.deliver_bulk_answer(answer.pk)

    assert published == [answer.pk]
    assert (result.delivered, result.resolved, result.skipped, result.done) == (4, 3, 0, True)
    answer.refresh_from_db()
    assert (answer.state, answer.sent_by, answer.last_error) == (BulkAnswerState.SENT, lead, "")
    open_one, pending, on_hold, resolved, closed = issue.linked
    for ticket in (open_one, pending, on_hold, resolved):
        assert public_replies(ticket) == [BODY]
        assert reply_mails(ticket) == 1
        ticket.refresh_from_db()
        assert ticket.status == Status.RESOLVED
    assert public_replies(closed) == []
    assert reply_mails(closed) == 0
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY, author=lead).count() == 4
    assert BulkAnswerDelivery.objects.count() == 4


def test_without_resolve_the_tickets_keep_their_status(issue, agent):
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    services.send_now(answer, actor=agent)

    for ticket in issue.linked:
        ticket.refresh_from_db()
    assert [t.status for t in issue.linked] == [
        Status.OPEN,
        Status.PENDING,
        Status.ON_HOLD,
        Status.RESOLVED,
        Status.CLOSED,
    ]


def test_a_send_that_crashes_midway_is_retried_without_duplicates(issue, agent, monkeypatch):
    """The third reply raises (the worker died): two tickets have the answer. The retry
    delivers the other two, and every ticket ends with exactly one reply and one email."""
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY, resolve_tickets=True)
    services.start_sending(answer, actor=agent, publish=False)
    real_reply = tickets.reply
    calls = []

    def crashing_reply(ticket, **kwargs):
        calls.append(ticket.pk)
        if len(calls) == 3:
            raise RuntimeError("worker lost")
        return real_reply(ticket, **kwargs)

    monkeypatch.setattr(tickets, "reply", crashing_reply)
    with pytest.raises(RuntimeError):
        services.deliver_bulk_answer(answer.pk)

    answer.refresh_from_db()
    assert answer.state == BulkAnswerState.SENDING
    assert answer.last_error == "RuntimeError: worker lost"
    assert BulkAnswerDelivery.objects.count() == 2  # the third ticket's row rolled back
    third = issue.linked[2]
    assert public_replies(third) == []

    monkeypatch.setattr(tickets, "reply", real_reply)
    result = services.deliver_bulk_answer(answer.pk)
    again = services.deliver_bulk_answer(answer.pk)

    assert (result.delivered, result.skipped) == (2, 2)
    assert (again.delivered, again.done) == (0, True)
    for ticket in issue.linked[:4]:
        assert public_replies(ticket) == [BODY]
        assert reply_mails(ticket) == 1
    assert BulkAnswerDelivery.objects.count() == 4
    answer.refresh_from_db()
    assert (answer.state, answer.last_error) == (BulkAnswerState.SENT, "")


def test_a_ticket_that_refuses_the_reply_does_not_hold_back_the_others(issue, agent, monkeypatch):
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    services.start_sending(answer, actor=agent, publish=False)
    real_reply = tickets.reply
    stubborn = issue.linked[1]

    def refusing_reply(ticket, **kwargs):
        if ticket.pk == stubborn.pk:
            raise PermissionDenied("The ticket is locked by a legal hold.")
        return real_reply(ticket, **kwargs)

    monkeypatch.setattr(tickets, "reply", refusing_reply)
    result = services.deliver_bulk_answer(answer.pk)

    assert (result.delivered, result.done) == (3, False)
    assert public_replies(stubborn) == []
    answer.refresh_from_db()
    assert answer.state == BulkAnswerState.SENDING
    assert answer.last_error == (
        f"Not answered: #{stubborn.pk}: The ticket is locked by a legal hold."
    )

    monkeypatch.setattr(tickets, "reply", real_reply)
    retry = services.deliver_bulk_answer(answer.pk)

    assert (retry.delivered, retry.skipped, retry.done) == (1, 3, True)
    assert public_replies(stubborn) == [BODY]
    answer.refresh_from_db()
    assert (answer.state, answer.last_error) == (BulkAnswerState.SENT, "")


def test_the_page_retry_sends_the_rest(issue, agent, monkeypatch):
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    services.start_sending(answer, actor=agent, publish=False)
    ticket = issue.linked[0]
    bulk_answers._deliver_one(answer, ticket.pk, agent, "")

    result = services.send_now(answer, actor=agent)

    assert (result.delivered, result.skipped) == (3, 1)
    assert public_replies(ticket) == [BODY]


def test_a_ticket_closed_after_the_preview_receives_nothing(issue, agent):
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    services.start_sending(answer, actor=agent, publish=False)
    target = issue.linked[0]
    tickets.transition(target, actor=agent, name="close")

    result = services.deliver_bulk_answer(answer.pk)

    assert result.delivered == 3
    assert public_replies(target) == []


def test_a_sent_answer_cannot_be_sent_again(issue, agent):
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    services.send_now(answer, actor=agent)
    with pytest.raises(Conflict):
        services.start_sending(answer, actor=agent)
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 4


def test_no_new_draft_while_one_is_sending(issue, agent):
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    services.start_sending(answer, actor=agent, publish=False)
    with pytest.raises(Conflict) as error:
        services.compose_bulk_answer(issue, actor=agent, body="Another")
    assert error.value.code == "bulk_answer_busy"
    assert BulkAnswer.objects.get().body == BODY


def test_after_sending_a_new_draft_can_be_written(issue, agent):
    services.send_now(services.compose_bulk_answer(issue, actor=agent, body=BODY), actor=agent)
    draft = services.compose_bulk_answer(issue, actor=agent, body="Follow-up")
    assert BulkAnswer.objects.count() == 2
    assert draft.state == BulkAnswerState.DRAFT


def test_nothing_to_send_when_every_ticket_is_closed(agent):
    issue = KnownIssueFactory()
    services.link_ticket(issue, TicketFactory(closed=True), actor=agent)
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    with pytest.raises(ValidationFailed):
        services.start_sending(answer, actor=agent)
    answer.refresh_from_db()
    assert answer.state == BulkAnswerState.DRAFT


def test_the_resume_sweep_delivers_a_stalled_answer(issue, agent):
    from datetime import timedelta

    from django.utils import timezone

    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    services.start_sending(answer, actor=agent, publish=False)
    assert services.resume_stalled() == 0  # too fresh: a worker may still be on it
    BulkAnswer.objects.filter(pk=answer.pk).update(
        updated_at=timezone.now() - timedelta(minutes=10)
    )

    assert services.resume_stalled() == 1

    answer.refresh_from_db()
    assert answer.state == BulkAnswerState.SENT
    assert BulkAnswerDelivery.objects.count() == 4


def test_the_task_the_send_publishes_is_the_one_the_worker_runs(issue, agent):
    """publish_on_commit names the task by string: that name must be a registered task that
    delivers the answer when a worker runs it."""
    from helpdesk.celery import app as celery_app

    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    registered = celery_app.tasks[services.SEND_BULK_ANSWER_TASK]
    answer = services.compose_bulk_answer(issue, actor=agent, body=BODY)
    services.start_sending(answer, actor=agent, publish=False)
    assert registered(answer.pk) == 4  # run in this process, as a worker would
    answer.refresh_from_db()
    assert answer.state == BulkAnswerState.SENT
