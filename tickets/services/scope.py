"""Out of scope (seed 000): paid support gives no functional advice, training or live coding.
``decline_out_of_scope`` sends the customer the polite reply for the reason, can route the
question to the organization's account manager (the functional consultant), and resolves the
ticket: one transaction. ``confirm_intake`` records the customer's answer about the intake
summary shown on the portal (seed 004); ``mark_discussed`` records that a Question was discussed
with the customer before work (seed 001)."""

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed

from .. import policies
from ..models import (
    DEFAULT_DECLINE_TEXTS,
    IntakeConfirmation,
    OrganizationProfile,
    OutOfScopeReason,
    OutOfScopeReply,
    QuestionDiscussed,
    Ticket,
)
from ..states import Category, Status
from ._common import _check_visible, _lock, record_event
from .messages import add_internal_note, customer_reply, reply
from .tags import change_tags
from .transitions import transition

OUT_OF_SCOPE_TAG = "Out of scope"


def decline_text(reason: str) -> str:
    """The reply for ``reason``: the admin's text, else the default."""
    configured = OutOfScopeReply.objects.filter(reason=reason).values_list("body", flat=True)
    return next(iter(configured), "") or DEFAULT_DECLINE_TEXTS[OutOfScopeReason(reason)]


def account_manager_of(ticket: Ticket):
    profile = (
        OrganizationProfile.objects.filter(organization_id=ticket.organization_id)
        .select_related("account_manager")
        .first()
    )
    return profile.account_manager if profile else None


def decline_out_of_scope(
    ticket: Ticket, *, actor, reason: str, route_to_account_manager: bool = False
) -> Ticket:
    """Decline a request support does not cover: the reason's reply goes to the customer
    (public), the ticket is tagged "Out of scope", with ``route_to_account_manager`` an internal
    note @mentions the organization's account manager (they are told), and the ticket is
    Resolved (the customer can still answer; it closes on its timer). Refused: not an agent
    (403), an unknown reason (400), routing when the organization has no account manager (400),
    a ticket already Resolved or Closed (409). Nothing is written when refused."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may decline a ticket as out of scope.")
    _check_visible(actor, ticket)
    if reason not in OutOfScopeReason.values:
        choices = ", ".join(label for _, label in OutOfScopeReason.choices)
        raise ValidationFailed(
            "Choose why the request is out of scope.",
            fields={"reason": [f"One of: {choices}."]},
        )
    label = OutOfScopeReason(reason).label
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if ticket.status in (Status.RESOLVED, Status.CLOSED):
            raise Conflict(
                f"Ticket #{ticket.pk} is {ticket.get_status_display()} already; nothing was sent.",
                current_status=ticket.status,
            )
        manager = account_manager_of(ticket) if route_to_account_manager else None
        if route_to_account_manager and manager is None:
            raise ValidationFailed(
                f"{ticket.organization.name} has no account manager: set one on the "
                "organization's profile, or decline without routing.",
                fields={"route_to_account_manager": ["The organization has no account manager."]},
            )
        body = decline_text(reason)
        if manager is not None:
            name = manager.get_full_name() or manager.get_username()
            body += f"\n\nWe have passed your question on to {name}, who will contact you."
        reply(ticket, actor=actor, body=body)
        change_tags(ticket, actor=actor, add=[OUT_OF_SCOPE_TAG])
        if manager is not None:
            add_internal_note(
                ticket,
                actor=actor,
                body=f"@{manager.get_username()} out of scope for support ({label.lower()}): "
                "please take the customer's question from here.",
            )
        return transition(ticket, actor=actor, name="resolve", comment=f"Out of scope: {label}.")


def confirm_intake(
    ticket: Ticket, *, actor, correct: bool, comment: str = ""
) -> IntakeConfirmation:
    """The customer says the intake summary is right, or what is wrong (required then). Once
    per ticket (409 the second time). "Something's wrong" is also posted as the customer's reply
    so the agent is told and answers it; "Yes" is a line on the timeline."""
    _check_visible(actor, ticket)
    if not policies.can_confirm_intake(actor, ticket):
        raise PermissionDenied("Only the ticket's customer may confirm its summary.")
    comment = (comment or "").strip()
    if not correct and not comment:
        raise ValidationFailed(
            "Say what is wrong in the summary.",
            fields={"comment": ["What should we correct?"]},
        )
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if IntakeConfirmation.objects.filter(ticket=ticket).exists():
            raise Conflict("You have answered about this summary already.")
        confirmation = IntakeConfirmation.objects.create(
            ticket=ticket, correct=correct, comment=comment, answered_by=actor, answered_at=at
        )
        if correct:
            record_event(ticket, "The customer confirmed the intake summary.", actor=actor, at=at)
        else:
            record_event(
                ticket, "The customer says the intake summary is wrong.", actor=actor, at=at
            )
            customer_reply(
                ticket, actor=actor, body=f"Something is wrong in the summary: {comment}"
            )
    return confirmation


def mark_discussed(ticket: Ticket, *, actor, note: str = "") -> QuestionDiscussed:
    """Seed 001: the agent records that the Question was discussed with the customer (a call,
    an email thread), which lets engineering work start. Only for Question tickets; once."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may record that a question was discussed.")
    _check_visible(actor, ticket)
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if ticket.category != Category.QUESTION:
            raise ValidationFailed(
                "Only Question tickets are discussed before work starts (seed 001)."
            )
        if QuestionDiscussed.objects.filter(ticket=ticket).exists():
            raise Conflict("This question is recorded as discussed already.")
        discussed = QuestionDiscussed.objects.create(
            ticket=ticket, note=(note or "").strip(), discussed_by=actor, discussed_at=at
        )
        line = "Discussed with the customer: work may start."
        if discussed.note:
            line += f" {discussed.note}"
        record_event(ticket, line, actor=actor, at=at)
    return discussed
