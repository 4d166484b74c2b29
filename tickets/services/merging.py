"""Merging a duplicate into the ticket that carries the conversation (seed 003's forum routing:
"merge duplicates"; issue 16).

The duplicate's messages (with their files) move to the kept ticket, its request becomes the
customer's message there, its CCs and tags join, it is Closed with "Merged into #N", and its
customer is told by email to follow the kept ticket. Apps that keep more per ticket (escalation's
followers) receive ``signals.tickets_merged``. Only tickets of the same customer merge: a
customer must never read another customer's words.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import notify, signals
from ..models import Message, Ticket, TicketCC
from ..states import ACTIVE_STATUSES, MessageKind
from ._common import _lock, _log, record_event
from .moves import move_messages
from .tags import change_tags
from .transitions import _enter

STAYING = (MessageKind.SYSTEM_NOTE, MessageKind.EVENT, MessageKind.FINDINGS)


def merge_problem(source: Ticket, target: Ticket) -> str:
    """Why ``source`` cannot merge into ``target`` ("" when it can)."""
    if source.pk == target.pk:
        return "A ticket cannot merge into itself: choose the ticket to keep."
    if source.status not in ACTIVE_STATUSES:
        return (
            f"Ticket #{source.pk} is {source.get_status_display()}: reopen it before you merge it."
        )
    if target.status not in ACTIVE_STATUSES:
        return (
            f"Ticket #{target.pk} is {target.get_status_display()}: reopen it before you merge "
            "into it."
        )
    if source.requester_id != target.requester_id:
        return (
            f"Ticket #{target.pk} belongs to another customer: only the same customer's tickets "
            "merge, so nobody reads another customer's words."
        )
    return ""


def merge_tickets(
    source: Ticket, *, actor, into: Ticket | int, at: datetime | None = None
) -> Ticket:
    """Merge the duplicate ``source`` into ``into`` (the kept ticket, or its number); returns
    the kept ticket."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents merge tickets.")
    number: int = into if isinstance(into, int) else into.pk
    if not (0 < number < 2**63 and Ticket.objects.filter(pk=number).exists()):
        problem = f"There is no ticket #{number}."
        raise ValidationFailed(problem, fields={"into": [problem]})
    at = at or timezone.now()
    with transaction.atomic():
        for pk in sorted([source.pk, number]):  # one lock order everywhere: no deadlock
            _lock(pk)
        source = Ticket.objects.select_related("requester").get(pk=source.pk)
        target = Ticket.objects.select_related("requester").get(pk=number)
        problem = merge_problem(source, target)
        if problem:
            raise ValidationFailed(problem, fields={"into": [problem]})
        who = actor.get_username()
        # The duplicate's request, in the customer's words, on the kept ticket's conversation.
        Message.objects.create(
            ticket=target,
            kind=MessageKind.CUSTOMER_REPLY,
            author=source.requester,
            body=f"**Merged from ticket #{source.pk}: {source.subject}**\n\n{source.description}",
            created_at=source.created_at,
        )
        moving = list(
            Message.objects.filter(ticket_id=source.pk)
            .exclude(kind__in=STAYING)
            .values_list("pk", flat=True)
        )
        if moving:
            move_messages(source, target, actor=actor, message_ids=moving, at=at)
        known = {email.lower() for email in target.ccs.values_list("email", flat=True)}
        TicketCC.objects.bulk_create(
            TicketCC(ticket=target, email=cc.email, source=cc.source, added_at=at)
            for cc in source.ccs.all()
            if cc.email.lower() not in known
        )
        tags = list(source.tags.values_list("name", flat=True))
        if tags:
            change_tags(target, actor=actor, add=tags)
        source = _lock(source.pk)
        previous = source.status
        _enter(source, "close", at)
        source.updated_at = at
        source.save()
        _log(source, "close", previous, actor, f"Merged into #{target.pk} by {who}.", at)
        record_event(
            target,
            f"**Merged:** ticket #{source.pk} ({source.subject}) joined this one, by {who}.",
            actor=actor,
            at=at,
        )
        Ticket.objects.filter(pk=target.pk).update(updated_at=at)
        signals.tickets_merged.send(sender=Ticket, source=source, target=target, actor=actor, at=at)
        notify.ticket_merged(source, target, at)
    return Ticket.objects.get(pk=target.pk)
