"""Reads of a ticket's findings: the desk's panel, and the part of a workaround a customer may
read (``TicketFindings``; the rules are ``tickets.services.findings``)."""

from dataclasses import dataclass
from datetime import datetime

from ..models import IntakeConfirmation, QuestionDiscussed, Ticket, TicketFindings
from ..states import Category


def intake_confirmation(ticket: Ticket) -> IntakeConfirmation | None:
    """The customer's answer about the intake summary, or None (no query after ``get_ticket``)."""
    return getattr(ticket, "intake_confirmation", None)


def needs_discussion(ticket: Ticket) -> bool:
    """Seed 001: a Question ticket not yet recorded as discussed with the customer."""
    if ticket.category != Category.QUESTION:
        return False
    return not QuestionDiscussed.objects.filter(ticket_id=ticket.pk).exists()


def findings_of(ticket: Ticket) -> TicketFindings | None:
    """The ticket's findings, or None: no query when the ticket came from ``get_ticket``."""
    return getattr(ticket, "findings", None)


@dataclass(frozen=True)
class Workaround:
    """What a customer may read of a temporary workaround: since when, and the words written
    for them (the findings' customer summary; never the cause or the internal fix)."""

    since: datetime | None
    text: str


def workaround_for_customer(ticket: Ticket) -> Workaround | None:
    """The workaround in place on the ticket, as its customer reads it; None when none is."""
    findings = findings_of(ticket)
    if findings is None or not findings.workaround_active:
        return None
    return Workaround(since=findings.workaround_since, text=findings.customer_summary)
