"""Rows of the permission matrix for the rotas and the hand-over URLs of seed 003 (issue 16,
decision 0031; see tests/matrix_extension.py).

The world adds a T3 week for the agent, an open on-call log entry and a known issue to verify.
Customers never reach them. Verifying is T4's and the leads': the matrix's agent is in no tier,
so its verification is refused with a message (302 back to the issue, nothing changed); the lead
and the admin verify. An assignment without an assignee is refused with a message.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from escalation.models import RotaShift
from knownissues.models import KnownIssue, OnCallLogEntry
from knownissues.states import LogKind
from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
DESK = {"anonymous": LOGIN, **CUSTOMERS}

ROWS = {
    "escalation-rota": ("get", None, {**DESK, "*": 200}),
    "guard-log-assign": ("post", {}, {**DESK, "*": 302}),
    "knownissues-verify": ("post", {"fix_path": "on_call_hotfix"}, {**DESK, "*": 302}),
    "knownissues-release": ("post", {"fix_release_date": ""}, {**DESK, "*": 302}),
}  # fmt: skip


def build(world: dict) -> None:
    now = timezone.now()
    agent = world["users"]["agent"]
    RotaShift.objects.create(
        rota="t3", agent=agent, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=6)
    )
    world["rota_log_entry"] = OnCallLogEntry.objects.create(
        kind=LogKind.OPEN_LOOP, text="Find out why the sync retried.", author=agent, created_at=now
    )
    world["rota_issue"] = KnownIssue.objects.create(
        title="Fixed: calendar sync retries twice",
        slug="sync-retries",
        status="known_issue",
        created_by=agent,
        created_at=now,
        updated_at=now,
    )


def url(name: str, world: dict) -> str | None:
    if name == "guard-log-assign":
        return reverse(name, args=[world["rota_log_entry"].pk])
    if name in {"knownissues-verify", "knownissues-release"}:
        return reverse(name, args=[world["rota_issue"].pk])
    if name == "escalation-rota":
        return reverse(name)
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
