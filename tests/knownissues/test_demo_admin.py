"""The demo known issues are idempotent; admin lists every knownissues model read-mostly."""

import pytest
from django.contrib import admin
from django.test import Client

from knownissues import demo, models
from knownissues.models import BulkAnswer, KnownIssue
from knownissues.states import BulkAnswerState, IssueStatus
from tests.factories import UserFactory
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
