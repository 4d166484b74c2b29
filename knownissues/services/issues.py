"""Known issues themselves: create, edit the text, change the status.

A status change of an issue that is on the public status page writes a ``StatusUpdate`` in the
same transaction, so the page's history shows it.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from helpdesk.core.markdown import is_web_link
from tickets.models import Ticket

from .. import policies
from ..models import KnownIssue, KnownIssueLink
from ..states import IssueStatus
from . import changelog, links
from ._common import lock_issue, require
from .status_page import check_public_name, clean_summary, write_status_update

MAX_SLUG = 60
EDITABLE_FIELDS = (
    "title",
    "public_title",
    "slug",
    "description",
    "public_summary",
    "bug_url",
    "partner_tickets",
)

# The public line a posted issue gets when its status changes and nobody wrote one.
STANDARD_STATUS_LINES: dict[str, str] = {
    IssueStatus.RESOLVED: "Resolved. Thank you for your patience.",
    IssueStatus.KNOWN_ISSUE: "We know the cause and are working on a fix.",
    IssueStatus.INVESTIGATING: "We are investigating.",
}


def clean_fields(data: dict, *, partial: bool = False) -> dict:
    """Trimmed, validated editable fields; a slug is derived from the title when empty."""
    cleaned = {name: (data.get(name) or "").strip() for name in EDITABLE_FIELDS if name in data}
    errors: dict[str, list[str]] = {}
    if not partial or "title" in cleaned:
        cleaned["title"] = changelog.normalise(cleaned.get("title", ""))
        if not cleaned["title"]:
            errors["title"] = ["Write a changelog-style title, e.g. 'Fixed: checkout 502'."]
        elif found := changelog.problems(cleaned["title"]):
            errors["title"] = found
    if cleaned.get("public_title"):
        cleaned["public_title"] = changelog.normalise(cleaned["public_title"])
        if found := changelog.problems(cleaned["public_title"]):
            errors["public_title"] = found
    if "slug" in cleaned or not partial:
        raw = cleaned.get("slug") or ("" if partial else cleaned.get("title", ""))
        slug = slugify(raw)[:MAX_SLUG].strip("-")
        if not slug and "title" not in errors:
            errors["slug"] = ["A couple of words for the tag, e.g. checkout-502."]
        cleaned["slug"] = slug
    url = cleaned.get("bug_url", "")
    if url and not is_web_link(url):
        errors["bug_url"] = ["Link the bug with https://…"]
    if len(url) > 500 or len(cleaned.get("partner_tickets", "")) > 500:
        errors.setdefault("partner_tickets", []).append("At most 500 characters.")
    if errors:
        raise ValidationFailed("The known issue has invalid fields.", fields=errors)
    return cleaned


def create_known_issue(
    *,
    actor,
    title: str,
    public_title: str = "",
    slug: str = "",
    description: str = "",
    public_summary: str = "",
    bug_url: str = "",
    partner_tickets: str = "",
    status: str = IssueStatus.INVESTIGATING,
    tickets_to_link: Iterable = (),
    at: datetime | None = None,
) -> KnownIssue:
    """A new known issue, optionally linked at once to tickets ("create from tickets")."""
    require(policies.may_manage(actor), "create known issues")
    fields = clean_fields(
        {
            "title": title,
            "public_title": public_title,
            "slug": slug,
            "description": description,
            "public_summary": public_summary,
            "bug_url": bug_url,
            "partner_tickets": partner_tickets,
        }
    )
    if status not in (IssueStatus.INVESTIGATING, IssueStatus.KNOWN_ISSUE):
        raise ValidationFailed(
            "A new known issue is Investigating or Known Issue.",
            fields={"status": ["Choose Investigating or Known Issue."]},
        )
    numbers = list(
        dict.fromkeys(
            n.pk if isinstance(n, Ticket) else int(str(n).lstrip("#")) for n in tickets_to_link
        )
    )
    at = at or timezone.now()
    with transaction.atomic():
        found = {t.pk: t for t in Ticket.objects.filter(pk__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise ValidationFailed(
                f"Tickets {', '.join(f'#{n}' for n in missing)} were not found.",
                fields={"tickets": [f"No ticket #{n}." for n in missing]},
            )
        issue = KnownIssue.objects.create(
            **fields, status=status, created_by=actor, created_at=at, updated_at=at
        )
        for number in numbers:
            links.link(issue, found[number], actor=actor, at=at)
    return issue


def update_known_issue(issue: KnownIssue, *, actor, **changes) -> KnownIssue:
    """Edit the text fields. A new slug re-tags every linked ticket with the new tag. The public
    summary of a posted issue changes only with "Post an update" (``add_incident_update``); its
    public name (public title, else title) may change here, checked like any public text."""
    require(policies.may_manage(actor), "edit known issues")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(f"Cannot change {', '.join(sorted(unknown))} here.")
    fields = clean_fields(changes, partial=True)
    at = timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        old_tag = issue.tag_name
        summary_changed = "public_summary" in fields and fields["public_summary"] != (
            issue.public_summary
        )
        if summary_changed and issue.is_public:
            raise Conflict(
                f"Known issue {issue.pk} is on the status page: change its public text with "
                "“Post an update”, where status posters check it before the public reads it. "
                "Nothing was changed.",
                fields={"public_summary": ["Posted: use “Post an update” on the status page."]},
            )
        public_name_before = issue.public_name
        for name, value in fields.items():
            setattr(issue, name, value)
        if issue.is_public and issue.public_name != public_name_before:
            check_public_name(issue)
        issue.updated_at = at
        issue.save()
        if issue.tag_name != old_tag:
            for link in KnownIssueLink.objects.filter(known_issue=issue).select_related("ticket"):
                links.retag(link.ticket, actor=actor, remove=old_tag, add=issue.tag_name)
    return issue


def change_status(issue: KnownIssue, *, actor, status: str, public_note: str = "") -> KnownIssue:
    """Investigating → Known Issue → Resolved (and back, when an issue comes back).

    A posted issue's change also goes on the status page: ``public_note`` when a status poster
    wrote one (checked like any public text), else the standard line of the new status
    (``STANDARD_STATUS_LINES``) — so the page never says "working on a fix" under Resolved.
    The public note of an issue that is not posted is not kept.
    """
    require(policies.may_manage(actor), "change the status of known issues")
    public_note = (public_note or "").strip()
    if public_note and not policies.may_post_status(actor):
        raise PermissionDenied(
            "Only status posters write public text; leave the public line empty for the "
            "standard one. Nothing was changed."
        )
    if status not in IssueStatus.values:
        raise ValidationFailed(
            f"Unknown status {status!r}.",
            fields={"status": [f"Choose one of: {', '.join(IssueStatus.values)}."]},
        )
    at = timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        if issue.status == status:
            raise Conflict(
                f"Known issue {issue.pk} is already {issue.get_status_display()}.",
                current_status=issue.status,
            )
        if public_note and issue.is_public:
            public_note = clean_summary(issue, public_note)
        issue.status = status
        issue.resolved_at = at if status == IssueStatus.RESOLVED else None
        issue.updated_at = at
        issue.save(update_fields=["status", "resolved_at", "updated_at"])
        if issue.is_public:
            summary = public_note or STANDARD_STATUS_LINES[status]
            write_status_update(issue, actor=actor, summary=summary, at=at)
    return issue


def edit_known_issue(
    issue: KnownIssue, *, actor, status: str = "", public_note: str = "", **changes
) -> KnownIssue:
    """Text fields and a status change in one go (the API's PATCH): all of it or nothing. The
    same status again changes nothing; a public line needs the status change it describes."""
    if (public_note or "").strip() and not status:
        raise ValidationFailed(
            "A public line goes with a status change: send the new status too.",
            fields={"public_note": ["Send it with the new status."]},
        )
    with transaction.atomic():
        if changes:
            issue = update_known_issue(issue, actor=actor, **changes)
        if status and status != issue.status:
            issue = change_status(issue, actor=actor, status=status, public_note=public_note)
    return issue
