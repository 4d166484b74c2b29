"""The engineering task stage machine (PRODUCT.md, seeds 000 and 001): guards and state-entry
fields, no I/O. Mixed into ``Task``; the field is ``stage``.

Requirements → Development → UAT → Done, and Canceled from any open stage. For an organization
that uses MTP (its profile's ``uses_mtp`` when the task entered UAT), UAT OK → MTP and a lead's
release → Done. Every guard is a
condition with a ``refusal`` — the human sentence shown when it says no — so the services, the
API (409) and the kanban board all explain a refused move in the same words
(``refusals(task, name)``). Transition methods do not save; ``engineering.services`` calls them
inside a transaction on a locked row. ``custom["manual"]`` marks the transitions a person takes;
``custom["needs"]`` names what the person must say (a comment, who canceled).
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from django_fsm import Transition, transition

from helpdesk.core import roles

from .states import OPEN_STAGES, REVIVABLE_CANCELLATIONS, CanceledBy, KanbanState, Stage

S = Stage


# --- guards: each a condition with the sentence it says when it refuses ----------------------


def _refuses(message: Callable[["TaskWorkflow"], str]):
    """Give a condition its refusal sentence (``condition.refusal(task) -> str``)."""

    def decorate(condition):
        condition.refusal = message
        return condition

    return decorate


def _missing_billing(task) -> list[str]:
    missing = []
    if not task.billing_reference.strip():
        missing.append("billing reference / sale order line")
    if not task.subscription.strip():
        missing.append("subscription or support pack")
    if not task.ticket_id:
        missing.append("parent ticket")
    return missing


@_refuses(
    lambda task: (
        f"Task {task.pk} cannot leave Requirements: set the "
        f"{' and the '.join(_missing_billing(task))} first (without them the customer is "
        "not billed)."
    )
)
def billing_complete(task) -> bool:
    """Seed 000: Sale Order Line, Parent Task and Subscription are mandatory."""
    return not _missing_billing(task)


@_refuses(
    lambda task: (
        f"Task {task.pk} cannot leave Requirements: "
        + (
            "it has no time estimate yet. Estimate it and have the customer approve it "
            "(only top-priority tickets skip this)."
            if task.estimate_hours is None
            else f"the customer has not approved the estimate of {task.estimate_hours} h yet "
            "(only top-priority tickets skip this)."
        )
    )
)
def estimate_approved(task) -> bool:
    """Seed 001: unless top priority, the customer approved the time estimate."""
    if task.is_top_priority:
        return True
    return task.estimate_hours is not None and task.estimate_approved_at is not None


@_refuses(
    lambda task: (
        f"Task {task.pk} is blocked ({task.blocked_reason}). Clear the blocked state first."
    )
)
def not_blocked(task) -> bool:
    """Seed 000: red means something stops the task from moving forward."""
    return task.kanban_state != KanbanState.BLOCKED


@_refuses(
    lambda task: (
        f"Task {task.pk} was canceled by "
        f"{CanceledBy(task.canceled_by).label.lower() if task.canceled_by else 'nobody known'}"
        ": only a task the customer or the consultant canceled can be revived. Speak to the "
        "process leader who canceled it."
    )
)
def revivable(task) -> bool:
    """Seed 000: Canceled → Requirements/Development only if customer or consultant canceled."""
    return task.canceled_by in REVIVABLE_CANCELLATIONS


@_refuses(
    lambda task: (
        f"Task {task.pk} is still Unapproved (grey): the Process Leader (a lead) reviews it and "
        "sets it Ready before development starts."
    )
)
def reviewed(task) -> bool:
    """Seed 000: the Process Leader reviews the task (grey Unapproved → green Ready)."""
    return task.kanban_state != KanbanState.UNAPPROVED


READY_FOR_DEVELOPMENT = [reviewed, billing_complete, estimate_approved, not_blocked]


# --- routes: which of two "UAT OK" transitions applies. A route is a condition too, so a wrong
# one is refused with its sentence, but the board and the task page offer only the route that
# applies (``route = True``: ``engineering.selectors.moves`` hides it when it says no).


def _route(condition):
    condition.route = True
    return condition


@_route
@_refuses(
    lambda task: (
        f"Task {task.pk} goes to production through MTP (its organization's setting when it "
        "entered UAT): its UAT OK is accept_uat_to_mtp, and a lead releases it."
    )
)
def released_directly(task) -> bool:
    """The organization does not use MTP: UAT OK is Done (``release_via_mtp`` off)."""
    return not task.release_via_mtp


@_route
@_refuses(
    lambda task: (
        f"Task {task.pk} does not go through MTP (its organization had no MTP stage when it "
        "entered UAT): its UAT OK is accept_uat, straight to Done."
    )
)
def released_via_mtp(task) -> bool:
    """Seed 001: the organization uses MTP; UAT OK waits there for the lead's release."""
    return bool(task.release_via_mtp)


def refusals(task, name: str) -> list[str]:
    """Why transition ``name`` may not be taken from the task's stage now (empty: it may)."""
    for item in task.get_all_stage_transitions():
        if item.name == name and item.source in (task.stage, "*"):
            return [c.refusal(task) for c in item.conditions if not c(task)]
    return []


# --- permissions --------------------------------------------------------------------------


def staff_only(instance, user) -> bool:
    return roles.is_agent(user)


def staff_or_customer(instance, user) -> bool:
    """The customer answers UAT; a consultant may relay the customer's answer."""
    return roles.is_agent(user) or roles.is_customer(user)


def lead_only(instance, user) -> bool:
    """Seed 001: the support tech lead merges to production and closes the task."""
    return roles.is_lead(user)


def system_only(instance, user) -> bool:
    return False


class TaskWorkflow:
    """Mixed into ``Task``; the field is ``stage``."""

    # The model's fields the transitions and the refusal sentences read and set (declared here
    # for the type checker).
    pk: Any
    stage: str
    stage_changed_at: datetime
    planned_at: datetime | None
    uat_since: datetime | None
    uat_done_at: datetime | None
    canceled_by: str
    blocked_reason: str
    kanban_state: str
    estimate_hours: Decimal | None
    release_via_mtp: bool
    # Added to the model by ``FSMField`` (django-fsm) for the ``stage`` field.
    get_all_stage_transitions: Callable[[], Iterator[Transition]]
    get_available_stage_transitions: Callable[[], Iterator[Transition]]

    def _entered(self, at: datetime) -> None:
        """Leaving a stage stops its timer; each transition sets the new stage's fields."""
        self.stage_changed_at = at
        self.uat_since = None
        self.uat_done_at = None
        self.canceled_by = ""

    def _join_queue(self, at: datetime, *, keep_place: bool) -> None:
        """Development is FIFO on ``planned_at``; rework keeps the place it had."""
        if not (keep_place and self.planned_at):
            self.planned_at = at

    # --- taken by staff -----------------------------------------------------------------------
    @transition(
        field="stage",
        source=S.REQUIREMENTS,
        target=S.DEVELOPMENT,
        conditions=READY_FOR_DEVELOPMENT,
        permission=staff_only,
        custom={"manual": True, "label": "Start development"},
    )
    def start_development(self, at: datetime) -> None:
        self._entered(at)
        self._join_queue(at, keep_place=False)

    @transition(
        field="stage",
        source=S.DEVELOPMENT,
        target=S.UAT,
        conditions=[not_blocked],
        permission=staff_only,
        custom={"manual": True, "label": "Send to UAT", "needs": "comment"},
    )
    def send_to_uat(self, at: datetime, done_at: datetime, via_mtp: bool = False) -> None:
        """``done_at``: when it moves to Done without an answer; ``via_mtp``: whether its UAT OK
        goes to MTP (both from the organization's profile: the service reads them)."""
        self._entered(at)
        self.uat_since = at
        self.uat_done_at = done_at
        self.release_via_mtp = via_mtp

    @transition(
        field="stage",
        source=S.DEVELOPMENT,
        target=S.DONE,
        permission=staff_only,
        custom={"manual": True, "label": "Mark done"},
    )
    def finish(self, at: datetime) -> None:
        """Work that needs no customer test (an answered technical call or email)."""
        self._entered(at)

    @transition(
        field="stage",
        source=S.DONE,
        target=S.DEVELOPMENT,
        permission=staff_only,
        custom={"manual": True, "label": "Related follow-up", "needs": "comment"},
    )
    def follow_up(self, at: datetime) -> None:
        """Seed 000: only for a follow-up related to the original request, with a reason."""
        self._entered(at)
        self._join_queue(at, keep_place=False)

    @transition(
        field="stage",
        source=sorted(OPEN_STAGES),
        target=S.CANCELED,
        permission=staff_only,
        custom={"manual": True, "label": "Cancel", "needs": "canceled_by"},
    )
    def cancel(self, at: datetime, by: str) -> None:
        self._entered(at)
        self.canceled_by = by

    @transition(
        field="stage",
        source=S.CANCELED,
        target=S.REQUIREMENTS,
        conditions=[revivable],
        permission=staff_only,
        custom={"manual": True, "label": "Revive to Requirements"},
    )
    def revive(self, at: datetime) -> None:
        self._entered(at)
        self.planned_at = None

    @transition(
        field="stage",
        source=S.CANCELED,
        target=S.DEVELOPMENT,
        conditions=[revivable, *READY_FOR_DEVELOPMENT],
        permission=staff_only,
        custom={"manual": True, "label": "Revive to Development"},
    )
    def revive_to_development(self, at: datetime) -> None:
        self._entered(at)
        self._join_queue(at, keep_place=False)

    # --- the customer's UAT answer (or a consultant relaying it) ------------------------------
    @transition(
        field="stage",
        source=S.UAT,
        target=S.DONE,
        conditions=[released_directly],
        permission=staff_or_customer,
        custom={"manual": True, "label": "UAT OK"},
    )
    def accept_uat(self, at: datetime) -> None:
        self._entered(at)

    @transition(
        field="stage",
        source=S.UAT,
        target=S.MTP,
        conditions=[released_via_mtp],
        permission=staff_or_customer,
        custom={"manual": True, "label": "UAT OK"},
    )
    def accept_uat_to_mtp(self, at: datetime) -> None:
        """Seed 001: the customer's OK moves the task to MTP; a lead releases it."""
        self._entered(at)

    # --- Move to production (seed 001), for organizations that use it ------------------------
    @transition(
        field="stage",
        source=S.MTP,
        target=S.DONE,
        permission=lead_only,
        custom={"manual": True, "label": "Released to production"},
    )
    def release(self, at: datetime) -> None:
        """The tech lead merged and upgraded production; the customer is told (the service)."""
        self._entered(at)

    @transition(
        field="stage",
        source=S.MTP,
        target=S.DEVELOPMENT,
        permission=staff_only,
        custom={"manual": True, "label": "Back to Development", "needs": "comment"},
    )
    def return_to_development(self, at: datetime) -> None:
        """The release cannot go out (a merge conflict, a failed upgrade): rework, keeping the
        task's place in the queue."""
        self._entered(at)
        self._join_queue(at, keep_place=True)

    @transition(
        field="stage",
        source=S.UAT,
        target=S.DEVELOPMENT,
        permission=staff_or_customer,
        custom={"manual": True, "label": "UAT NOT OK", "needs": "comment"},
    )
    def reject_uat(self, at: datetime) -> None:
        """Seed 001: back to "task planned", keeping its place in the queue."""
        self._entered(at)
        self._join_queue(at, keep_place=True)

    # --- taken by the system ------------------------------------------------------------------
    @transition(
        field="stage",
        source=S.UAT,
        target=S.DONE,
        permission=system_only,
        custom={"label": "Done automatically (no UAT answer)"},
    )
    def auto_done(self, at: datetime) -> None:
        self._entered(at)
