"""Seed 000: a consultant creates the task by copying a template, or by duplicating a task."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from engineering import selectors as task_selectors
from engineering import services as task_services
from engineering.models import Task, TaskTemplate
from engineering.states import CardColour, KanbanState, Stage
from helpdesk.core.calendar import business_days_after
from helpdesk.core.errors import NotFound
from tests.engineering.factories import ready_task
from tests.factories import TagFactory, TicketFactory
from tickets.models import Message
from tickets.states import Priority

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    row = TaskTemplate.objects.create(
        name="Technical call",
        title="Technical call: ",
        description="## Questions\n\n1. …",
        estimate_hours=Decimal("1.50"),
        priority=Priority.HIGH,
        lead_time_business_days=2,
    )
    row.tags.add(TagFactory(name="Technical Call"), TagFactory(name="PS Support"))
    return row


def test_a_task_from_a_template_takes_its_fields(agent, template):
    ticket = TicketFactory(priority=Priority.NORMAL)
    task = task_services.create_task_from_template(ticket, template, actor=agent)
    task.refresh_from_db()
    assert (task.title, task.description, task.estimate_hours, task.priority) == (
        "Technical call:",
        "## Questions\n\n1. …",
        Decimal("1.50"),
        Priority.HIGH,
    )
    assert sorted(t.name for t in task.tags.all()) == ["PS Support", "Technical Call"]
    assert task.template == template
    assert task.kanban_state == KanbanState.UNAPPROVED
    assert task.lead_time_due == business_days_after(task.created_at, 2)


def test_what_the_person_types_wins_over_the_template(agent, template):
    task = task_services.create_task_from_template(
        TicketFactory(), template, actor=agent, title="Call with ACME", tags=["Spanish"]
    )
    assert task.title == "Call with ACME"
    assert [t.name for t in task.tags.all()] == ["Spanish"]
    assert task.estimate_hours == Decimal("1.50")


def test_an_inactive_template_is_not_offered(template):
    template.active = False
    template.save()
    assert list(task_selectors.active_templates()) == []
    with pytest.raises(NotFound):
        task_selectors.get_template(template.pk)


def test_duplicating_a_task_copies_its_work_but_not_its_approvals(agent, lead):
    source = ready_task(priority=Priority.HIGH, title="Fix rounding", reviewed_by=lead)
    source.tags.add(TagFactory(name="PS Support"))
    copy = task_services.duplicate_task(source, actor=agent)
    copy.refresh_from_db()
    assert copy.pk != source.pk
    assert (copy.ticket_id, copy.title, copy.billing_reference, copy.estimate_hours) == (
        source.ticket_id,
        "Fix rounding",
        source.billing_reference,
        source.estimate_hours,
    )
    assert [t.name for t in copy.tags.all()] == ["PS Support"]
    assert copy.stage == Stage.REQUIREMENTS
    assert (copy.kanban_state, copy.reviewed_at) == (KanbanState.UNAPPROVED, None)
    assert (copy.estimate_approved_at, copy.estimate_approved_by) == (None, None)
    assert copy.lead_time_due is not None
    note = Message.objects.filter(ticket=source.ticket).latest("id")
    assert note.body == (
        f"Task {copy.pk} “Fix rounding” is a copy of Task {source.pk} “Fix rounding”."
    )


def test_the_new_task_page_fills_the_form_from_the_chosen_template(client, agent, template):
    ticket = TicketFactory()
    client.force_login(agent)
    url = f"/desk/tasks/new/?ticket={ticket.pk}&template={template.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["title"] == "Technical call: "
    assert "Start from a template" in page.content.decode()
    response = client.post(url, {"title": "Call about VAT", "priority": "high", "card_colour": ""})
    task = Task.objects.get(ticket=ticket)
    assert response.status_code == 302
    assert (task.title, task.template, task.priority) == ("Call about VAT", template, "high")


def test_the_desk_duplicate_button_opens_the_copy(client, agent):
    source = ready_task()
    client.force_login(agent)
    response = client.post(f"/desk/tasks/{source.pk}/duplicate/")
    copy = Task.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/tasks/{copy.pk}/"


def test_the_api_creates_from_a_template_lists_templates_and_duplicates(agent, template):
    ticket = TicketFactory()
    client = APIClient()
    client.force_authenticate(agent)
    listed = client.get("/api/tasks/templates/")
    assert listed.status_code == 200
    assert [t["name"] for t in listed.json()] == ["Technical call"]
    created = client.post(
        "/api/tasks/", {"ticket": ticket.pk, "template": template.pk}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["title"], body["template"], body["priority"]) == (
        "Technical call:",
        template.pk,
        "high",
    )
    assert body["lead_time_due"] is not None
    copied = client.post(f"/api/tasks/{body['id']}/duplicate/")
    assert copied.status_code == 201
    assert copied.json()["title"] == "Technical call:"
    assert copied.json()["kanban_state"] == "unapproved"


def test_the_api_answers_404_for_an_unknown_template_and_writes_nothing(agent):
    client = APIClient()
    client.force_authenticate(agent)
    response = client.post(
        "/api/tasks/", {"ticket": TicketFactory().pk, "template": 999}, format="json"
    )
    assert response.status_code == 404
    assert not Task.objects.exists()


def test_the_api_sets_and_edits_the_lead_time(agent):
    client = APIClient()
    client.force_authenticate(agent)
    created = client.post(
        "/api/tasks/",
        {"ticket": TicketFactory().pk, "title": "T", "lead_time_due": "2030-01-07T10:00:00Z"},
        format="json",
    )
    assert created.json()["lead_time_due"] == "2030-01-07T10:00:00Z"
    edited = client.patch(
        f"/api/tasks/{created.json()['id']}/",
        {"lead_time_due": "2030-02-04T10:00:00Z"},
        format="json",
    )
    assert edited.status_code == 200
    assert edited.json()["lead_time_due"] == "2030-02-04T10:00:00Z"
    assert edited.json()["card_colour"] == CardColour.REGULAR


@pytest.mark.parametrize("rows", [5, 50])
def test_the_template_list_costs_the_same_queries_for_5_and_50(
    agent, rows, django_assert_num_queries
):
    tag = TagFactory(name="PS Support")
    for n in range(rows):
        TaskTemplate.objects.create(name=f"T{n:02}", title=f"Title {n}").tags.add(tag)
    client = APIClient()
    client.force_authenticate(agent)
    with django_assert_num_queries(3):  # the groups, the templates, their tags
        response = client.get("/api/tasks/templates/")
    assert len(response.json()) == rows
    assert response.json()[0]["tags"] == ["PS Support"]
