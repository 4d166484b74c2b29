"""``/api/time-entries/``: list and create; detail read, PATCH and DELETE, own entries only
(leads: all); customers and anonymous callers are refused; errors use the one JSON shape."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from helpdesk.notifications.models import Notification
from tests.factories import AgentFactory, TaskFactory, TicketFactory
from timesheets.models import TimeEntry

from .factories import SupportPackFactory, TimeEntryFactory

pytestmark = pytest.mark.django_db
URL = "/api/time-entries/"


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_an_agent_logs_time_on_a_ticket(agent):
    ticket = TicketFactory()

    response = _api(agent).post(
        URL,
        {"ticket": ticket.pk, "minutes": 35, "activity": "research", "note": "Read the logs"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    entry = TimeEntry.objects.get()
    assert body == {
        "id": entry.pk,
        "agent": agent.username,
        "ticket": ticket.pk,
        "task": None,
        "date": timezone.localdate().isoformat(),
        "minutes": 35,
        "activity": "research",
        "billable": True,
        "note": "Read the logs",
        "support_pack": None,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "can_edit": True,
    }


def test_time_on_a_task_draws_the_pack_of_its_ticket(agent):
    task = TaskFactory()
    pack = SupportPackFactory(organization=task.ticket.organization, reference="PACK-1")

    response = _api(agent).post(
        URL, {"task": task.pk, "minutes": 60, "activity": "sample_code"}, format="json"
    )

    assert response.status_code == 201
    assert (response.json()["ticket"], response.json()["support_pack"]) == (
        task.ticket_id,
        pack.reference,
    )


def test_self_learning_is_never_billable_through_the_api(agent):
    response = _api(agent).post(
        URL, {"minutes": 60, "activity": "self_learning", "billable": True}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "billable" in response.json()["error"]["fields"]
    assert TimeEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"minutes": 0, "activity": "research"}, "minutes"),
        ({"minutes": 10, "activity": "nap"}, "activity"),
        ({"minutes": 10, "activity": "research"}, "ticket"),
        ({"minutes": 10, "activity": "research", "ticket": 999999}, "ticket"),
        ({"minutes": 10, "activity": "research", "task": 999999}, "task"),
    ],
)
def test_invalid_entries_are_400_with_the_field(agent, payload, field):
    response = _api(agent).post(URL, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert TimeEntry.objects.count() == 0


def test_a_future_date_is_refused(agent):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = _api(agent).post(
        URL,
        {"ticket": TicketFactory().pk, "minutes": 5, "activity": "email", "date": tomorrow},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"date": ["Choose today or an earlier day."]}


def test_an_agent_may_not_log_for_another_agent_a_lead_may(agent, lead):
    other = AgentFactory(username="otto")
    ticket = TicketFactory()
    payload = {"ticket": ticket.pk, "minutes": 5, "activity": "email", "agent": "otto"}

    refused = _api(agent).post(URL, payload, format="json")
    allowed = _api(lead).post(URL, payload, format="json")

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert allowed.status_code == 201
    assert list(TimeEntry.objects.values_list("agent", flat=True)) == [other.pk]


def test_the_list_filters_by_ticket_and_pages(agent):
    ticket = TicketFactory()
    mine = TimeEntryFactory(agent=agent, ticket=ticket)
    TimeEntryFactory()

    response = _api(agent).get(URL, {"ticket": ticket.pk})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [row["id"] for row in body["results"]] == [mine.pk]


def test_customers_and_anonymous_callers_see_no_time_entries(customer):
    entry = TimeEntryFactory(ticket=TicketFactory(requester=customer))

    for client in (_api(customer), _api()):
        assert client.get(URL).status_code == 403
        assert client.get(f"{URL}{entry.pk}/").status_code == 403
        response = client.post(URL, {"minutes": 5, "activity": "email"}, format="json")
        assert response.status_code == 403
        assert "error" in response.json()
    assert TimeEntry.objects.count() == 1


def test_an_agent_patches_an_own_entry(agent):
    entry = TimeEntryFactory(agent=agent, minutes=30)

    response = _api(agent).patch(
        f"{URL}{entry.pk}/", {"minutes": 45, "note": "Longer"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["minutes"], response.json()["note"]) == (45, "Longer")
    entry.refresh_from_db()
    assert (entry.minutes, entry.note) == (45, "Longer")


def test_an_agent_may_not_patch_or_delete_someone_else_s_entry(agent):
    entry = TimeEntryFactory(minutes=30)

    patched = _api(agent).patch(f"{URL}{entry.pk}/", {"minutes": 1}, format="json")
    deleted = _api(agent).delete(f"{URL}{entry.pk}/")

    assert (patched.status_code, deleted.status_code) == (403, 403)
    assert patched.json()["error"]["code"] == "forbidden"
    assert TimeEntry.objects.get(pk=entry.pk).minutes == 30
    assert _api(agent).get(f"{URL}{entry.pk}/").json()["can_edit"] is False


def test_a_lead_patches_and_deletes_anyone_s_entry(lead):
    entry = TimeEntryFactory(minutes=30)

    assert (
        _api(lead).patch(f"{URL}{entry.pk}/", {"minutes": 20}, format="json").json()["minutes"]
        == 20
    )
    response = _api(lead).delete(f"{URL}{entry.pk}/")

    assert response.status_code == 204
    assert TimeEntry.objects.count() == 0


def test_an_unknown_entry_is_404(agent):
    response = _api(agent).patch(f"{URL}424242/", {"minutes": 20}, format="json")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_patch_that_crosses_80_percent_tells_the_consultant_once(agent):
    ticket = TicketFactory()
    pack = SupportPackFactory(organization=ticket.organization, hours=Decimal("1"))
    created = _api(agent).post(
        URL, {"ticket": ticket.pk, "minutes": 30, "activity": "call"}, format="json"
    )

    _api(agent).patch(f"{URL}{created.json()['id']}/", {"minutes": 55}, format="json")
    _api(agent).patch(f"{URL}{created.json()['id']}/", {"minutes": 56}, format="json")

    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == [f"pack-80:{pack.pk}"]


@pytest.mark.parametrize("n", [5, 50])
def test_the_list_costs_the_same_queries_for_5_and_50_entries(agent, django_assert_num_queries, n):
    pack = SupportPackFactory()
    entries = TimeEntryFactory.create_batch(n, agent=agent, support_pack=pack)
    client = _api(agent)

    # groups (role), count, the page with agent, ticket, task and pack joined
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.json()["count"] == n
    shown = response.json()["results"]
    assert {e["id"]: (e["agent"], e["ticket"], e["support_pack"]) for e in shown} == {
        e.pk: (agent.username, e.ticket_id, pack.reference) for e in entries
    }


def test_a_filter_number_no_ticket_can_have_is_a_400(lead):
    client = APIClient()
    client.force_authenticate(lead)
    response = client.get("/api/time-entries/?ticket=99999999999999999999")
    assert response.status_code == 400
    assert "error" in response.json()
