"""Moving a ticket between tier queues, and messages between tickets (escalation's writes)."""

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import signals
from ..models import Attachment, Message, Ticket
from ..states import MessageKind, Party
from ._common import _check_visible, _lock, record_event


def move_to_tier(ticket: Ticket, *, actor, tier, note: str = "", at=None) -> Ticket:
    """Put the ticket in another tier's queue, unassigned, so that tier picks it up.

    The escalation app decides when and why (escalate up or down, split); this is the one write
    of ``Ticket.tier``, so SLA clocks and the timeline follow every move.
    """
    _check_visible(actor, ticket)
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents move tickets between tiers.")
    at = at or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if ticket.tier_id == tier.pk:
            raise ValidationFailed(
                f"Ticket #{ticket.pk} is already in {tier}.", fields={"tier": ["Same tier."]}
            )
        source = ticket.tier
        ticket.tier = tier
        ticket.assignee = None
        ticket.updated_at = at
        ticket.save(update_fields=["tier", "assignee", "updated_at"])
        body = f"Moved from {source} to {tier} by {actor.get_username()}."
        record_event(ticket, f"{body}\n\n{note}".strip(), actor=actor, at=at)
        signals.ticket_changed.send(sender=Ticket, ticket=ticket, at=at)
    return ticket


def move_messages(source: Ticket, target: Ticket, *, actor, message_ids, at=None) -> int:
    """Move messages (with their attachments) from ``source`` to ``target``: the write behind
    escalation's split. System notes and timeline events stay. Who had the last word is
    recomputed on both."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents move messages between tickets.")
    if source.pk == target.pk:
        raise ValidationFailed("Choose another ticket to move the messages to.")
    at = at or timezone.now()
    wanted = {int(pk) for pk in message_ids}
    with transaction.atomic():
        for pk in sorted([source.pk, target.pk]):  # one lock order everywhere: no deadlock
            _lock(pk)
        moving = list(
            Message.objects.filter(ticket_id=source.pk, pk__in=wanted)
            .exclude(kind__in=[MessageKind.SYSTEM_NOTE, MessageKind.EVENT, MessageKind.FINDINGS])
            .values_list("pk", flat=True)
        )
        missing = sorted(wanted - set(moving))
        if not moving or missing:
            raise ValidationFailed(
                f"Messages {missing or sorted(wanted)} are not messages of #{source.pk} "
                "that can move.",
                fields={"messages": ["Choose messages of this ticket (not system notes)."]},
            )
        Message.objects.filter(pk__in=moving).update(ticket_id=target.pk)
        Attachment.objects.filter(message_id__in=moving).update(ticket_id=target.pk)
        for ticket_id in (source.pk, target.pk):
            last = (
                Message.objects.filter(
                    ticket_id=ticket_id,
                    kind__in=[MessageKind.PUBLIC_REPLY, MessageKind.CUSTOMER_REPLY],
                )
                .order_by("-created_at", "-id")
                .values_list("kind", flat=True)
                .first()
            )
            word = Party.STAFF if last == MessageKind.PUBLIC_REPLY else Party.CUSTOMER
            Ticket.objects.filter(pk=ticket_id).update(last_word=word, updated_at=at)
    return len(moving)
