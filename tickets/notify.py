"""The emails a ticket's customer receives, written to the outbox by ``tickets.services``.

Each function renders one template under ``tickets/emails/`` and enqueues it in the caller's
transaction with a dedupe key naming the event, so replaying the event never mails twice. Only
public things are ever put in an email: internal and system notes never reach the customer, nor
a follower (``TicketCC``).

Every email of a ticket threads in the customer's mail client without a query:

- ``Reply-To`` is the ticket's reply address for the recipient (``addresses.reply_address``),
  so the answer lands on the ticket whatever the client does with the headers;
- the first email of a ticket (``ticket_received``, or ``follow_up_opened`` for a ticket opened
  by a reply to a closed one) is the thread's root: its Message-ID is derived from its dedupe
  key, so every later email computes it (``thread_root``) and names it in ``In-Reply-To`` and
  ``References``. Mail clients then show every email of the ticket as answers to the first one.
  Naming the previous email instead would cost a query per email (sweeps send thousands);
  a flat thread under one root is what clients need to group them;
- every email of the ticket has the same subject, ``[#<number>] <ticket subject>`` (Gmail
  threads only emails whose subjects match; what happened is the email's first sentence).
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from helpdesk.core.links import absolute_url
from helpdesk.core.markdown import render_markdown
from helpdesk.notifications import addresses
from helpdesk.notifications import services as outbox
from helpdesk.notifications.markers import REPLY_MARKER
from helpdesk.notifications.selectors import signature_of

from .models import Message, Ticket
from .states import CATEGORY_HINTS, MessageKind

TEAM_NAME = "The support team"


class Kind:
    TICKET_RECEIVED = "ticket_received"
    PUBLIC_REPLY = "public_reply"
    PENDING_REMINDER = "pending_reminder"
    AUTO_RESOLVED = "auto_resolved"
    TICKET_CLOSED = "ticket_closed"
    FOLLOW_UP_OPENED = "follow_up_opened"
    TICKET_TAKEN = "ticket_taken"
    TICKET_MERGED = "ticket_merged"


def _iso(instant: datetime | None) -> str:
    return instant.astimezone(UTC).isoformat() if instant else "-"


def portal_url(ticket: Ticket) -> str:
    return absolute_url("portal-ticket", ticket.pk)


def _first_key(ticket: Ticket) -> str:
    if ticket.linked_from_id:
        return f"follow-up-opened:{ticket.pk}"
    return f"ticket-received:{ticket.pk}"


def thread_root(ticket: Ticket) -> str:
    """The Message-ID every email of ``ticket`` answers: that of its first email."""
    return outbox.message_id_for(_first_key(ticket))


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _signature(user) -> str:
    """``user``'s signature, without a first line that only repeats their name (the email
    prints the name above it)."""
    lines = signature_of(user.pk).splitlines()
    if lines and lines[0].strip().lower() == display_name(user).lower():
        lines = lines[1:]
    return "\n".join(lines).strip()


def _copied(ticket: Ticket, recipient: str) -> list[str]:
    """The ticket's followers (one query, or none when the caller prefetched ``ccs``)."""
    own = recipient.strip().lower()
    return [cc.email for cc in ticket.ccs.all() if cc.email.strip().lower() != own]


def _enqueue(
    ticket: Ticket,
    kind: str,
    key: str,
    at: datetime,
    *,
    signer=None,
    cc: Iterable[str] = (),
    template: str = "",
    files: Iterable[outbox.Attachment] = (),
    **context: Any,
) -> bool:
    """One email to the requester (``cc``: the followers copied), signed by ``signer`` (a member
    of staff) or by the team. ``template``: another app's email (default ``tickets/emails/
    <kind>``), threaded with the ticket's like every other."""
    recipient = ticket.requester.email
    root = thread_root(ticket)
    is_root = key == _first_key(ticket)
    return outbox.enqueue(
        kind=kind,
        recipient=recipient,
        template=template or f"tickets/emails/{kind}",
        context={
            "ticket": ticket,
            "ticket_url": portal_url(ticket),
            "reply_marker": REPLY_MARKER,
            "greeting_name": display_name(ticket.requester),
            "sender_name": display_name(signer) if signer else TEAM_NAME,
            "signature": _signature(signer) if signer else "",
            **context,
        },
        dedupe_key=key,
        ticket_number=ticket.pk,
        at=at,
        cc=cc,
        reply_to=addresses.reply_address(ticket.pk, recipient) if recipient else "",
        in_reply_to="" if is_root else root,
        references=() if is_root else (root,),
        attachments=files,
    )


def other_app_email(
    ticket: Ticket,
    *,
    kind: str,
    key: str,
    template: str,
    at: datetime,
    signer=None,
    files: Iterable[outbox.Attachment] = (),
    **context: Any,
) -> bool:
    """An email of another app (a call invitation) to the requester, on the ticket's thread.
    The caller puts only public things in ``context``."""
    return _enqueue(
        ticket,
        kind,
        key,
        at,
        signer=signer,
        template=template,
        files=files,
        **context,
    )


def ticket_received(ticket: Ticket, at: datetime) -> bool:
    target = CATEGORY_HINTS.get(ticket.category, ("", ""))[1]
    return _enqueue(
        ticket, Kind.TICKET_RECEIVED, f"ticket-received:{ticket.pk}", at, first_response=target
    )


def follow_up_opened(ticket: Ticket, at: datetime) -> bool:
    """A reply to a closed ticket opened ``ticket``; tell the customer its new number."""
    return _enqueue(
        ticket,
        Kind.FOLLOW_UP_OPENED,
        f"follow-up-opened:{ticket.pk}",
        at,
        closed=ticket.linked_from,
    )


def public_reply(ticket: Ticket, message: Message, at: datetime) -> bool:
    """The agent's reply, signed with their name and signature, copied to the followers."""
    if message.kind != MessageKind.PUBLIC_REPLY:
        raise ValueError(f"only public replies are emailed, not {message.kind}")
    return _enqueue(
        ticket,
        Kind.PUBLIC_REPLY,
        f"public-reply:{message.pk}",
        at,
        signer=message.author,
        cc=_copied(ticket, ticket.requester.email),
        message=message,
        body_html=render_markdown(message.body),
        attachments=[a.filename for a in message.attachments.all()],
    )


def pending_reminder(ticket: Ticket, at: datetime) -> bool:
    """One per Pending spell: the key names the instant the ticket entered Pending. Followers
    are copied: the reminder is about the public reply they received."""
    return _enqueue(
        ticket,
        Kind.PENDING_REMINDER,
        f"pending-reminder:{ticket.pk}:{_iso(ticket.pending_since)}",
        at,
        cc=_copied(ticket, ticket.requester.email),
    )


def auto_resolved(ticket: Ticket, at: datetime) -> bool:
    return _enqueue(
        ticket, Kind.AUTO_RESOLVED, f"auto-resolved:{ticket.pk}:{_iso(ticket.resolved_at)}", at
    )


def ticket_closed(ticket: Ticket, at: datetime) -> bool:
    return _enqueue(
        ticket, Kind.TICKET_CLOSED, f"ticket-closed:{ticket.pk}:{_iso(ticket.closed_at)}", at
    )


def ticket_taken(ticket: Ticket, at: datetime) -> bool:
    """Seed 001's "we're working on it": the first time a person takes the ticket, the
    customer is told who, once per ticket (a ticket is born unassigned, so its first assignee
    took it from nobody; later releases and reassignments mail nothing). Off with
    ``HELPDESK_NOTIFY_CUSTOMER_ON_TAKE=false``."""
    if not settings.HELPDESK_NOTIFY_CUSTOMER_ON_TAKE or ticket.assignee_id is None:
        return False
    return _enqueue(
        ticket, Kind.TICKET_TAKEN, f"ticket-taken:{ticket.pk}", at, signer=ticket.assignee
    )


def ticket_merged(source: Ticket, target: Ticket, at: datetime) -> bool:
    """The duplicate's customer: the conversation goes on in ``target`` (on the duplicate's
    thread, so their mail client shows it where they wrote)."""
    return _enqueue(
        source,
        Kind.TICKET_MERGED,
        f"ticket-merged:{source.pk}:{target.pk}",
        at,
        kept=target,
        kept_url=portal_url(target),
    )
