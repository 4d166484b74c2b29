"""Django admin shows every model; status changes there go through the services."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.factories import TicketFactory, UserFactory
from tickets.models import Ticket, TransitionLog
from tickets.states import Status

pytestmark = pytest.mark.django_db

OUR_APPS = {"tickets", "engineering", "escalation", "sla", "knownissues", "timesheets"}


@pytest.fixture
def admin_client_(db):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    return client, user


def test_every_model_of_ours_is_registered():
    ours = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]
    assert ours
    missing = [m.__name__ for m in ours if not admin.site.is_registered(m)]
    assert missing == []


def test_every_changelist_and_change_page_opens(admin_client_):
    client, _ = admin_client_
    TicketFactory()
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
    ticket = Ticket.objects.get()
    page = client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk]))
    assert page.status_code == 200
    assert b'name="status"' not in page.content  # read-only: no input for it


def test_admin_action_resolves_through_the_service(admin_client_):
    client, user = admin_client_
    open_ticket, closed_ticket = TicketFactory(), TicketFactory(closed=True)
    response = client.post(
        reverse("admin:tickets_ticket_changelist"),
        {"action": "transition_resolve", "_selected_action": [open_ticket.pk, closed_ticket.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Ticket.objects.get(pk=open_ticket.pk).status == Status.RESOLVED
    assert Ticket.objects.get(pk=closed_ticket.pk).status == Status.CLOSED
    log = TransitionLog.objects.get()
    assert (log.ticket_id, log.actor) == (open_ticket.pk, user)
    messages = [str(m) for m in response.context["messages"]]
    assert "1 ticket changed." in messages
    assert any(f"#{closed_ticket.pk}" in m and "Closed" in m for m in messages)


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert Ticket.objects.count() == 0


def test_seed_demo_is_idempotent_and_covers_every_status():
    call_command("seed_demo", force=True)
    first = Ticket.objects.count()
    call_command("seed_demo", force=True)
    assert Ticket.objects.count() == first >= 30
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Ticket.objects.values_list("organization__name", flat=True)) == {"Acme", "Globex"}
    client = Client()
    assert client.login(username="acme-manager", password="demo")
