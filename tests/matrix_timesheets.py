"""Rows of the permission matrix for the timesheets URLs (see tests/matrix_extension.py).

The world holds a time entry and a technical call (tomorrow) of the agent on the matrix's
ticket, and a follow-up of the agent. Desk actions answer without JavaScript with a redirect
back (a refusal too, with its message); customers get 403; reports are for leads.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.matrix_extension import MatrixExtension

LOGIN = 302
CUSTOMERS = {"owner": 403, "stranger": 403, "manager": 403}
API_CUSTOMERS = {"anonymous": 403, "owner": 403, "stranger": 403, "manager": 403}
DESK_GET = {"anonymous": LOGIN, **CUSTOMERS, "*": 200}
DESK_POST = {"anonymous": LOGIN, **CUSTOMERS, "*": 302}
LEADS = {"anonymous": LOGIN, "lead": 200, "admin": 200, "*": 403}
IN_TWO_DAYS = (timezone.localdate() + timedelta(days=2)).isoformat()

ROWS = {
    "time-mine": ("get", None, DESK_GET),
    "time-entry-new": ("get", None, DESK_GET),
    # The entry is the agent's: the agent and leads may edit it (admins are leads too).
    "time-entry-edit": ("get", None, DESK_GET),
    "time-entry-delete": ("post", {}, DESK_POST),
    "time-timer-start": ("post", {"ticket": "TICKET", "activity": "research"}, DESK_POST),
    # No timer runs: refused with a message, back to My time.
    "time-timer-stop": ("post", {}, DESK_POST),
    "time-timer-discard": ("post", {}, DESK_POST),
    "time-call-schedule": (
        "post",
        {"day": IN_TWO_DAYS, "time": "10:00", "meeting_url": "https://meet.example.com/x"},
        DESK_POST,
    ),
    # The call is tomorrow: "held" and "no-show" are refused (too early) with a message.
    "time-call-held": ("post", {"minutes": 60, "summary": "We checked it."}, DESK_POST),
    "time-call-no-show": ("post", {}, DESK_POST),
    "time-call-cancel": ("post", {}, DESK_POST),
    "time-follow-up-new": ("post", {"due_on": IN_TWO_DAYS, "note": "Check"}, DESK_POST),
    "time-follow-up-done": ("post", {}, DESK_POST),
    "time-reports": ("get", None, LEADS),
    "time-reports-csv": ("get", None, LEADS),
    "api-time-entry-list": ("get", None, {**API_CUSTOMERS, "*": 200}),
    "api-time-entry-detail": ("get", None, {**API_CUSTOMERS, "*": 200}),
}  # fmt: skip
# The rows whose payload names the matrix's ticket ("TICKET" above, filled in by build()).
TICKET_PAYLOADS = [
    name for name, row in ROWS.items() if row[1] and row[1].get("ticket") == "TICKET"
]


def build(world: dict) -> None:
    from tests.timesheets.factories import (
        FollowUpFactory,
        TechnicalCallFactory,
        TimeEntryFactory,
    )

    agent, ticket = world["users"]["agent"], world["ticket"]
    world["time_entry"] = TimeEntryFactory(agent=agent, ticket=ticket)
    world["call"] = TechnicalCallFactory(agent=agent, ticket=ticket)
    world["follow_up"] = FollowUpFactory(agent=agent, ticket=ticket)
    # Every test has a new ticket (and on PostgreSQL a new number): point the payloads at it.
    for name in TICKET_PAYLOADS:
        ROWS[name][1]["ticket"] = ticket.pk


OBJECTS = {
    "time-entry-edit": "time_entry",
    "time-entry-delete": "time_entry",
    "api-time-entry-detail": "time_entry",
    "time-call-held": "call",
    "time-call-no-show": "call",
    "time-call-cancel": "call",
    "time-follow-up-done": "follow_up",
    "time-call-schedule": "ticket",
    "time-follow-up-new": "ticket",
}


def url(name: str, world: dict) -> str | None:
    if name in OBJECTS:
        return reverse(name, args=[world[OBJECTS[name]].pk])
    if name in ROWS:
        return reverse(name)
    return None


EXTENSION = MatrixExtension(rows=ROWS, build=build, url=url)
