"""The ticket timers (PRODUCT.md's lifecycle table), each a sweep over one indexed due instant.

Each ``apply`` calls the service that does the work on the row the sweep holds locked; the
service writes the transition, the timeline entries and the outbox row in the sweep's batch
transaction. ``tickets.tasks`` runs these every minute (django-celery-beat).
"""

from helpdesk.core.sweeps import Sweep

from . import services
from .models import Ticket
from .states import Status


class PendingReminder(Sweep):
    """Pending for the reminder's duration: one reminder email, then the auto-resolve countdown."""

    name = "tickets.pending_reminder"
    model = Ticket
    due_field = "remind_at"
    states = (Status.PENDING,)

    select_related = ("requester",)  # the email goes to them
    prefetch_related = ("ccs",)  # … and to the followers copied on it

    def apply(self, ticket, now):
        services.send_pending_reminder(ticket, at=now)


class PendingAutoResolve(Sweep):
    """Still no reply the policy's days after the reminder: Resolved, with a system note."""

    name = "tickets.pending_auto_resolve"
    model = Ticket
    due_field = "auto_resolve_at"
    states = (Status.PENDING,)

    select_related = ("requester",)  # the email goes to them

    def apply(self, ticket, now):
        services.auto_resolve(ticket, at=now)


class WaitingExpiry(Sweep):
    """Waiting on Customer for the policy's days: back to Open, no email."""

    name = "tickets.waiting_expiry"
    model = Ticket
    due_field = "wait_until"
    states = (Status.WAITING_ON_CUSTOMER,)

    def apply(self, ticket, now):
        services.expire_wait(ticket, at=now)


class HoldExpiry(Sweep):
    """``hold_until`` passed: back to Open, with an internal note."""

    name = "tickets.hold_expiry"
    model = Ticket
    due_field = "hold_until"
    states = (Status.ON_HOLD,)

    def apply(self, ticket, now):
        services.expire_hold(ticket, at=now)


class AutoClose(Sweep):
    """Resolved for the policy's days: Closed, and the customer is told."""

    name = "tickets.auto_close"
    model = Ticket
    due_field = "close_at"
    states = (Status.RESOLVED,)

    select_related = ("requester",)  # the email goes to them

    def apply(self, ticket, now):
        services.auto_close(ticket, at=now)


SWEEPS = (PendingReminder, PendingAutoResolve, WaitingExpiry, HoldExpiry, AutoClose)
