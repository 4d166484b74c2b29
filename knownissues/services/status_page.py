"""Writes of the public status page: post a known issue, add a public line, take it down.

A known issue is *posted* while ``is_public`` is True. Every public line is a ``StatusUpdate``
row, written here only (a status change of a posted issue writes one through
``write_status_update`` too). Who may post is ``policies.poster_refusal``; what the public
reads is ``selectors.status_page``.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import policies, published_events, selectors
from ..errors import AlreadyPosted, IssueResolved, NotPosted
from ..models import KnownIssue, StatusUpdate
from ..states import IssueStatus, LogKind
from . import guard_log
from ._common import lock_issue


def _require_poster(actor) -> None:
    reason = policies.poster_refusal(actor)
    if reason:
        raise PermissionDenied(reason)


def clean_summary(known_issue: KnownIssue, summary: str) -> str:
    """The public text, stripped; refused when empty, too long, or naming a linked customer."""
    summary = (summary or "").strip()
    if not summary:
        raise ValidationFailed(
            "Write the public summary: it is all the status page shows.",
            fields={"summary": ["Write what the public should read."]},
        )
    limit = policies.SUMMARY_MAX_CHARS
    if len(summary) > limit:
        raise ValidationFailed(
            f"The public summary is {len(summary)} characters; keep it under {limit}.",
            fields={"summary": [f"At most {limit} characters."]},
        )
    leaked = selectors.leaked_names(known_issue, summary)
    if leaked:
        names = ", ".join(leaked)
        raise ValidationFailed(
            f"The public summary names customers or tickets of this issue ({names}): the status "
            "page is public. Nothing was posted.",
            fields={"summary": [f"Remove {names}: no customer names or ticket data."]},
        )
    return summary


def check_public_name(known_issue: KnownIssue, *, outcome: str = "Nothing was changed.") -> None:
    """Refuse a public name (the public title, else the title) that names a linked customer or
    ticket: it is on the status page, its feed and status.json while the issue is posted."""
    leaked = selectors.leaked_names(known_issue, known_issue.public_name)
    if not leaked:
        return
    names = ", ".join(leaked)
    if known_issue.public_title:
        field, what = "public_title", "public title"
    else:
        field, what = "title", "title (the status page shows it while no public title is set)"
    sentence = (
        f"The {what} names customers or tickets of this issue ({names}): the status page is "
        f"public. Write a public title without them. {outcome}"
    )
    raise ValidationFailed(sentence, fields={field: [sentence]})


def write_status_update(issue: KnownIssue, *, actor, summary: str, at: datetime) -> StatusUpdate:
    """A public history line of a posted issue, with its current status. ``summary`` is public
    text (checked by ``clean_summary``, or a standard line), never the staff-only title or
    description. The caller holds the issue's lock and has checked that the issue is posted."""
    return StatusUpdate.objects.create(
        known_issue=issue, status=issue.status, summary=summary, posted_by=actor, created_at=at
    )


def post_incident(
    known_issue: KnownIssue, *, actor, summary: str, at: datetime | None = None
) -> StatusUpdate:
    """Put a known issue on the public status page with its first public line."""
    _require_poster(actor)
    at = at or timezone.now()
    with transaction.atomic():
        issue = lock_issue(known_issue)
        if issue.is_public:
            raise AlreadyPosted(
                f"Known issue {issue.pk} is already on the status page: post an update instead.",
                is_public=True,
            )
        if issue.status == IssueStatus.RESOLVED:
            raise IssueResolved(
                f"Known issue {issue.pk} is resolved: there is nothing to post.",
                current_status=issue.status,
            )
        summary = clean_summary(issue, summary)
        check_public_name(issue, outcome="Nothing was posted.")
        issue.is_public = True
        issue.posted_at = at
        issue.posted_by = actor
        issue.public_summary = summary
        issue.updated_at = at
        issue.save(
            update_fields=["is_public", "posted_at", "posted_by", "public_summary", "updated_at"]
        )
        published_events.issue_posted(issue)
        return write_status_update(issue, actor=actor, summary=summary, at=at)


def add_incident_update(
    known_issue: KnownIssue, *, actor, summary: str, at: datetime | None = None
) -> StatusUpdate:
    """A new public line on a posted incident, with the issue's current status."""
    _require_poster(actor)
    at = at or timezone.now()
    with transaction.atomic():
        issue = lock_issue(known_issue)
        if not issue.is_public:
            raise NotPosted(
                f"Known issue {issue.pk} is not on the status page: post it first.",
                is_public=False,
            )
        summary = clean_summary(issue, summary)
        issue.public_summary = summary
        issue.updated_at = at
        issue.save(update_fields=["public_summary", "updated_at"])
        return write_status_update(issue, actor=actor, summary=summary, at=at)


def take_down_incident(
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
        issue = lock_issue(known_issue)
        if not issue.is_public:
            raise NotPosted(f"Known issue {issue.pk} is not on the status page.", is_public=False)
        issue.is_public = False
        issue.updated_at = at
        issue.save(update_fields=["is_public", "updated_at"])
        guard_log.write_entry(
            kind=LogKind.NOTE,
            text=f"Took known issue {issue.pk} off the status page: {reason}",
            author=actor,
            at=at,
            done=True,
        )
    return issue
