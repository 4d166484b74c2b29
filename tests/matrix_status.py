"""Rows of the permission matrix for the status page and Changing of the Guard URLs (see
tests/matrix_extension.py).

The world holds a known issue already on the status page and one open on-call log entry. The
matrix's agent is not a status poster (only Leads and admins are, by default): the desk pages
let them in, but posting is refused with 403.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from knownissues.models import KnownIssue, OnCallLogEntry, StatusUpdate
from knownissues.states import LogKind
from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
DESK = {"anonymous": LOGIN, **CUSTOMERS}

ROWS = {
    # Public: no sign-in, the same page for everyone.
    "status-page": ("get", None, {"*": 200}),
    "status-json": ("get", None, {"*": 200}),
    "status-feed": ("get", None, {"*": 200}),
    # Agents, leads and admins.
    "guard-week": ("get", None, {**DESK, "*": 200}),
    "guard-log-add": ("post", {"kind": "note", "text": "Checked the error feed."},
                      {**DESK, "*": 302}),
    "guard-log-done": ("post", {}, {**DESK, "*": 302}),
    # Every agent sees the posting page (with the button disabled); only posters post.
    "status-post": ("get", None, {**DESK, "*": 200}),
    "status-post-update": ("post", {"summary": "A fix is being deployed."},
                           {**DESK, "agent": 403, "*": 302}),
    "status-take-down": ("post", {"reason": "Posted by mistake."},
                         {**DESK, "agent": 403, "*": 302}),
}  # fmt: skip


def build(world: dict) -> None:
    admin = world["users"]["admin"]
    now = timezone.now()
    issue = KnownIssue.objects.create(
        title="Calendar sync stalls",
        slug="calendar-sync",
        created_by=admin,
        created_at=now - timedelta(hours=2),
        updated_at=now - timedelta(hours=1),
        is_public=True,
        posted_at=now - timedelta(hours=1),
        posted_by=admin,
        public_summary="Calendar sync is delayed.",
    )
    StatusUpdate.objects.create(
        known_issue=issue,
        status=issue.status,
        summary=issue.public_summary,
        posted_by=admin,
        created_at=now - timedelta(hours=1),
    )
    entry = OnCallLogEntry.objects.create(
        kind=LogKind.OPEN_LOOP, text="Chase the sync retries.", author=admin, created_at=now
    )
    world["status_issue"] = issue
    world["log_entry"] = entry


def url(name: str, world: dict) -> str | None:
    if name in {"status-post", "status-post-update", "status-take-down"}:
        return reverse(name, args=[world["status_issue"].pk])
    if name == "guard-log-done":
        return reverse(name, args=[world["log_entry"].pk])
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
