"""T4's verification of a bug T3 found (seed 003-23/28), and the day its fix goes out (003-65).

Verifying records who and when and the verifier's decision: an on-call hotfix (urgent, isolated,
low risk) or the normal bug flow. Only T4 (members of T4 or a tier above it) and leads verify
(``policies.verifier_refusal``). Verifying again changes the decision and says who changed it
last; the first verification's time is kept only in the issue's history (its updated time).
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import policies
from ..models import KnownIssue
from ..states import FixPath, IssueStatus
from ._common import lock_issue, require


def verify_issue(
    issue: KnownIssue | int, *, actor, fix_path: str, at: datetime | None = None
) -> KnownIssue:
    """T4 verifies the bug and decides: on-call hotfix or normal bug flow."""
    refusal = policies.verifier_refusal(actor)
    if refusal:
        raise PermissionDenied(refusal)
    if fix_path not in FixPath.values:
        choices = " or ".join(label for _, label in FixPath.choices)
        raise ValidationFailed(
            "Choose how the bug is fixed.", fields={"fix_path": [f"Choose {choices}."]}
        )
    at = at or timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        if issue.status == IssueStatus.RESOLVED:
            raise ValidationFailed(
                f"Known issue {issue.pk} is Resolved: there is no bug left to verify.",
                fields={"fix_path": ["Reopen the issue first."]},
            )
        issue.verified_by = actor
        issue.verified_at = at
        issue.fix_path = fix_path
        issue.updated_at = at
        issue.save(update_fields=["verified_by", "verified_at", "fix_path", "updated_at"])
    return issue


def schedule_fix(
    issue: KnownIssue | int, *, actor, release_date: date | None, at: datetime | None = None
) -> KnownIssue:
    """Set (or clear, with None) the day the fix is released: the Changing of the Guard page
    lists it under "changes going out" that week. Only for a verified bug."""
    require(policies.may_manage(actor), "schedule fixes")
    at = at or timezone.now()
    with transaction.atomic():
        issue = lock_issue(issue)
        if release_date is not None and issue.verified_at is None:
            raise ValidationFailed(
                f"Known issue {issue.pk} is not verified yet: T4 verifies the bug and decides "
                "how it is fixed before a release is scheduled.",
                fields={"fix_release_date": ["Verify the bug first."]},
            )
        issue.fix_release_date = release_date
        issue.updated_at = at
        issue.save(update_fields=["fix_release_date", "updated_at"])
    return issue
