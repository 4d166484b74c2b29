"""The known-issue API: list / create / detail / update, link / unlink, bulk answers, signals;
the one JSON error shape for 400 / 403 / 404 / 409."""

import pytest
from rest_framework.test import APIClient

from knownissues import services
from knownissues.models import BulkAnswer, KnownIssue, KnownIssueLink, StatusUpdate
from knownissues.states import BulkAnswerState, IssueStatus
from tests.factories import TagFactory, TicketFactory
from tests.knownissues.factories import KnownIssueFactory, capture_bulk_sends

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_create_from_tickets_returns_the_issue_with_its_tickets(api, agent):
    first, second = TicketFactory.create_batch(2)
    response = api(agent).post(
        "/api/known-issues/",
        {"title": "Fixed: Export empty", "slug": "export empty", "tickets": [first.pk, second.pk]},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    issue = KnownIssue.objects.get()
    assert body["number"] == issue.pk
    assert body["tag"] == f"{issue.pk}-export-empty"
    assert body["status"] == "investigating"
    assert (body["linked_tickets"], body["open_tickets"]) == (2, 2)
    assert [row["ticket"] for row in body["tickets"]] == [first.pk, second.pk]
    assert body["tickets"][0]["linked_by"] == "tina"


def test_invalid_create_is_a_400_with_fields(api, agent):
    response = api(agent).post("/api/known-issues/", {"title": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "The known issue has invalid fields.",
            "fields": {"title": ["Write a changelog-style title, e.g. 'Fixed: checkout 502'."]},
        }
    }
    assert KnownIssue.objects.count() == 0


def test_customers_get_a_403(api, customer):
    response = api(customer).get("/api/known-issues/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_list_filters_and_paginates(api, agent):
    KnownIssueFactory(title="Checkout 502", slug="checkout")
    KnownIssueFactory(title="Export", slug="export", resolved=True)
    body = api(agent).get("/api/known-issues/?status=resolved").json()
    assert body["count"] == 1
    assert [row["title"] for row in body["results"]] == ["Export"]


def test_patch_edits_text_and_moves_the_status_with_a_status_update(api, lead):
    issue = KnownIssueFactory(known=True, is_public=True)
    response = api(lead).patch(
        f"/api/known-issues/{issue.pk}/",
        {"description": "Root cause: the cache.", "status": "resolved", "public_note": "Fixed."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "resolved"
    assert response.json()["description"] == "Root cause: the cache."
    assert list(StatusUpdate.objects.values_list("status", "summary")) == [("resolved", "Fixed.")]


def test_patch_of_a_posted_issues_public_summary_is_a_409_and_changes_nothing(api, agent):
    issue = KnownIssueFactory(known=True, is_public=True, public_summary="Slow checkout.")
    response = api(agent).patch(
        f"/api/known-issues/{issue.pk}/",
        {"public_summary": "Now only in the EU.", "title": "Changed"},
        format="json",
    )
    assert response.status_code == 409
    assert "Post an update" in response.json()["error"]["message"]
    issue.refresh_from_db()
    assert (issue.public_summary, issue.title) != ("Now only in the EU.", "Changed")
    assert issue.public_summary == "Slow checkout."
    assert StatusUpdate.objects.count() == 0


def test_the_public_title_is_created_read_and_patched(api, agent):
    created = api(agent).post(
        "/api/known-issues/",
        {"title": "Fixed: retry storm", "public_title": "Calendar sync is late"},
        format="json",
    )
    number = created.json()["number"]
    patched = api(agent).patch(
        f"/api/known-issues/{number}/", {"public_title": " Calendar sync is slow "}, format="json"
    )

    assert (created.status_code, created.json()["public_title"]) == (201, "Calendar sync is late")
    assert (patched.status_code, patched.json()["public_title"]) == (200, "Calendar sync is slow")
    assert KnownIssue.objects.get().public_title == "Calendar sync is slow"


def test_unknown_issue_is_a_404(api, agent):
    response = api(agent).get("/api/known-issues/999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_link_and_unlink(api, agent):
    issue = KnownIssueFactory(slug="checkout")
    ticket = TicketFactory()
    client = api(agent)

    response = client.post(
        f"/api/known-issues/{issue.pk}/tickets/", {"ticket": ticket.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["ticket"] == ticket.pk
    assert list(ticket.tags.values_list("name", flat=True)) == [f"{issue.pk}-checkout"]

    again = client.post(
        f"/api/known-issues/{issue.pk}/tickets/", {"ticket": ticket.pk}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_linked"

    response = client.delete(f"/api/known-issues/{issue.pk}/tickets/{ticket.pk}/")
    assert response.status_code == 204
    assert KnownIssueLink.objects.count() == 0
    assert list(ticket.tags.values_list("name", flat=True)) == []


def test_linking_a_missing_ticket_is_a_404(api, agent):
    issue = KnownIssueFactory()
    response = api(agent).post(
        f"/api/known-issues/{issue.pk}/tickets/", {"ticket": 424242}, format="json"
    )
    assert response.status_code == 404
    assert KnownIssueLink.objects.count() == 0


def test_bulk_answer_create_preview_and_send(api, agent, monkeypatch):
    published = []
    capture_bulk_sends(monkeypatch, published)
    issue = KnownIssueFactory(known=True)
    open_ticket, closed = TicketFactory(), TicketFactory(closed=True)
    for ticket in (open_ticket, closed):
        services.link_ticket(issue, ticket, actor=agent)
    services.change_status(issue, actor=agent, status=IssueStatus.RESOLVED)
    client = api(agent)

    response = client.post(
        f"/api/known-issues/{issue.pk}/bulk-answers/",
        {"body": "It is **fixed**.", "resolve_tickets": True},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "draft"
    assert body["body_html"] == "<p>It is <strong>fixed</strong>.</p>"
    assert body["recipients"] == [
        {"ticket": open_ticket.pk, "subject": open_ticket.subject, "status": "open",
         "delivered": False}
    ]  # fmt: skip

    sent = client.post(f"/api/known-issues/{issue.pk}/bulk-answers/{body['id']}/send/")
    assert sent.status_code == 202
    assert sent.json()["state"] == "sending"
    services.deliver_bulk_answer(body["id"])
    detail = client.get(f"/api/known-issues/{issue.pk}/bulk-answers/{body['id']}/").json()
    assert detail["state"] == "sent"
    assert detail["recipients"][0]["delivered"] is True

    again = client.post(f"/api/known-issues/{issue.pk}/bulk-answers/{body['id']}/send/")
    assert again.status_code == 409
    assert BulkAnswer.objects.get().state == BulkAnswerState.SENT


def test_resolve_tickets_on_an_open_issue_is_a_400(api, agent):
    issue = KnownIssueFactory(known=True)
    response = api(agent).post(
        f"/api/known-issues/{issue.pk}/bulk-answers/",
        {"body": "Soon.", "resolve_tickets": True},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "resolve_tickets": ["Only once the known issue is Resolved."]
    }
    assert BulkAnswer.objects.count() == 0


def test_signals_for_leads_only(api, lead, agent):
    tag = TagFactory(name="calendar sync")
    batch = TicketFactory.create_batch(3)
    for ticket in batch:
        ticket.tags.add(tag)

    assert api(agent).get("/api/known-issues/signals/").status_code == 403
    body = api(lead).get("/api/known-issues/signals/").json()

    assert body == {
        "create_known_issue": [
            {"tag": "calendar sync", "count": 3, "tickets": [t.pk for t in batch]}
        ],
        "post_on_status_page": [],
    }


def test_a_refused_patch_changes_nothing_at_all(api, agent):
    """An agent who is not a status poster sends a new title with a public line: the line is
    refused, and the title and tag stay as they were (one transaction, not two)."""
    issue = KnownIssueFactory(known=True, is_public=True, title="Checkout 502", slug="checkout")
    response = api(agent).patch(
        f"/api/known-issues/{issue.pk}/",
        {"title": "Renamed", "slug": "renamed", "status": "resolved", "public_note": "Fixed."},
        format="json",
    )
    assert response.status_code == 403
    issue.refresh_from_db()
    assert (issue.title, issue.slug, issue.status) == ("Checkout 502", "checkout", "known_issue")
    assert StatusUpdate.objects.count() == 0


def test_a_public_line_without_a_status_change_is_a_400(api, lead):
    issue = KnownIssueFactory(known=True, is_public=True)
    response = api(lead).patch(
        f"/api/known-issues/{issue.pk}/", {"public_note": "All good."}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"public_note": ["Send it with the new status."]}
