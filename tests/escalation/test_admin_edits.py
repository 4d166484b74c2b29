"""Editing a ticket in Django admin goes through the services: a new tier moves the SLA clocks
and notes the timeline, a new assignee obeys the Spanish rule, and a refused edit changes
nothing and says why."""

import pytest
from django.test import Client
from django.urls import reverse

from sla.models import SlaClock
from tests.escalation.conftest import speaker
from tests.factories import UserFactory
from tests.support.snapshots import world
from tickets import services as tickets
from tickets.models import Message, Ticket
from tickets.states import MessageKind


@pytest.fixture
def root(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _post_change(client, ticket, **changes):
    """Post the admin change form of ``ticket`` as the page shows it, with ``changes``."""
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for index, subform in enumerate(inline.formset.forms):
            data[f"{inline.formset.prefix}-{index}-id"] = subform.instance.pk
    data.update(changes)
    return client.post(url, data, follow=True)


def test_a_new_tier_in_admin_moves_the_ticket_with_its_clock_and_timeline(root, in_tier, tier):
    ticket = in_tier("TRIAGE")
    response = _post_change(root, ticket, tier=tier("T2").pk)

    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).tier == tier("T2")
    assert SlaClock.objects.filter(ticket=ticket, tier=tier("T2")).exists()
    event = Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT).last()
    assert (event.author.username, event.body) == ("root", "Moved from Triage to T2 by root.")


def test_admin_cannot_give_a_spanish_ticket_to_an_agent_who_does_not_speak_it(root, in_tier, staff):
    ticket = in_tier("T1")
    tickets.set_tags(ticket, actor=staff["T1"], names=["Spanish"])
    before = world()

    response = _post_change(root, ticket, assignee=staff["T1"].pk)

    assert world() == before
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"Ticket #{ticket.pk} is tagged Spanish: only agents marked as Spanish speakers may "
        f"take it, and {staff['T1'].get_username()} is not."
    ]

    speaker(staff["T1"])
    _post_change(root, ticket, assignee=staff["T1"].pk)
    assert Ticket.objects.get(pk=ticket.pk).assignee == staff["T1"]
