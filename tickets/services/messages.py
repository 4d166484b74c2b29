"""Messages on a ticket: public replies, internal notes, customer replies, system notes."""

from collections.abc import Sequence
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import notify, policies, signals, timers
from ..models import Message, Ticket
from ..states import MessageKind, Party, Status
from . import account_progress, alerts
from ._common import ReplyOutcome, _check_visible, _lock, _log, add_system_note, record_event
from .attachments import _save_attachments, validate_uploads
from .live import refuse_if_newer
from .submission import submit_ticket
from .transitions import _enter, _not_allowed


def post_message(
    ticket: Ticket,
    *,
    actor,
    kind: str | None,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    set_pending: bool = False,
) -> ReplyOutcome:
    """Route a message to the service for its kind, refusing kinds this user may not post."""
    _check_visible(actor, ticket)
    allowed = policies.message_kinds_user_may_post(actor)
    if kind is None:
        kind = MessageKind.CUSTOMER_REPLY if roles.is_customer(actor) else MessageKind.PUBLIC_REPLY
    if kind not in allowed:
        raise ValidationFailed(
            f"You may not post a message of kind {kind!r}.",
            fields={"kind": [f"Choose one of: {', '.join(sorted(allowed))}."]},
        )
    if kind == MessageKind.CUSTOMER_REPLY:
        return customer_reply(ticket, actor=actor, body=body, attachments=attachments)
    if kind == MessageKind.INTERNAL_NOTE:
        message = add_internal_note(ticket, actor=actor, body=body, attachments=attachments)
        return ReplyOutcome(message=message, ticket=message.ticket)
    return reply(ticket, actor=actor, body=body, attachments=attachments, set_pending=set_pending)


def note_linked_work(ticket: Ticket, *, actor, body: str, at: datetime) -> Message | None:
    """A line about work linked to the ticket (an engineering task) on its timeline: by the
    helpdesk (``actor`` None) or by staff a timeline event, by the customer their own words as
    a customer reply. A closed ticket keeps the customer's words without opening a
    follow-up ticket: the answer is about work already done. The caller holds its transaction.

    None only when ``ticket`` was closed after the caller read it: the customer's reply then
    opened a follow-up ticket, as any reply to a closed ticket does (``customer_reply``)."""
    if actor is None or not roles.is_customer(actor):
        message = record_event(ticket, body, actor=actor, at=at)
    elif ticket.status != Status.CLOSED:
        outcome = customer_reply(ticket, actor=actor, body=body)
        return outcome.message
    else:
        message = Message.objects.create(
            ticket=ticket, kind=MessageKind.CUSTOMER_REPLY, body=body, author=actor, created_at=at
        )
        Ticket.objects.filter(pk=ticket.pk).update(
            last_customer_activity_at=at, last_word=Party.CUSTOMER
        )
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=at)
    return message


def _require_body(body: str) -> None:
    if not (body or "").strip():
        raise ValidationFailed("The message is empty.", fields={"body": ["Write a message."]})


def reply(
    ticket: Ticket,
    *,
    actor,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    set_pending: bool = False,
    seen_message_id: int | None = None,
) -> ReplyOutcome:
    """An agent's public reply; with ``set_pending`` the ticket waits for the customer.
    ``seen_message_id``: the newest public message the agent's page showed; a newer one from
    someone else refuses the reply (``live.refuse_if_newer``)."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may write public replies.")
    _require_body(body)
    validate_uploads(attachments)
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        refuse_if_newer(ticket, actor=actor, seen_message_id=seen_message_id)
        message = Message.objects.create(
            ticket=ticket, kind=MessageKind.PUBLIC_REPLY, body=body, author=actor, created_at=at
        )
        _save_attachments(ticket, message, attachments, actor, at)
        first = ticket.first_response_at is None
        ticket.first_response_at = ticket.first_response_at or at
        ticket.last_staff_activity_at = at
        ticket.last_word = Party.STAFF
        ticket.updated_at = at
        if set_pending:
            if not policies.can_reply_and_set_pending(ticket):
                raise _not_allowed(ticket, "set_pending", actor)
            if ticket.status == Status.PENDING:
                # Answering again while Pending restarts the reminder clock.
                ticket.restart_pending(at)
                timers.arm(ticket, at)
            else:
                source = ticket.status
                _enter(ticket, "set_pending", at)
                _log(ticket, "set_pending", source, actor, "", at)
        ticket.save()
        if first:
            signals.first_response.send(
                sender=Ticket, ticket=ticket, message=message, at=at, actor=actor
            )
        notify.public_reply(ticket, message, at)
    return ReplyOutcome(message=message, ticket=ticket)


def add_internal_note(
    ticket: Ticket, *, actor, body: str, attachments: Sequence[UploadedFile] = ()
) -> Message:
    """A note only staff see; it does not change the status or who had the last word."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may write internal notes.")
    _require_body(body)
    validate_uploads(attachments)
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        message = Message.objects.create(
            ticket=ticket, kind=MessageKind.INTERNAL_NOTE, body=body, author=actor, created_at=at
        )
        _save_attachments(ticket, message, attachments, actor, at)
        ticket.updated_at = at
        ticket.save(update_fields=["updated_at"])
        named = alerts.mentioned(ticket, message, actor=actor, at=at)
        if named:
            signals.staff_mentioned.send(
                sender=Message, ticket=ticket, message=message, user_ids=named, actor=actor, at=at
            )
    return message


def customer_reply(
    ticket: Ticket, *, actor, body: str, attachments: Sequence[UploadedFile] = ()
) -> ReplyOutcome:
    """The customer answers. Pending / Waiting / Hold / Review / Resolved go back to Open; a
    reply to a Closed ticket opens a new ticket linked to it, and the customer is told so."""
    _check_visible(actor, ticket)
    if not roles.is_customer(actor):
        raise PermissionDenied("Only customers write customer replies.")
    _require_body(body)
    validate_uploads(attachments)
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if ticket.status == Status.CLOSED:
            new_ticket = submit_ticket(
                actor=actor,
                subject=ticket.subject,
                description=body,
                category=ticket.category,
                priority=ticket.priority,
                attachments=attachments,
                linked_from=ticket,
                at=at,
            )
            add_system_note(
                ticket,
                f"The customer replied after closing; that reply opened #{new_ticket.pk}.",
                at,
            )
            add_system_note(new_ticket, f"Opened by a customer reply to closed #{ticket.pk}.", at)
            alerts.customer_replied(new_ticket, None, actor=actor, at=at, told=ticket)
            return ReplyOutcome(message=None, ticket=new_ticket, opened_new_ticket=True)
        message = Message.objects.create(
            ticket=ticket, kind=MessageKind.CUSTOMER_REPLY, body=body, author=actor, created_at=at
        )
        _save_attachments(ticket, message, attachments, actor, at)
        ticket.last_customer_activity_at = at
        ticket.last_word = Party.CUSTOMER
        ticket.updated_at = at
        if can_proceed(ticket.customer_replied):
            # Back to Open: whatever countdown ran (reminder, auto-resolve, close) stops.
            source = ticket.status
            _enter(ticket, "customer_replied", at)
            _log(ticket, "customer_replied", source, actor, "", at)
        ticket.save()
        alerts.customer_replied(ticket, message, actor=actor, at=at)
        account_progress.customer_replied(ticket, message, actor=actor, at=at)
        signals.customer_replied.send(
            sender=Ticket, ticket=ticket, message=message, at=at, actor=actor
        )
    return ReplyOutcome(message=message, ticket=ticket)
