"""The demo known issues are idempotent; admin lists every knownissues model read-mostly."""

import pytest
from django.contrib import admin
from django.test import Client

from knownissues import demo, models
from knownissues.models import BulkAnswer, KnownIssue
from knownissues.states import BulkAnswerState, IssueStatus
from tests.factories import UserFactory
from tests.knownissues.factories import KnownIssueFactory
from tickets.demo import seed_demo as seed_tickets

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_three_issues_once():
    seed_tickets()

    first = demo.seed_demo()
    second = demo.seed_demo()

    assert first == "Known issues: 3 created, 3 in all."
    assert second == "Known issues: 0 created, 3 in all."
    counts = {i.slug: (i.status, i.tickets.count()) for i in KnownIssue.objects.all()}
    assert counts["password-reset-mail"] == (IssueStatus.INVESTIGATING, 3)
    assert counts["payment-webhook-timeout"] == (IssueStatus.KNOWN_ISSUE, 6)
    assert counts["mobile-images"][0] == IssueStatus.RESOLVED
    assert KnownIssue.objects.get(slug="payment-webhook-timeout").is_public is True
    assert BulkAnswer.objects.get().state == BulkAnswerState.SENT


@pytest.mark.parametrize(
    "model",
    [
        models.KnownIssue,
        models.KnownIssueLink,
        models.StatusUpdate,
        models.BulkAnswer,
        models.OnCallLogEntry,
    ],
)
def test_every_model_is_in_admin(model):
    assert admin.site.is_registered(model)
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    meta = model._meta
    response = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
    assert response.status_code == 200


def _admin_edit(issue, **changes):
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    data = {
        "title": issue.title,
        "description": issue.description,
        "public_summary": issue.public_summary,
        "bug_url": issue.bug_url,
        "partner_tickets": issue.partner_tickets,
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        **changes,
    }
    return client.post(f"/admin/knownissues/knownissue/{issue.pk}/change/", data, follow=True)


def test_admin_text_edits_go_through_the_service():
    issue = KnownIssueFactory(title="Old title", slug="old-title")

    _admin_edit(issue, title="  Fixed: checkout 502  ")

    issue.refresh_from_db()
    assert (issue.title, issue.slug) == ("Fixed: checkout 502", "old-title")


def test_admin_edits_the_public_title():
    issue = KnownIssueFactory(title="Fixed: retry storm", slug="retry-storm")
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    page = client.get(f"/admin/knownissues/knownissue/{issue.pk}/change/").content.decode()
    _admin_edit(issue, public_title="  Calendar sync is late ")

    assert 'name="public_title"' in page
    issue.refresh_from_db()
    assert issue.public_title == "Calendar sync is late"


def test_admin_cannot_change_the_public_text_of_a_posted_issue():
    issue = KnownIssueFactory(is_public=True, public_summary="Checkout errors.")

    response = _admin_edit(issue, public_summary="Acme Corp cannot pay.")

    issue.refresh_from_db()
    assert issue.public_summary == "Checkout errors."
    assert "is on the status page" in response.content.decode()
