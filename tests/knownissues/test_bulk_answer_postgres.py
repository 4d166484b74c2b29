"""Two workers deliver one bulk answer at the same time, on PostgreSQL: every ticket gets
exactly one public reply and one email (the unique delivery row makes the loser roll back)."""

import pytest

from helpdesk.notifications.models import Notification
from knownissues import services
from knownissues.models import BulkAnswer, BulkAnswerDelivery
from knownissues.states import BulkAnswerState, IssueStatus
from tests.factories import AgentFactory, TicketFactory
from tests.knownissues.factories import KnownIssueFactory
from tests.support.race import at_once, raised
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_senders_at_once_deliver_each_ticket_once():
    agent = AgentFactory(username="ki-sender")
    issue = KnownIssueFactory(known=True)
    linked = TicketFactory.create_batch(8)
    for ticket in linked:
        services.link_ticket(issue, ticket, actor=agent)
    services.change_status(issue, actor=agent, status=IssueStatus.RESOLVED)
    answer = services.compose_bulk_answer(issue, actor=agent, body="Fixed.", resolve_tickets=True)
    services.start_sending(answer, actor=agent, publish=False)

    outcomes = at_once(
        lambda: services.deliver_bulk_answer(answer.pk),
        lambda: services.deliver_bulk_answer(answer.pk),
    )

    assert raised(outcomes) == [], outcomes
    assert sum(o.delivered for o in outcomes) == 8
    assert BulkAnswerDelivery.objects.count() == 8
    for ticket in linked:
        replies = Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
        assert replies.count() == 1
        mails = Notification.objects.filter(ticket_number=ticket.pk, kind="public_reply")
        assert mails.count() == 1
    assert BulkAnswer.objects.get().state == BulkAnswerState.SENT
