"""Rows of the permission matrix for the knownissues URLs (see tests/matrix_extension.py).

The world gets a Known Issue (number = its pk) linked to the matrix's ticket and a draft bulk
answer. Customers never reach the tracker: it is internal.
"""

from django.urls import reverse
from django.utils import timezone

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
API_CUSTOMERS = {"anonymous": 403, **CUSTOMERS}

ROWS = {
    "knownissues-list": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "knownissues-create": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    # Without htmx the search sends the agent to the list with the query.
    "knownissues-search": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    # An empty form: a message, back to the list.
    "knownissues-link": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    # Leads only; an empty key is refused with a message and a redirect to the dashboard.
    "knownissues-signal-dismiss": ("post", {}, {"anonymous": LOGIN, "lead": 302, "admin": 302,
                                               "*": 403}),
    "knownissues-detail": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "knownissues-edit": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "knownissues-status": ("post", {"status": "resolved"},
                           {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "knownissues-unlink": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    # An empty answer: the page again with the form error.
    "knownissues-bulk-compose": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 400}),
    "knownissues-bulk": ("get", None, {"anonymous": LOGIN, **CUSTOMERS, "*": 200}),
    "knownissues-bulk-send": ("post", {}, {"anonymous": LOGIN, **CUSTOMERS, "*": 302}),
    "api-knownissue-list": ("get", None, {**API_CUSTOMERS, "*": 200}),
    "api-knownissue-signals": ("get", None, {**API_CUSTOMERS, "agent": 403, "*": 200}),
    "api-knownissue-detail": ("get", None, {**API_CUSTOMERS, "*": 200}),
    # No ticket named: 400 once past the role gate (the services tests link for real).
    "api-knownissue-link": ("post", {}, {**API_CUSTOMERS, "*": 400}),
    "api-knownissue-unlink": ("delete", None, {**API_CUSTOMERS, "*": 204}),
    "api-knownissue-bulk-create": ("post", {"body": "Fixed."}, {**API_CUSTOMERS, "*": 201}),
    "api-knownissue-bulk-detail": ("get", None, {**API_CUSTOMERS, "*": 200}),
    "api-knownissue-bulk-send": ("post", {}, {**API_CUSTOMERS, "*": 202}),
}  # fmt: skip


def build(world: dict) -> None:
    from knownissues.models import BulkAnswer, KnownIssue, KnownIssueLink

    now = timezone.now()
    agent = world["users"]["agent"]
    issue = KnownIssue.objects.create(
        title="Checkout 502",
        slug="checkout-502",
        status="known_issue",
        created_by=agent,
        created_at=now,
        updated_at=now,
    )
    KnownIssueLink.objects.create(
        known_issue=issue, ticket=world["ticket"], linked_by=agent, linked_at=now
    )
    answer = BulkAnswer.objects.create(
        known_issue=issue, body="Fixed.", created_by=agent, created_at=now, updated_at=now
    )
    world["known_issue"], world["bulk_answer"] = issue, answer


def url(name: str, world: dict) -> str | None:
    if name not in ROWS:
        return None
    issue, answer, ticket = world["known_issue"], world["bulk_answer"], world["ticket"]
    if name in {
        "knownissues-list",
        "knownissues-create",
        "knownissues-search",
        "knownissues-link",
        "knownissues-signal-dismiss",
        "api-knownissue-list",
        "api-knownissue-signals",
    }:
        return reverse(name)
    if name in {"knownissues-unlink", "api-knownissue-unlink"}:
        return reverse(name, args=[issue.pk, ticket.pk])
    if name in {
        "knownissues-bulk",
        "knownissues-bulk-send",
        "api-knownissue-bulk-detail",
        "api-knownissue-bulk-send",
    }:
        return reverse(name, args=[issue.pk, answer.pk])
    return reverse(name, args=[issue.pk])  # fmt: skip


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
