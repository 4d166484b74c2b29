"""UAT: the customer's OK / NOT OK from the portal, the notification, and the auto-done sweep."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from engineering import services as task_services
from engineering.states import Stage
from engineering.sweeps import UatAutoDone
from helpdesk.notifications.models import Notification
from tests.engineering.factories import task_in, tick_checklist
from tests.factories import CustomerFactory
from tickets.models import Message
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db


def _portal(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_entering_uat_tells_the_customer_once_and_arms_the_timer(settings):
    settings.TASK_UAT_AUTO_DONE_DAYS = 7
    task = task_in(Stage.UAT)
    assert task.uat_question == "Try the export."
    assert task.uat_done_at == task.uat_since + timedelta(days=7)
    mail = Notification.objects.get(kind="task_uat_requested")
    assert mail.recipient == task.ticket.requester.email
    assert mail.dedupe_key == f"task-uat:{task.pk}:{task.uat_since.isoformat()}"
    assert "Try the export." in mail.body_text


@pytest.mark.parametrize(("business", "due_weekday"), [(True, 1), (False, 6)])
def test_business_days_setting_skips_the_weekend(settings, agent, business, due_weekday):
    """Sent to UAT on a Thursday: 3 business days later is Tuesday, 3 calendar days Sunday."""
    settings.TASK_UAT_AUTO_DONE_DAYS = 3
    settings.TASK_UAT_AUTO_DONE_BUSINESS_DAYS = business
    task = tick_checklist(task_in(Stage.DEVELOPMENT))
    thursday = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    with time_machine.travel(thursday, tick=False):
        task = task_services.transition_task(
            task, actor=agent, name="send_to_uat", comment="x"
        ).task
    assert timezone.localtime(task.uat_done_at).weekday() == due_weekday
    assert timezone.localtime(task.uat_done_at).date() == (
        timezone.localdate(thursday) + timedelta(days=5 if business else 3)
    )


def test_portal_shows_the_uat_question_with_ok_and_not_ok():
    task = task_in(Stage.UAT)
    response = _portal(task.ticket.requester).get(f"/portal/tickets/{task.ticket_id}/")
    html = response.content.decode()
    assert "Ready for you to test on staging." in html
    assert "Try the export." in html
    assert "OK — it works, release it" in html
    assert "What is still wrong?" in html


def test_customer_answers_ok_and_the_task_is_done():
    task = task_in(Stage.UAT)
    customer = task.ticket.requester
    response = _portal(customer).post(f"/portal/tasks/{task.pk}/uat/", {"answer": "ok"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.stage == Stage.DONE
    log = task.transitions.latest("id")
    assert (log.transition, log.actor) == ("accept_uat", customer)
    reply = Message.objects.filter(ticket=task.ticket).latest("id")
    assert reply.kind == MessageKind.CUSTOMER_REPLY
    assert reply.body == f"UAT OK: “{task.title}” works on staging; it may go to production."


def test_customer_answers_not_ok_with_what_is_wrong_and_it_goes_back_to_development():
    task = task_in(Stage.UAT)
    planned = task.planned_at
    customer = task.ticket.requester
    response = _portal(customer).post(
        f"/portal/tasks/{task.pk}/uat/", {"answer": "not_ok", "comment": "VAT still rounded."}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.stage, task.planned_at, task.uat_done_at) == (Stage.DEVELOPMENT, planned, None)
    reply = Message.objects.filter(ticket=task.ticket, kind=MessageKind.CUSTOMER_REPLY).get()
    assert reply.author == customer
    assert reply.body.endswith("What is still wrong:\n\nVAT still rounded.")
    task.ticket.refresh_from_db()
    assert task.ticket.status == Status.OPEN


def test_not_ok_without_words_changes_nothing():
    task = task_in(Stage.UAT)
    response = _portal(task.ticket.requester).post(
        f"/portal/tasks/{task.pk}/uat/", {"answer": "not_ok", "comment": " "}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.stage == Stage.UAT
    assert not Message.objects.filter(ticket=task.ticket, kind=MessageKind.CUSTOMER_REPLY).exists()


def test_another_customer_cannot_answer():
    task = task_in(Stage.UAT)
    response = _portal(CustomerFactory()).post(f"/portal/tasks/{task.pk}/uat/", {"answer": "ok"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.stage == Stage.UAT


def test_the_portal_never_shows_tasks_in_development():
    task = task_in(Stage.DEVELOPMENT, title="Internal refactor")
    html = _portal(task.ticket.requester).get(f"/portal/tickets/{task.ticket_id}/").content
    assert b"Internal refactor" not in html


def test_the_sweep_moves_unanswered_uat_to_done_with_a_note():
    task = task_in(Stage.UAT)
    due = task.uat_done_at
    UatAutoDone().run(now=due - timedelta(seconds=1))
    task.refresh_from_db()
    assert task.stage == Stage.UAT
    result = UatAutoDone().run(now=due)
    assert result.applied == 1
    task.refresh_from_db()
    assert task.stage == Stage.DONE
    log = task.transitions.latest("id")
    assert (log.transition, log.actor) == ("auto_done", None)
    event = Message.objects.filter(ticket=task.ticket).latest("id")
    assert (event.kind, event.author) == (MessageKind.EVENT, None)  # the helpdesk, on the timeline
    assert "Done automatically — no UAT answer from the customer since" in event.body
    assert UatAutoDone().run(now=due + timedelta(days=1)).applied == 0
    mail = Notification.objects.get(kind="task_uat_auto_done")  # once, whatever the reruns
    assert mail.recipient == task.ticket.requester.email
    assert mail.subject == f"[#{task.ticket_id}] Considered done: {task.title}"
    assert "staging is free for other work" in mail.body_text
    assert f"/portal/tickets/{task.ticket_id}/" in mail.body_text


def test_an_answered_task_is_not_swept():
    task = task_in(Stage.UAT)
    due = task.uat_done_at
    task_services.answer_uat(task, actor=task.ticket.requester, ok=False, comment="Broken")
    assert UatAutoDone().run(now=due + timedelta(days=1)).applied == 0
    task.refresh_from_db()
    assert task.stage == Stage.DEVELOPMENT


def test_celery_task_runs_the_sweep():
    from engineering.tasks import sweep_uat_auto_done

    task = task_in(Stage.UAT)
    Message.objects.all().delete()
    type(task).objects.filter(pk=task.pk).update(uat_done_at=timezone.now() - timedelta(days=1))
    assert sweep_uat_auto_done() == 1


def test_customer_approves_the_estimate_on_the_portal():
    task = task_in(Stage.REQUIREMENTS, estimate_approved_by=None, estimate_approved_at=None)
    customer = task.ticket.requester
    client = _portal(customer)
    html = client.get(f"/portal/tickets/{task.ticket_id}/").content.decode()
    assert "Approve the estimate" in html
    client.post(f"/portal/tasks/{task.pk}/approve-estimate/")
    task.refresh_from_db()
    assert task.estimate_approved_by == customer
