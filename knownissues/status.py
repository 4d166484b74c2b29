"""The public status page: who may post, posting / updating / taking down an incident, and the
public read model the status page, ``status.json`` and the Atom feed are built from.

A known issue is *posted* while ``is_public`` is True. Its public history is its
``StatusUpdate`` rows written since it was last posted (``created_at >= posted_at``), so an
incident taken down and posted again never brings back the lines that were taken down.

The read model is built from ``.values()`` of the public fields only (number, status, public
text, times): staff descriptions, titles, ticket data and staff names cannot reach the public
page because they are never read.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tickets.models import Ticket

from .models import KnownIssue, OnCallLogEntry, StatusUpdate
from .states import OPEN_ISSUE_STATUSES, IssueStatus, LogKind

SUMMARY_MAX_CHARS = 2000
HISTORY_MAX_ROWS = 500
OPERATIONAL = "operational"
DEGRADED = "degraded"

# --- who may post -----------------------------------------------------------------------------


def poster_refusal(user) -> str:
    """Why ``user`` may not post on the status page; empty when they may."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "Sign in to post on the status page."
    if user.is_superuser:
        return ""
    if roles.is_customer(user):
        return "Customers cannot post on the status page."
    groups = set(getattr(settings, "STATUS_POSTER_GROUPS", []))
    if groups & roles._group_names(user) or user.has_perm("knownissues.post_status"):
        return ""
    named = ", ".join(sorted(groups)) or "no group"
    return (
        "Only status posters may post on the public status page: members of "
        f"{named}, or people given the “post on the status page” permission in admin."
    )


def can_post_status(user) -> bool:
    """Superusers, holders of ``knownissues.post_status``, members of STATUS_POSTER_GROUPS."""
    return not poster_refusal(user)


def _require_poster(actor) -> None:
    reason = poster_refusal(actor)
    if reason:
        raise PermissionDenied(reason)


# --- writes -----------------------------------------------------------------------------------


def _lock(known_issue: KnownIssue | int) -> KnownIssue:
    pk = known_issue.pk if isinstance(known_issue, KnownIssue) else known_issue
    try:
        return KnownIssue.objects.select_for_update().get(pk=pk)
    except KnownIssue.DoesNotExist:
        raise NotFound(f"Known issue {pk} was not found.") from None


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


def clean_summary(known_issue: KnownIssue, summary: str) -> str:
    """The public text, stripped; refused when empty, too long, or naming a linked customer."""
    summary = (summary or "").strip()
    if not summary:
        raise ValidationFailed(
            "Write the public summary: it is all the status page shows.",
            fields={"summary": ["Write what the public should read."]},
        )
    if len(summary) > SUMMARY_MAX_CHARS:
        raise ValidationFailed(
            f"The public summary is {len(summary)} characters; keep it under {SUMMARY_MAX_CHARS}.",
            fields={"summary": [f"At most {SUMMARY_MAX_CHARS} characters."]},
        )
    leaked = leaked_names(known_issue, summary)
    if leaked:
        names = ", ".join(leaked)
        raise ValidationFailed(
            f"The public summary names customers or tickets of this issue ({names}): the status "
            "page is public. Nothing was posted.",
            fields={"summary": [f"Remove {names}: no customer names or ticket data."]},
        )
    return summary


def post(
    known_issue: KnownIssue, *, actor, summary: str, at: datetime | None = None
) -> StatusUpdate:
    """Put a known issue on the public status page with its first public line."""
    _require_poster(actor)
    at = at or timezone.now()
    with transaction.atomic():
        issue = _lock(known_issue)
        if issue.is_public:
            raise Conflict(
                f"Known issue {issue.pk} is already on the status page: post an update instead.",
                is_public=True,
            )
        if issue.status == IssueStatus.RESOLVED:
            raise Conflict(
                f"Known issue {issue.pk} is resolved: there is nothing to post.",
                current_status=issue.status,
            )
        summary = clean_summary(issue, summary)
        issue.is_public = True
        issue.posted_at = at
        issue.posted_by = actor
        issue.public_summary = summary
        issue.updated_at = at
        issue.save(
            update_fields=["is_public", "posted_at", "posted_by", "public_summary", "updated_at"]
        )
        return StatusUpdate.objects.create(
            known_issue=issue, status=issue.status, summary=summary, posted_by=actor, created_at=at
        )


def add_update(
    known_issue: KnownIssue, *, actor, summary: str, at: datetime | None = None
) -> StatusUpdate:
    """A new public line on a posted incident, with the issue's current status."""
    _require_poster(actor)
    at = at or timezone.now()
    with transaction.atomic():
        issue = _lock(known_issue)
        if not issue.is_public:
            raise Conflict(
                f"Known issue {issue.pk} is not on the status page: post it first.",
                is_public=False,
            )
        summary = clean_summary(issue, summary)
        issue.public_summary = summary
        issue.updated_at = at
        issue.save(update_fields=["public_summary", "updated_at"])
        return StatusUpdate.objects.create(
            known_issue=issue, status=issue.status, summary=summary, posted_by=actor, created_at=at
        )


def unpost(
    known_issue: KnownIssue, *, actor, reason: str, at: datetime | None = None
) -> KnownIssue:
    """Take an incident off the status page, its history too (posted by mistake, or not for
    the public after all). The reason goes on the on-call log, already done, for the hand-over."""
    _require_poster(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Say why it comes down: the reason goes on the on-call log.",
            fields={"reason": ["Write the reason (staff only)."]},
        )
    at = at or timezone.now()
    with transaction.atomic():
        issue = _lock(known_issue)
        if not issue.is_public:
            raise Conflict(f"Known issue {issue.pk} is not on the status page.", is_public=False)
        issue.is_public = False
        issue.updated_at = at
        issue.save(update_fields=["is_public", "updated_at"])
        OnCallLogEntry.objects.create(
            kind=LogKind.NOTE,
            text=f"Took known issue {issue.pk} off the status page: {reason}",
            author=actor,
            created_at=at,
            done_at=at,
            done_by=actor,
        )
    return issue


# --- the public read model --------------------------------------------------------------------


@dataclass(frozen=True)
class PublicUpdate:
    number: int
    status: str
    summary: str
    at: datetime

    @property
    def status_label(self) -> str:
        return IssueStatus(self.status).label

    def as_json(self) -> dict:
        return {
            "incident": self.number,
            "status": self.status,
            "status_label": self.status_label,
            "summary": self.summary,
            "at": self.at.isoformat(),
        }


@dataclass(frozen=True)
class PublicIncident:
    number: int
    status: str
    posted_at: datetime
    updates: list[PublicUpdate] = field(default_factory=list)
    summary: str = ""

    @property
    def status_label(self) -> str:
        return IssueStatus(self.status).label

    @property
    def updated_at(self) -> datetime:
        return self.updates[0].at if self.updates else self.posted_at

    @property
    def latest_summary(self) -> str:
        return self.updates[0].summary if self.updates else self.summary

    def as_json(self) -> dict:
        return {
            "number": self.number,
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


_PUBLIC_UPDATE_FIELDS = ("known_issue_id", "status", "summary", "created_at")


def _public_updates():
    """Lines of posted incidents written since they were (last) posted, newest first."""
    return (
        StatusUpdate.objects.filter(
            known_issue__is_public=True, created_at__gte=F("known_issue__posted_at")
        )
        .order_by("-created_at", "-id")
        .values_list(*_PUBLIC_UPDATE_FIELDS)
    )


def _update(row) -> PublicUpdate:
    number, status, summary, at = row
    return PublicUpdate(number=number, status=status, summary=summary, at=at)


def history(days: int | None = None, *, now: datetime | None = None) -> list[PublicUpdate]:
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
        .values_list("pk", "status", "posted_at", "public_summary")
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
            status=status,
            posted_at=posted_at,
            updates=updates.get(pk, []),
            summary=public_summary,
        )
        for pk, status, posted_at, public_summary in issues
    ]


def status_snapshot(now: datetime | None = None, *, days: int | None = None) -> Snapshot:
    """Everything the public sees, in three queries."""
    now = now or timezone.now()
    days = days if days is not None else settings.STATUS_HISTORY_DAYS
    return Snapshot(
        generated_at=now,
        incidents=current_incidents(now=now),
        history=history(days, now=now),
        history_days=days,
    )


def public_lines(known_issue: KnownIssue) -> list[PublicUpdate]:
    """The lines the public sees now for this incident, newest first (none when not posted)."""
    if not known_issue.is_public:
        return []
    return [_update(row) for row in _public_updates().filter(known_issue_id=known_issue.pk)]


def preview(known_issue: KnownIssue, summary: str, *, now: datetime | None = None):
    """The incident as the public would see it with ``summary`` as its newest line."""
    now = now or timezone.now()
    earlier = public_lines(known_issue)
    line = PublicUpdate(number=known_issue.pk, status=known_issue.status, summary=summary, at=now)
    return PublicIncident(
        number=known_issue.pk,
        status=known_issue.status,
        posted_at=known_issue.posted_at if known_issue.is_public else now,
        updates=[line, *earlier],
    )
