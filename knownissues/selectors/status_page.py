"""The public read model the status page, ``status.json`` and the Atom feed are built from.

A known issue is *posted* while ``is_public`` is True. Its public history is its
``StatusUpdate`` rows written since it was last posted (``created_at >= posted_at``), so an
incident taken down and posted again never brings back the lines that were taken down.

The read model is built from ``.values()`` of the public fields only (number, public title,
status, public text, times): staff descriptions, ticket data and staff names cannot reach the
public page because they are never read. The title is read only as the public title's fallback
(``models.public_name``): an issue with a public title never shows its title. Statuses are shown
in the public words of ``states.PUBLIC_STATUS_LABELS``.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from tickets.models import Ticket

from ..models import KnownIssue, StatusUpdate, public_name
from ..states import OPEN_ISSUE_STATUSES, PUBLIC_STATUS_LABELS

HISTORY_MAX_ROWS = 500
OPERATIONAL = "operational"
DEGRADED = "degraded"


@dataclass(frozen=True)
class PublicUpdate:
    number: int
    title: str
    status: str
    summary: str
    at: datetime

    @property
    def status_label(self) -> str:
        return PUBLIC_STATUS_LABELS[self.status]

    def as_json(self) -> dict:
        return {
            "incident": self.number,
            "title": self.title,
            "status": self.status,
            "status_label": self.status_label,
            "summary": self.summary,
            "at": self.at.isoformat(),
        }


@dataclass(frozen=True)
class PublicIncident:
    number: int
    title: str
    status: str
    posted_at: datetime
    updates: list[PublicUpdate] = field(default_factory=list)
    summary: str = ""

    @property
    def status_label(self) -> str:
        return PUBLIC_STATUS_LABELS[self.status]

    @property
    def updated_at(self) -> datetime:
        return self.updates[0].at if self.updates else self.posted_at

    @property
    def latest_summary(self) -> str:
        return self.updates[0].summary if self.updates else self.summary

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "status_label": self.status_label,
            "summary": self.latest_summary,
            "posted_at": self.posted_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "updates": [update.as_json() for update in self.updates],
        }


@dataclass(frozen=True)
class HistoryDay:
    day: date
    updates: list[PublicUpdate]


@dataclass(frozen=True)
class Snapshot:
    generated_at: datetime
    incidents: list[PublicIncident]
    history: list[PublicUpdate]
    history_days: int

    @property
    def status(self) -> str:
        return DEGRADED if self.incidents else OPERATIONAL

    @property
    def by_day(self) -> list[HistoryDay]:
        days: dict[date, list[PublicUpdate]] = {}
        for update in self.history:
            days.setdefault(timezone.localdate(update.at), []).append(update)
        return [HistoryDay(day, updates) for day, updates in days.items()]

    def fingerprint(self) -> str:
        """Changes when anything the public sees changes, not with the time of the request."""
        data = self.as_json()
        del data["generated_at"]
        encoded = json.dumps(data, sort_keys=True).encode()
        return hashlib.blake2b(encoded, digest_size=12).hexdigest()

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "incidents": [incident.as_json() for incident in self.incidents],
            "history": [update.as_json() for update in self.history],
            "history_days": self.history_days,
            "generated_at": self.generated_at.isoformat(),
        }


_PUBLIC_UPDATE_FIELDS = (
    "known_issue_id",
    "known_issue__public_title",
    "known_issue__title",
    "status",
    "summary",
    "created_at",
)


def _public_updates():
    """Lines of posted incidents written since they were (last) posted, newest first."""
    return (
        StatusUpdate.objects.filter(
            known_issue__is_public=True, created_at__gte=F("known_issue__posted_at")
        )
        .order_by("-created_at", "-id")
        .values_list(*_PUBLIC_UPDATE_FIELDS)
    )


def _posted_at(at: datetime | None) -> datetime:
    """A posted issue's ``posted_at``: ``post_incident`` sets it with ``is_public``."""
    assert at is not None, "a posted known issue has posted_at"
    return at


def _update(row) -> PublicUpdate:
    number, public_title, title, status, summary, at = row
    return PublicUpdate(
        number=number,
        title=public_name(public_title, title),
        status=status,
        summary=summary,
        at=at,
    )


def status_history(days: int | None = None, *, now: datetime | None = None) -> list[PublicUpdate]:
    """The public lines of the last ``days`` days (STATUS_HISTORY_DAYS), newest first."""
    days = days if days is not None else settings.STATUS_HISTORY_DAYS
    now = now or timezone.now()
    rows = _public_updates().filter(created_at__gt=now - timedelta(days=days), created_at__lte=now)
    return [_update(row) for row in rows[:HISTORY_MAX_ROWS]]


def current_incidents(*, now: datetime | None = None) -> list[PublicIncident]:
    """Posted, unresolved known issues, most recently posted first, each with its public lines."""
    now = now or timezone.now()
    issues = list(
        KnownIssue.objects.filter(is_public=True, status__in=OPEN_ISSUE_STATUSES)
        .order_by("-posted_at", "-id")
        .values_list("pk", "public_title", "title", "status", "posted_at", "public_summary")
    )
    if not issues:
        return []
    updates: dict[int, list[PublicUpdate]] = {}
    rows = _public_updates().filter(
        known_issue_id__in=[pk for pk, *_ in issues], created_at__lte=now
    )
    for row in rows:
        update = _update(row)
        updates.setdefault(update.number, []).append(update)
    return [
        PublicIncident(
            number=pk,
            title=public_name(public_title, title),
            status=status,
            posted_at=_posted_at(posted_at),
            updates=updates.get(pk, []),
            summary=public_summary,
        )
        for pk, public_title, title, status, posted_at, public_summary in issues
    ]


def status_snapshot(now: datetime | None = None, *, days: int | None = None) -> Snapshot:
    """Everything the public sees, in at most three queries (two when nothing is posted)."""
    now = now or timezone.now()
    days = days if days is not None else settings.STATUS_HISTORY_DAYS
    return Snapshot(
        generated_at=now,
        incidents=current_incidents(now=now),
        history=status_history(days, now=now),
        history_days=days,
    )


def public_lines(known_issue: KnownIssue) -> list[PublicUpdate]:
    """The lines the public sees now for this incident, newest first (none when not posted)."""
    if not known_issue.is_public:
        return []
    return [_update(row) for row in _public_updates().filter(known_issue_id=known_issue.pk)]


def incident_preview(
    known_issue: KnownIssue, summary: str, *, now: datetime | None = None
) -> PublicIncident:
    """The incident as the public would see it with ``summary`` as its newest line."""
    now = now or timezone.now()
    earlier = public_lines(known_issue)
    line = PublicUpdate(
        number=known_issue.pk,
        title=known_issue.public_name,
        status=known_issue.status,
        summary=summary,
        at=now,
    )
    return PublicIncident(
        number=known_issue.pk,
        title=known_issue.public_name,
        status=known_issue.status,
        posted_at=_posted_at(known_issue.posted_at) if known_issue.is_public else now,
        updates=[line, *earlier],
    )


# --- what a public text must not say ----------------------------------------------------------

_WORD = r"(?<![\w@.-]){}(?![\w@-])"


def leaked_names(known_issue: KnownIssue, text: str) -> list[str]:
    """Customer names, e-mail addresses, organizations and ticket numbers of the issue's linked
    tickets that appear in ``text`` (whole words, any case). A public text must have none."""
    rows = Ticket.objects.filter(known_issue_links__known_issue=known_issue).values_list(
        "pk",
        "organization__name",
        "requester__email",
        "requester__first_name",
        "requester__last_name",
    )
    candidates: set[str] = set()
    numbers: set[int] = set()
    for pk, organization, email, first, last in rows:
        numbers.add(pk)
        full_name = f"{first} {last}".strip()
        candidates.update(
            value
            for value in (organization, email, full_name if " " in full_name else "")
            if value and len(value) >= 3
        )
    found = sorted(
        value
        for value in candidates
        if re.search(_WORD.format(re.escape(value)), text, flags=re.IGNORECASE)
    )
    for number in sorted(numbers):
        if re.search(rf"(#|\bticket\s*#?\s*){number}\b", text, flags=re.IGNORECASE):
            found.append(f"#{number}")
    return found
