"""The known issue's GitHub link-up (seed 003-23/59, decision 0034): opening the bug on GitHub
against a real HTTP server on 127.0.0.1 acting as GitHub's API, and GitHub's signed webhook."""

import hashlib
import hmac
import json

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications.models import InAppNotification, StaffEvent
from knownissues import services
from knownissues.errors import GitHubAlreadyLinked, GitHubNotConfigured, GitHubUnavailable
from knownissues.models import KnownIssue
from tests.factories import CustomerFactory, TicketFactory
from tests.factories_github import FakeGitHub
from tests.knownissues.factories import KnownIssueFactory

pytestmark = pytest.mark.django_db

SECRET = "webhook-secret"
TOKEN = "ghp_test_token"


@pytest.fixture
def github(settings):
    fake = FakeGitHub().start()
    settings.GITHUB_API_URL = fake.url
    settings.GITHUB_REPOSITORY = "acme/shop"
    settings.GITHUB_TOKEN = TOKEN
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    yield fake
    fake.stop()


@pytest.fixture
def issue(agent):
    """A known issue with a linked ticket of a named customer of a named organization."""
    customer = CustomerFactory(
        username="mara",
        first_name="Mara",
        last_name="Quist",
        email="mara.quist@example.org",
        customer_profile__organization__name="Zebulon Freight",
    )
    issue = KnownIssueFactory(
        title="fixed:  checkout returns 502 for large carts.",
        description="The payment worker times out after 30 s on carts over 100 lines.",
    )
    services.link_ticket(issue, TicketFactory(requester=customer), actor=agent)
    return issue


def state(issue: KnownIssue) -> tuple:
    issue.refresh_from_db()
    return (issue.bug_url, issue.github_issue_number, issue.github_closed_at, issue.updated_at)


# --- opening a GitHub issue -----------------------------------------------------------------


def test_an_agent_opens_the_bug_on_github_and_the_issue_keeps_its_link(
    github, issue, agent, settings
):
    services.open_github_issue(issue, agent)

    [(path, headers, body)] = github.requests
    assert path == "/repos/acme/shop/issues"
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert body["title"] == "Fixed: checkout returns 502 for large carts"
    assert body["body"].startswith("The payment worker times out after 30 s")
    desk = settings.HELPDESK_BASE_URL.rstrip("/") + f"/desk/known-issues/{issue.pk}/"
    assert body["body"].endswith(f"Known issue {issue.tag_name} on the helpdesk: {desk}\n")
    issue.refresh_from_db()
    assert issue.bug_url == "https://github.com/acme/shop/issues/77"
    assert issue.github_issue_number == 77


def test_no_customer_data_is_sent_to_github(github, issue, agent):
    ticket = issue.tickets.get()

    services.open_github_issue(issue, agent)

    [(_, _, body)] = github.requests
    sent = json.dumps(body).lower()
    for private in ("mara", "quist", "mara.quist@example.org", "zebulon", f"#{ticket.pk}"):
        assert private not in sent


def test_a_description_naming_the_customer_is_refused_and_nothing_is_sent(github, issue, agent):
    issue.description = "Mara Quist at Zebulon Freight sees it on every order."
    issue.save()
    before = state(issue)

    with pytest.raises(ValidationFailed, match="Mara Quist, Zebulon Freight"):
        services.open_github_issue(issue, agent)

    assert github.requests == []
    assert state(issue) == before


def test_an_issue_already_linked_is_refused_with_409(github, issue, agent):
    issue.bug_url = "https://bugs.example.org/42"
    issue.save()
    before = state(issue)

    with pytest.raises(GitHubAlreadyLinked) as refusal:
        services.open_github_issue(issue, agent)

    assert refusal.value.status == 409
    assert "already has its bug at https://bugs.example.org/42" in refusal.value.message
    assert github.requests == []
    assert state(issue) == before


def test_github_refusing_the_request_writes_nothing(github, issue, agent):
    github.status, github.answer = 401, {"message": "Bad credentials"}
    before = state(issue)

    with pytest.raises(GitHubUnavailable, match=r"HTTP 401.*Nothing was written"):
        services.open_github_issue(issue, agent)

    assert len(github.requests) == 1
    assert state(issue) == before


def test_github_unreachable_writes_nothing(github, issue, agent, settings):
    github.stop()
    github.start()
    settings.GITHUB_API_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    before = state(issue)

    with pytest.raises(GitHubUnavailable, match="could not be reached"):
        services.open_github_issue(issue, agent)

    assert state(issue) == before


def test_off_without_settings_and_customers_may_not(issue, agent, settings):
    settings.GITHUB_REPOSITORY = ""
    settings.GITHUB_TOKEN = ""
    with pytest.raises(GitHubNotConfigured, match="set GITHUB_REPOSITORY"):
        services.open_github_issue(issue, agent)
    with pytest.raises(PermissionDenied):
        services.open_github_issue(issue, CustomerFactory())


def test_the_page_opens_the_issue_and_says_how_to_turn_github_on(github, issue, agent, settings):
    client = Client()
    client.force_login(agent)
    page = reverse("knownissues-detail", args=[issue.pk])

    assert "Open a GitHub issue" in client.get(page).content.decode()
    response = client.post(reverse("knownissues-github-open", args=[issue.pk]), follow=True)
    html = response.content.decode()
    assert "GitHub issue #77 opened: https://github.com/acme/shop/issues/77" in html
    assert "Open a GitHub issue" not in html

    again = client.post(reverse("knownissues-github-open", args=[issue.pk]), follow=True)
    assert "no second GitHub issue was opened" in again.content.decode()
    assert len(github.requests) == 1

    settings.GITHUB_TOKEN = ""
    other = KnownIssueFactory()
    html = client.get(reverse("knownissues-detail", args=[other.pk])).content.decode()
    assert "GitHub is not connected: set GITHUB_REPOSITORY" in html


# --- the webhook ----------------------------------------------------------------------------


def deliver(payload, *, event="issues", secret=SECRET, raw: bytes | None = None):
    body = raw if raw is not None else json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return Client().post(
        reverse("github-webhook"),
        data=body,
        content_type="application/json",
        headers={"X-GitHub-Event": event, "X-Hub-Signature-256": signature},
    )


def closed(number=77, action="closed", repository="acme/shop"):
    return {
        "action": action,
        "issue": {"number": number, "state": "closed"},
        "repository": {"full_name": repository},
    }


@pytest.fixture
def linked(github, issue, agent):
    services.open_github_issue(issue, agent)
    issue.refresh_from_db()
    return issue


def test_a_closed_github_issue_marks_the_bug_fixed_upstream_and_tells_verifier_and_leads(
    linked, lead, agent
):
    KnownIssue.objects.filter(pk=linked.pk).update(verified_by=agent)

    response = deliver(closed())

    assert response.status_code == 200
    assert response.json() == {"outcome": "recorded"}
    linked.refresh_from_db()
    assert linked.github_closed_at is not None
    assert linked.fix_release_date is None  # released is a person's decision
    told = InAppNotification.objects.filter(event=StaffEvent.HANDOVER)
    assert sorted(told.values_list("user__username", flat=True)) == ["lena", "tina"]
    assert "GitHub issue #77 was closed (fixed upstream)" in told.first().title


def test_a_redelivery_changes_nothing(linked, lead):
    deliver(closed())
    before = state(linked)
    alerts = InAppNotification.objects.count()

    response = deliver(closed())

    assert response.json() == {"outcome": "unchanged"}
    assert state(linked) == before
    assert InAppNotification.objects.count() == alerts


def test_reopened_clears_the_mark(linked):
    deliver(closed())
    deliver(closed(action="reopened"))
    linked.refresh_from_db()
    assert linked.github_closed_at is None


@pytest.mark.parametrize(
    ("payload", "event"),
    [
        (closed(number=999), "issues"),  # no known issue has it
        (closed(repository="someone/else"), "issues"),
        (closed(action="labeled"), "issues"),
        (closed(), "pull_request"),
        ({"zen": "Keep it simple."}, "ping"),
    ],
)
def test_other_events_and_unknown_issues_are_ignored(linked, payload, event):
    before = state(linked)
    response = deliver(payload, event=event)
    assert response.status_code == 204
    assert state(linked) == before


def test_a_bad_signature_is_refused_403_and_bad_json_400(linked):
    before = state(linked)
    assert deliver(closed(), secret="wrong").status_code == 403
    unsigned = Client().post(
        reverse("github-webhook"), data=json.dumps(closed()), content_type="application/json"
    )
    assert unsigned.status_code == 403
    assert unsigned.json()["error"]["code"] == "bad_signature"
    bad_json = deliver(None, raw=b"{not json")
    assert bad_json.status_code == 400
    assert bad_json.json()["error"]["code"] == "bad_json"
    assert state(linked) == before


def test_the_webhook_is_off_without_its_secret(linked, settings):
    settings.GITHUB_WEBHOOK_SECRET = ""
    response = deliver(closed(), secret="")
    assert response.status_code == 404
    assert "GITHUB_WEBHOOK_SECRET" in response.json()["error"]["message"]
