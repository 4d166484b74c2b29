"""The ticket status machine (PRODUCT.md, seed 003): guards and state-entry fields, no I/O.

Transition methods do not save; the services in ``tickets.services`` call them inside a
transaction on a locked row. ``custom["manual"]`` marks the transitions a person may take from
the desk, API or admin; the others are taken by the system (a customer reply, the timers).
"""

from datetime import datetime

from django_fsm import transition

from helpdesk.core import roles

from .states import Status

S = Status


def staff_only(instance, user) -> bool:
    return roles.is_agent(user)


def system_only(instance, user) -> bool:
    return False


class TicketWorkflow:
    """Mixed into ``Ticket``; the field is ``status``."""

    # The model's fields the transitions read and set (declared here for the type checker).
    status: str
    status_changed_at: datetime
    pending_since: datetime | None
    waiting_since: datetime | None
    hold_until: datetime | None
    reminder_sent_at: datetime | None
    remind_at: datetime | None
    auto_resolve_at: datetime | None
    wait_until: datetime | None
    close_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None

    def _entered(self, at: datetime) -> None:
        """Leaving a status stops its timers; the service arms the new status's (timers.arm)."""
        self.status_changed_at = at
        self.pending_since = None
        self.waiting_since = None
        self.hold_until = None
        self.reminder_sent_at = None
        self.remind_at = None
        self.auto_resolve_at = None
        self.wait_until = None
        self.close_at = None

    def restart_pending(self, at: datetime) -> None:
        """Answered again while Pending: a new Pending spell (and reminder countdown) starts.

        Not a transition (the status stays); the service arms the new countdown.
        """
        if self.status != S.PENDING:
            raise ValueError("restart_pending needs a Pending ticket")
        self._entered(at)
        self.pending_since = at

    # --- taken by staff -------------------------------------------------------------------
    @transition(
        field="status",
        source=[S.OPEN, S.WAITING_ON_CUSTOMER, S.ON_HOLD, S.REVIEW],
        target=S.PENDING,
        permission=staff_only,
        custom={"manual": True, "label": "Set Pending"},
    )
    def set_pending(self, at: datetime) -> None:
        self._entered(at)
        self.pending_since = at

    @transition(
        field="status",
        source=[S.OPEN, S.PENDING, S.ON_HOLD, S.REVIEW],
        target=S.WAITING_ON_CUSTOMER,
        permission=staff_only,
        custom={"manual": True, "label": "Wait on Customer"},
    )
    def wait_on_customer(self, at: datetime) -> None:
        self._entered(at)
        self.waiting_since = at

    @transition(
        field="status",
        source=[S.OPEN, S.PENDING, S.WAITING_ON_CUSTOMER, S.REVIEW],
        target=S.ON_HOLD,
        permission=staff_only,
        custom={"manual": True, "label": "Hold", "needs": "hold_days"},
    )
    def hold(self, at: datetime, until: datetime) -> None:
        self._entered(at)
        self.hold_until = until

    @transition(
        field="status",
        source=[S.OPEN, S.PENDING, S.WAITING_ON_CUSTOMER, S.ON_HOLD],
        target=S.REVIEW,
        permission=staff_only,
        custom={"manual": True, "label": "Send to Review", "needs": "comment"},
    )
    def request_review(self, at: datetime) -> None:
        self._entered(at)

    @transition(
        field="status",
        source=[S.OPEN, S.PENDING, S.WAITING_ON_CUSTOMER, S.ON_HOLD, S.REVIEW],
        target=S.RESOLVED,
        permission=staff_only,
        custom={"manual": True, "label": "Resolve"},
    )
    def resolve(self, at: datetime) -> None:
        self._entered(at)
        self.resolved_at = at

    @transition(
        field="status",
        source=[S.OPEN, S.PENDING, S.WAITING_ON_CUSTOMER, S.ON_HOLD, S.REVIEW, S.RESOLVED],
        target=S.CLOSED,
        permission=staff_only,
        custom={"manual": True, "label": "Close"},
    )
    def close(self, at: datetime) -> None:
        self._entered(at)
        self.closed_at = at

    @transition(
        field="status",
        # Not from Pending: the ticket is not closed, the agent is waiting on their own answer;
        # a customer reply (or Resolve, Hold...) moves it on.
        source=[S.WAITING_ON_CUSTOMER, S.ON_HOLD, S.REVIEW, S.RESOLVED, S.CLOSED],
        target=S.OPEN,
        permission=staff_only,
        custom={"manual": True, "label": "Reopen"},
    )
    def reopen(self, at: datetime) -> None:
        self._entered(at)
        self.resolved_at = None
        self.closed_at = None

    # --- taken by the system --------------------------------------------------------------
    @transition(
        field="status",
        source=[S.PENDING, S.WAITING_ON_CUSTOMER, S.ON_HOLD, S.REVIEW, S.RESOLVED],
        target=S.OPEN,
        permission=system_only,
        custom={"label": "Customer replied"},
    )
    def customer_replied(self, at: datetime) -> None:
        self._entered(at)
        self.resolved_at = None

    @transition(
        field="status",
        source=[S.PENDING, S.WAITING_ON_CUSTOMER],
        target=S.OPEN,
        permission=system_only,
        custom={"label": "Escalated: the next tier works on it"},
    )
    def escalated(self, at: datetime) -> None:
        self._entered(at)

    @transition(
        field="status",
        source=S.PENDING,
        target=S.RESOLVED,
        permission=system_only,
        custom={"label": "Resolved automatically (no reply after reminder)"},
    )
    def auto_resolve(self, at: datetime) -> None:
        self._entered(at)
        self.resolved_at = at

    @transition(
        field="status",
        source=S.WAITING_ON_CUSTOMER,
        target=S.OPEN,
        permission=system_only,
        custom={"label": "Wait expired"},
    )
    def wait_expired(self, at: datetime) -> None:
        self._entered(at)

    @transition(
        field="status",
        source=S.ON_HOLD,
        target=S.OPEN,
        permission=system_only,
        custom={"label": "Hold expired"},
    )
    def hold_expired(self, at: datetime) -> None:
        self._entered(at)

    @transition(
        field="status",
        source=S.RESOLVED,
        target=S.CLOSED,
        permission=system_only,
        custom={"label": "Closed automatically"},
    )
    def auto_close(self, at: datetime) -> None:
        self._entered(at)
        self.closed_at = at
