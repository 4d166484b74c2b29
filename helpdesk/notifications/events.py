"""Events: something happened that someone outside the change may want to know.

The app that owns the change publishes an ``Event`` inside its transaction (``publish``); the
handlers registered here turn it into what each audience gets: staff alerts (email through the
outbox and the in-app notification centre, per each person's preferences) and signed webhooks.
Handlers run in the caller's transaction, so an event of a change that rolls back leaves nothing.

The publisher says who the event is about (``recipients``: user ids of the staff to tell); the
notifications layer knows no app and never looks a ticket up.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

logger = logging.getLogger(__name__)


class Name:
    """Event names, shared by staff alerts and webhooks."""

    TICKET_CREATED = "ticket.created"
    CUSTOMER_REPLIED = "ticket.customer_replied"
    STATUS_CHANGED = "ticket.status_changed"
    ASSIGNED = "ticket.assigned"
    ESCALATED = "ticket.escalated"
    MENTIONED = "ticket.mentioned"
    FOLLOWED_CHANGED = "ticket.followed_changed"
    ON_CALL_PAGE = "oncall.page"
    SLA_RED = "sla.red"
    KNOWN_ISSUE_POSTED = "known_issue.posted"
    DOC_REQUEST_OPENED = "knowledge.doc_request_opened"
    CSAT_NOT_GOOD = "ticket.csat_not_good"
    ACCOUNT_PROGRESS = "ticket.account_progress"  # to the organization's account manager
    TASK_ASSIGNED = "task.assigned"  # an engineering task given to a developer by workload
    HANDOVER = "rota.handover"  # a previous T3 nudged, an on-call log line assigned (seed 003)
    PROGRESS_UPDATE_DUE = "ticket.progress_update_due"  # your Open ticket is silent (004-04)


@dataclass(frozen=True)
class Event:
    name: str
    at: datetime
    dedupe_key: str  # the same however often the change is replayed
    title: str  # one line a person reads: "Customer replied on #42: Login fails"
    ticket_number: int | None = None
    url: str = ""  # absolute, to the desk (staff) page of the subject
    recipients: tuple[int, ...] = ()  # user ids of the staff to tell
    actor_id: int | None = None  # who caused it: never told about their own action
    data: dict[str, Any] = field(default_factory=dict)  # JSON-able details for webhooks


Handler = Callable[[Event], None]
_handlers: list[Handler] = []


def register(handler: Handler) -> Handler:
    """Add a handler (at import time of its module); usable as a decorator."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def publish(event: Event) -> None:
    """Hand ``event`` to every handler, in the caller's transaction."""
    for handler in _handlers:
        handler(event)
