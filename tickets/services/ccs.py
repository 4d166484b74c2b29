"""Followers on the customer's side of a ticket (``TicketCC``): addresses copied on the public
replies (and the pending reminder), never on an internal note. Staff add and remove them; each
change leaves a system note on the timeline, which only staff see."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed

from ..models import Ticket, TicketCC
from ._common import _check_visible, _lock, record_event


def _check_staff(actor, ticket: Ticket) -> None:
    _check_visible(actor, ticket)
    if not roles.is_agent(actor):
        raise PermissionDenied("Only staff may change who is copied on a ticket.")


def _clean(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        problem = "Enter a valid email address."
        raise ValidationFailed(problem, fields={"email": [problem]}) from None
    return email


def _staff_address(email: str) -> bool:
    User = get_user_model()
    return any(
        roles.is_agent(user)
        for user in User.objects.filter(email__iexact=email, is_active=True).prefetch_related(
            "groups"
        )
    )


def refusal(ticket: Ticket, email: str) -> str | None:
    """Why ``email`` cannot be copied on ``ticket``, or None when it can: the one rule for the
    agent's form and for the CCs of a customer's email."""
    if email.lower() == (ticket.requester.email or "").lower():
        return "That is the requester's own address: they receive every reply already."
    if _staff_address(email):
        return f"{email} belongs to staff: staff follow the ticket on the desk instead."
    if ticket.ccs.filter(email__iexact=email).exists():
        return f"{email} is already copied on this ticket."
    return None


def add_cc(ticket: Ticket, email: str, *, actor) -> TicketCC:
    """Copy ``email`` on the ticket's public replies from now on."""
    _check_staff(actor, ticket)
    email = _clean(email)
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        problem = refusal(ticket, email)
        if problem:
            raise ValidationFailed(problem, fields={"email": [problem]})
        cc = TicketCC.objects.create(
            ticket=ticket, email=email, source=TicketCC.Source.AGENT, added_at=at
        )
        record_event(
            ticket, f"{actor.get_username()} copied {email} on the replies.", actor=actor, at=at
        )
    return cc


def add_ccs(ticket: Ticket, emails: Iterable[str], *, at: datetime) -> list[str]:
    """Copy the CCs of the customer's email on the ticket (seed 000's "the customer's best
    email"), in the caller's transaction. Addresses ``refusal`` turns down are left out.
    Returns the addresses added."""
    added: list[str] = []
    for raw in emails:
        email = (raw or "").strip()
        if not email or refusal(ticket, email):
            continue
        TicketCC.objects.create(
            ticket=ticket, email=email, source=TicketCC.Source.EMAIL, added_at=at
        )
        added.append(email)
    return added


def remove_cc(ticket: Ticket, email: str, *, actor) -> None:
    """Stop copying ``email`` (any case) on the ticket's replies."""
    _check_staff(actor, ticket)
    email = (email or "").strip()
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        deleted, _ = ticket.ccs.filter(email__iexact=email).delete()
        if not deleted:
            raise NotFound(f"{email or 'That address'} is not copied on this ticket.")
        record_event(ticket, f"{actor.get_username()} stopped copying {email}.", actor=actor, at=at)
