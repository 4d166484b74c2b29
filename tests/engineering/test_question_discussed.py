"""Seed 001: a Question is discussed with the customer before work starts. Filing an
engineering task on a Question ticket is refused until an agent records "Discussed with the
customer" (a timeline line); other categories are not gated."""

import pytest
from django.test import Client

from engineering import services as task_services
from engineering.models import Task
from helpdesk.core.errors import Conflict, ValidationFailed
from tests.factories import TicketFactory
from tickets import services as tickets
from tickets.models import Message, QuestionDiscussed

pytestmark = pytest.mark.django_db


def test_a_task_on_an_undiscussed_question_is_refused_with_the_reason(agent):
    ticket = TicketFactory(category="question")

    with pytest.raises(Conflict) as refused:
        task_services.create_task(ticket, actor=agent, title="Add the export button")

    assert "discuss it with the customer first" in refused.value.message
    assert Task.objects.count() == 0


def test_once_discussed_the_task_is_filed_and_the_timeline_says_so(agent):
    ticket = TicketFactory(category="question")

    tickets.mark_discussed(ticket, actor=agent, note="Agreed on the call: a new column.")
    task = task_services.create_task(ticket, actor=agent, title="Add the export column")

    assert task.ticket == ticket
    assert Message.objects.filter(
        ticket=ticket,
        kind="event",
        body="Discussed with the customer: work may start. Agreed on the call: a new column.",
    ).exists()


def test_other_categories_are_not_gated(agent):
    task = task_services.create_task(TicketFactory(), actor=agent, title="Fix the crash")
    assert task.pk is not None


def test_only_questions_are_marked_and_only_once(agent):
    with pytest.raises(ValidationFailed):
        tickets.mark_discussed(TicketFactory(), actor=agent)
    question = TicketFactory(category="question")
    tickets.mark_discussed(question, actor=agent)
    with pytest.raises(Conflict):
        tickets.mark_discussed(question, actor=agent)
    assert QuestionDiscussed.objects.count() == 1


def test_the_desk_button(agent):
    ticket = TicketFactory(category="question")
    client = Client()
    client.force_login(agent)

    assert (
        "Discussed with the customer" in client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    )
    response = client.post(f"/desk/tickets/{ticket.pk}/discussed/")

    assert response.status_code == 302
    assert QuestionDiscussed.objects.get(ticket=ticket).discussed_by == agent
    page = client.get(f"/desk/tickets/{ticket.pk}/").content.decode()
    assert f'action="/desk/tickets/{ticket.pk}/discussed/"' not in page
