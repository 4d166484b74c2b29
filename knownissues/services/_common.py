"""Helpers shared by the known-issue services: permission checks and locking."""

from helpdesk.core.errors import NotFound, PermissionDenied
from tickets.models import Ticket

from ..models import KnownIssue


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"Only agents may {what}.")


def lock_issue(issue: KnownIssue | int) -> KnownIssue:
    """The known issue's row, locked for the rest of the transaction."""
    pk = issue.pk if isinstance(issue, KnownIssue) else issue
    try:
        return KnownIssue.objects.select_for_update().get(pk=pk)
    except KnownIssue.DoesNotExist:
        raise NotFound(f"Known issue {pk} was not found.") from None


def ticket_numbered(number) -> Ticket:
    """The ticket an agent named: ``1234`` or ``#1234``."""
    try:
        return Ticket.objects.get(pk=int(str(number).lstrip("#")))
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Ticket {number} was not found.") from None
