"""The On-Call acknowledgement chain as state-based sweeps (helpdesk.core.sweeps).

An alert waits with ``page_at`` set; the page sweep pages and moves it to Paged with
``contact_at``; the contact-list sweep notifies the list and moves it to Contacted.
Acknowledging moves it out of both sweeps. ``escalation.tasks`` runs them every minute.
"""

from helpdesk.core.sweeps import Sweep

from . import services
from .models import OnCallAlert
from .states import AlertState


class PageOnCall(Sweep):
    """Not acknowledged within the tier's ``page_after_minutes``: page on-call and escalators."""

    name = "escalation.page_on_call"
    model = OnCallAlert
    due_field = "page_at"
    state_field = "state"
    states = (AlertState.WAITING,)

    def apply(self, alert, now):
        services.page(alert, at=now)


class NotifyContactList(Sweep):
    """Still nothing ``contact_list_after_minutes`` after the page: the contact list."""

    name = "escalation.notify_contact_list"
    model = OnCallAlert
    due_field = "contact_at"
    state_field = "state"
    states = (AlertState.PAGED,)

    def apply(self, alert, now):
        services.notify_contact_list(alert, at=now)


SWEEPS = (PageOnCall, NotifyContactList)


def run_on_call_chain(now=None) -> int:
    """Both steps, page first: an alert overdue for both (a beat outage) goes out in order."""
    return sum(sweep().run(now=now).applied for sweep in SWEEPS)


def run_previous_t3_nudge(now=None) -> int:
    """Seed 003-22: nudge last week's T3 about tickets still theirs and silent for a business
    day. Not a ``Sweep`` subclass: the due instant depends on the week and the rota, so it is
    computed in the query (``selectors.rota.waiting_on_previous_t3``) over the few tickets in
    T3 assigned to a previous T3; a ``T3Nudge`` row per ticket and week is the idempotence."""
    return services.nudge_previous_t3(now)


def run_progress_reminders(now=None) -> int:
    """Seed 004-04: remind assignees of Open tickets whose customer has heard nothing for the
    tier's progress-update period. Not a ``Sweep`` subclass for the same reason as the T3
    nudge: the due instant depends on the tier's business days and the last public reply, so
    it is computed in the query (``selectors.progress.progress_update_due``); a
    ``ProgressReminder`` row per ticket and day is the idempotence."""
    return services.remind_progress_updates(now)
