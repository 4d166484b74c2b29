"""Seed 003-74: a lead tells the customers a known issue may affect who have not filed a ticket
about it (``selectors.unfiled_audience``). Each customer is told once per known issue: the
outbox's dedupe key names the issue and the customer, so a second send tells only the newcomers.

Privacy: the email carries the issue's public name and the lead's text, checked like a status
page text (no customer, organization, address or ticket number of a linked ticket); it never
names a ticket, so no customer learns of another's."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.core.links import absolute_url
from helpdesk.notifications import services as outbox
from helpdesk.notifications.models import Notification

from .. import policies, selectors
from ..models import KnownIssue
from ._common import lock_issue

NOTICE_KIND = "known_issue_notice"
MESSAGE_MAX = 4000


@dataclass(frozen=True)
class NoticeResult:
    sent: int
    already_told: int


def notice_key(issue_pk: int, user_pk: int) -> str:
    return f"known-issue-notice:{issue_pk}:{user_pk}"


def notify_unfiled(
    issue: KnownIssue, *, actor, message: str, at: datetime | None = None
) -> NoticeResult:
    """Email ``message`` about ``issue`` to every customer of an affected organization who has
    not filed a linked ticket and was not told before. Leads only; an empty message, a text
    naming a linked ticket's customer, or nobody to tell is refused, nothing written."""
    if not policies.may_notify_affected(actor):
        raise PermissionDenied("Only leads may tell the affected customers.")
    message = (message or "").strip()
    if not message:
        raise ValidationFailed(
            "Write what the customers should know.", fields={"message": ["Write the message."]}
        )
    if len(message) > MESSAGE_MAX:
        raise ValidationFailed(
            "The message is too long.", fields={"message": [f"At most {MESSAGE_MAX} characters."]}
        )
    at = at or timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        leaked = selectors.leaked_names(issue, f"{issue.public_name}\n{message}")
        if leaked:
            raise ValidationFailed(
                f"The message names a linked ticket's customer or number: {', '.join(leaked)}.",
                fields={"message": ["Remove every customer name, address and ticket number."]},
            )
        audience = list(selectors.unfiled_audience(issue).values_list("pk", "email"))
        keys = {pk: notice_key(issue.pk, pk) for pk, _ in audience}
        told = set(
            Notification.objects.filter(dedupe_key__in=list(keys.values())).values_list(
                "dedupe_key", flat=True
            )
        )
        if not audience:
            raise ValidationFailed(
                "Nobody to tell: every customer of the affected organizations filed a ticket, "
                "or no ticket is linked yet.",
                fields={"message": ["No customer to tell."]},
            )
        subject = f"Known issue: {issue.public_name}"
        body = (
            f"{message}\n\n"
            f"We are working on it: {issue.public_name}. You do not need to open a ticket; "
            f"follow it on our status page: {absolute_url('status-page')}\n"
        )
        fresh = [(pk, email) for pk, email in audience if keys[pk] not in told]
        outbox.enqueue_many(
            [
                outbox.Outgoing(
                    kind=NOTICE_KIND,
                    recipient=email,
                    subject=subject,
                    body_text=body,
                    dedupe_key=keys[pk],
                )
                for pk, email in fresh
            ],
            at=at,
        )
    return NoticeResult(sent=len(fresh), already_told=len(audience) - len(fresh))
