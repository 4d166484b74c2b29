"""The status machine: every allowed transition, and the ones that are refused."""

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from tickets.models import Ticket
from tickets.states import Status

S = Status
# (transition, sources it is allowed from, target) — the table of PRODUCT.md.
ALLOWED = {
    "set_pending": ({S.OPEN, S.WAITING_ON_CUSTOMER, S.ON_HOLD, S.REVIEW}, S.PENDING),
    "wait_on_customer": ({S.OPEN, S.PENDING, S.ON_HOLD, S.REVIEW}, S.WAITING_ON_CUSTOMER),
    "hold": ({S.OPEN, S.PENDING, S.WAITING_ON_CUSTOMER, S.REVIEW}, S.ON_HOLD),
    "request_review": ({S.OPEN, S.PENDING, S.WAITING_ON_CUSTOMER, S.ON_HOLD}, S.REVIEW),
    "resolve": ({S.OPEN, S.PENDING, S.WAITING_ON_CUSTOMER, S.ON_HOLD, S.REVIEW}, S.RESOLVED),
    "close": (set(S) - {S.CLOSED}, S.CLOSED),
    "reopen": (set(S) - {S.OPEN, S.PENDING}, S.OPEN),  # Pending offers no Reopen (issue 14)
    "customer_replied": (
        {S.PENDING, S.WAITING_ON_CUSTOMER, S.ON_HOLD, S.REVIEW, S.RESOLVED},
        S.OPEN,
    ),
    "auto_resolve": ({S.PENDING}, S.RESOLVED),
    "wait_expired": ({S.WAITING_ON_CUSTOMER}, S.OPEN),
    "hold_expired": ({S.ON_HOLD}, S.OPEN),
    "auto_close": ({S.RESOLVED}, S.CLOSED),
}
CASES = [
    (name, source, target if source in sources else None)
    for name, (sources, target) in ALLOWED.items()
    for source in S
]


def _call(ticket, name, now):
    method = getattr(ticket, name)
    if name == "hold":
        return method(at=now, until=now + timezone.timedelta(days=2))
    return method(at=now)


@pytest.mark.parametrize(("name", "source", "target"), CASES)
def test_transition_table(name, source, target):
    # Given a ticket in `source`
    ticket = Ticket(status=source)
    now = timezone.now()
    if target is None:
        # Then a transition not in the table is refused and the status stays
        with pytest.raises(TransitionNotAllowed):
            _call(ticket, name, now)
        assert ticket.status == source
    else:
        # When the transition runs, the ticket lands in its target and records when
        _call(ticket, name, now)
        assert ticket.status == target
        assert ticket.status_changed_at == now


def test_state_entry_fields_are_recorded_for_the_timers():
    now = timezone.now()
    ticket = Ticket(status=S.OPEN)
    ticket.set_pending(at=now)
    assert ticket.pending_since == now
    ticket.wait_on_customer(at=now)
    assert (ticket.pending_since, ticket.waiting_since) == (None, now)
    until = now + timezone.timedelta(days=5)
    ticket.hold(at=now, until=until)
    assert (ticket.waiting_since, ticket.hold_until) == (None, until)
    ticket.resolve(at=now)
    assert (ticket.hold_until, ticket.resolved_at) == (None, now)
    ticket.close(at=now)
    assert ticket.closed_at == now


def test_status_cannot_be_assigned_directly():
    ticket = Ticket(status=S.OPEN)
    with pytest.raises(AttributeError):
        ticket.status = S.CLOSED
