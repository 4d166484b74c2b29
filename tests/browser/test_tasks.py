"""The task board in a real browser: a card dragged Requirements → Development is refused
without billing fields and accepted after; the keyboard buttons move cards too; a customer answers
NOT OK in UAT from the portal.

Screenshots: ``test-artifacts/screenshots/tasks-*.png``.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engineering import hooks as task_hooks
from engineering import services as task_services
from engineering.models import Task
from engineering.states import Stage
from tests.browser.helpers import assert_accessible, login
from tests.engineering.factories import tick_checklist
from tests.factories import AgentFactory, CustomerFactory, TaskFactory, TicketFactory
from tickets.models import Message
from tickets.states import MessageKind


@pytest.fixture(autouse=True)
def _no_time_provider(monkeypatch):
    monkeypatch.setattr(task_hooks, "_minutes_logged", [])


@pytest.fixture
def board(db):
    agent = AgentFactory(username="dev")
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    ticket = TicketFactory(requester=customer, subject="Invoices export lacks VAT")
    task = TaskFactory(
        ticket=ticket,
        title="Add the VAT column to the export",
        reviewed=True,
        estimate_hours=4,
        estimate_approved_by=customer,
        estimate_approved_at=timezone.now(),
    )
    TaskFactory(title="Review the webhook retries", billed=True, card_colour="priority")
    return {"agent": agent, "customer": customer, "ticket": ticket, "task": task}


def _card(page, task):
    return page.locator(f"#task-{task.pk}")


def test_drag_to_development_is_refused_without_billing_then_accepted(
    page, live_server, shot, board
):
    task = board["task"]
    page.set_viewport_size({"width": 1400, "height": 900})
    login(page, live_server, "dev")
    page.goto(f"{live_server.url}/desk/tasks/")
    expect(page.get_by_role("heading", name="Task board")).to_be_visible()
    assert_accessible(page)
    shot(page, "tasks-board")

    # Refused: no billing fields. The card snaps back and the guard's message shows.
    _card(page, task).drag_to(page.locator('[data-drop="development"]'))
    alert = page.locator("#kanban-status [role=alert]")
    expect(alert).to_contain_text("cannot leave Requirements: set the billing reference")
    expect(page.locator(f'[data-drop="requirements"] #task-{task.pk}')).to_be_visible()
    shot(page, "tasks-board-refused")
    task.refresh_from_db()
    assert task.stage == Stage.REQUIREMENTS

    # Fill the billing fields on the task page.
    page.get_by_role("link", name=task.title).click()
    page.get_by_label("Billing reference / sale order line").fill("SO-1042/3")
    page.get_by_label("Subscription or support pack").fill("PACK-ACME-2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Task {task.pk} saved.")).to_be_visible()
    assert_accessible(page)
    shot(page, "tasks-detail")

    # Accepted now.
    page.goto(f"{live_server.url}/desk/tasks/")
    _card(page, task).drag_to(page.locator('[data-drop="development"]'))
    expect(page.locator("#kanban-status [role=status]")).to_contain_text("is now in Development")
    expect(page.locator(f'[data-drop="development"] #task-{task.pk}')).to_be_visible()
    task.refresh_from_db()
    assert task.stage == Stage.DEVELOPMENT

    # The keyboard: Send to UAT ▶ asks what to test, then moves the card (once the solution
    # testing is ticked: tests/browser/test_task_mtp.py walks that on the task page).
    tick_checklist(task, board["agent"])
    _card(page, task).get_by_role("link", name=f"Send to UAT: task {task.pk}").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#kanban-dialog")
    expect(dialog).to_be_visible()
    page.get_by_label("What should the customer test on staging?").fill("Export March.")
    dialog.get_by_role("button", name="Move").click()
    expect(page.locator("#kanban-status [role=status]")).to_contain_text("is now in UAT")
    expect(page.locator(f'[data-drop="uat"] #task-{task.pk}')).to_be_visible()
    assert_accessible(page)
    shot(page, "tasks-board-uat")
    task.refresh_from_db()
    assert (task.stage, task.uat_question) == (Stage.UAT, "Export March.")


def test_customer_answers_not_ok_in_uat(page, live_server, shot, board):
    task = board["task"]
    agent = board["agent"]
    Task.objects.filter(pk=task.pk).update(billing_reference="SO-1", subscription="PACK-1")
    task_services.transition_task(task, actor=agent, name="start_development")
    tick_checklist(task, agent)
    task_services.transition_task(
        task, actor=agent, name="send_to_uat", comment="Export March and check the VAT column."
    )
    login(page, live_server, "carol")
    page.goto(f"{live_server.url}/portal/tickets/{board['ticket'].pk}/")
    expect(page.get_by_text("Ready for you to test on staging.")).to_be_visible()
    expect(page.get_by_text("Export March and check the VAT column.")).to_be_visible()
    assert_accessible(page)
    shot(page, "tasks-portal-uat")

    page.get_by_text("NOT OK…").click()
    page.get_by_label("What is still wrong?").fill("The VAT is rounded to whole euros.")
    page.get_by_role("button", name="Send NOT OK").click()
    expect(page.get_by_text("the developer picks it up again with your notes")).to_be_visible()
    expect(page.get_by_text("Answered NOT OK")).to_be_visible()
    assert_accessible(page)
    shot(page, "tasks-portal-not-ok")

    task.refresh_from_db()
    assert task.stage == Stage.DEVELOPMENT
    reply = Message.objects.get(ticket=board["ticket"], kind=MessageKind.CUSTOMER_REPLY)
    assert reply.body.endswith("The VAT is rounded to whole euros.")
