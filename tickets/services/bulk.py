"""One action on many tickets at once: the desk queue's bulk bar and ``POST /api/tickets/bulk/``.

Each ticket goes through the same service as on its own page (``assign``, ``take``,
``change_tags``, ``transition``) in its own transaction: a ticket the service refuses (a status
the transition does not leave from, a ticket someone else holds, an agent who may not hold it)
keeps every row as it was and is reported with the service's reason, while the others apply.
What no ticket could take (an unknown action, no agent, no tag, Close without its reason, too
many tickets) is refused before any ticket is touched.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction

from helpdesk.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed

from .. import policies
from ..models import Ticket
from ..selectors import tickets_visible_to
from .assignment import assign, check_assignee, take
from .tags import change_tags, clean_tag_names
from .transitions import check_request, close_reason_problem, transition

# Past this, the queue's page of 50 is long behind: narrow the filters instead.
MAX_BULK_TICKETS = 200


class BulkAction(StrEnum):
    ASSIGN = "assign"
    TAKE = "take"
    ADD_TAGS = "add_tags"
    REMOVE_TAGS = "remove_tags"
    TRANSITION = "transition"


@dataclass(frozen=True)
class BulkRow:
    """One ticket's outcome: applied (``error`` None; ``ticket`` as the service left it) or
    refused with the service's error, its ``message`` the reason a person reads."""

    number: int
    error: DomainError | None = None
    ticket: Ticket | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BulkResult:
    """Every ticket asked for, in the order asked (each number once)."""

    action: BulkAction
    rows: tuple[BulkRow, ...]

    @property
    def applied(self) -> list[BulkRow]:
        return [row for row in self.rows if row.ok]

    @property
    def refused(self) -> list[BulkRow]:
        return [row for row in self.rows if not row.ok]


def _numbers(tickets: Iterable[int]) -> list[int]:
    try:
        numbers = list(dict.fromkeys(int(number) for number in tickets))
    except (TypeError, ValueError):
        raise ValidationFailed(
            "Tickets are given by their numbers.", fields={"tickets": ["Not ticket numbers."]}
        ) from None
    if not numbers:
        raise ValidationFailed(
            "Select at least one ticket.", fields={"tickets": ["No ticket was selected."]}
        )
    if len(numbers) > MAX_BULK_TICKETS:
        raise ValidationFailed(
            f"At most {MAX_BULK_TICKETS} tickets at once, and {len(numbers)} were selected: "
            "narrow the selection.",
            fields={"tickets": [f"At most {MAX_BULK_TICKETS}."]},
        )
    return numbers


def apply_bulk(
    tickets: Iterable[int],
    *,
    actor,
    action: str,
    assignee=None,
    tags: Iterable[str] = (),
    transition_name: str = "",
    comment: str = "",
    hold_days: int | None = None,
) -> BulkResult:
    """Apply ``action`` to the tickets numbered ``tickets`` (at most ``MAX_BULK_TICKETS``).

    ``assignee`` for ``assign``; ``tags`` (names) for ``add_tags`` and ``remove_tags``;
    ``transition_name`` (a manual transition), ``comment`` and ``hold_days`` for
    ``transition`` — Close needs its reason in ``comment``, as on the desk. A ticket the actor
    may not see is "not found", in the words of a missing one. Raises ``PermissionDenied``
    for someone who is not an agent and ``ValidationFailed`` for a request no ticket could
    take; then nothing was written.
    """
    if not policies.can_act_in_bulk(actor):
        raise PermissionDenied("Only agents change tickets in bulk.")
    numbers = _numbers(tickets)
    try:
        chosen = BulkAction(action)
    except ValueError:
        names = ", ".join(item.value for item in BulkAction)
        raise ValidationFailed(
            f"Unknown action {action!r}.", fields={"action": [f"Choose one of: {names}."]}
        ) from None
    apply = _prepare(
        chosen,
        actor=actor,
        assignee=assignee,
        tags=tags,
        name=transition_name,
        comment=comment,
        hold_days=hold_days,
    )
    found = tickets_visible_to(actor).in_bulk(numbers)
    rows = []
    for number in numbers:
        ticket = found.get(number)
        if ticket is None:
            # The words of selectors.get_ticket: a ticket hidden from the actor reads as missing.
            rows.append(BulkRow(number, NotFound(f"Ticket {number} was not found.")))
            continue
        try:
            with transaction.atomic():  # a savepoint inside a caller's transaction
                rows.append(BulkRow(number, ticket=apply(ticket)))
        except DomainError as error:
            rows.append(BulkRow(number, error))
    return BulkResult(action=chosen, rows=tuple(rows))


def _prepare(
    action: BulkAction, *, actor, assignee, tags, name, comment, hold_days
) -> Callable[[Ticket], Ticket]:
    """Check what the action needs, once for every ticket; return what to do to one ticket."""
    if action == BulkAction.ASSIGN:
        if assignee is None:
            raise ValidationFailed(
                "Choose the agent to assign the tickets to.",
                fields={"assignee": ["Choose an agent."]},
            )
        check_assignee(assignee)
        return lambda ticket: assign(ticket, actor=actor, assignee=assignee)
    if action == BulkAction.TAKE:
        return lambda ticket: take(ticket, actor=actor)
    if action in (BulkAction.ADD_TAGS, BulkAction.REMOVE_TAGS):
        names = clean_tag_names(tags)
        if not names:
            raise ValidationFailed("Type at least one tag.", fields={"tags": ["No tag."]})
        if action == BulkAction.ADD_TAGS:
            return lambda ticket: change_tags(ticket, actor=actor, add=names).ticket
        return lambda ticket: change_tags(ticket, actor=actor, remove=names).ticket
    if not name:
        raise ValidationFailed(
            "Choose the status to move the tickets to.",
            fields={"transition": ["Choose a transition."]},
        )
    check_request(name, comment=comment, hold_days=hold_days)
    if problem := close_reason_problem(name, comment):
        raise ValidationFailed(problem, fields={"comment": [problem]})
    return lambda ticket: transition(
        ticket, actor=actor, name=name, comment=comment, hold_days=hold_days
    )
