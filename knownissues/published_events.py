"""The known-issue event for the team's other tools: an issue posted on the public status page.

Published inside ``services.post_incident``'s transaction; the dedupe key names the posting, so
an issue taken down and posted again is told again. The title is the staff title (the team's
tools are staff-only); the public summary is the text the public reads anyway.
"""

from helpdesk.core.links import absolute_url
from helpdesk.notifications import events

from .models import KnownIssue


def desk_url(issue: KnownIssue) -> str:
    return absolute_url("knownissues-detail", issue.pk)


def issue_posted(issue: KnownIssue) -> None:
    """``issue`` was just put on the status page (``posted_at`` set)."""
    assert issue.posted_at is not None
    posted_by = issue.posted_by
    events.publish(
        events.Event(
            name=events.Name.KNOWN_ISSUE_POSTED,
            at=issue.posted_at,
            dedupe_key=f"known-issue-posted:{issue.pk}:{issue.posted_at.timestamp():.6f}",
            title=f"Known issue {issue.pk} posted on the status page: {issue.title}",
            url=desk_url(issue),
            actor_id=posted_by.pk if posted_by is not None else None,
            data={
                "known_issue": issue.pk,
                "title": issue.title,
                "status": issue.status,
                "public_summary": issue.public_summary,
                "slug": issue.slug,
            },
        )
    )
