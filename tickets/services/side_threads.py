"""Side threads: an agent writes about a ticket to a third party (a partner, a vendor, an
internal list such as dev@ or tier2@), seed 003.

A side thread is internal. Its messages are internal notes marked with the thread, so the
customer sees them in no channel (the portal, the API and the customer's emails show public
messages only). What goes to the partner is exactly what the agent wrote in the thread, the
thread's subject, the ticket's number, and who else is on the thread: never the ticket's own
subject, its description, the customer's name or any other note.

One email per participant (To and CC alike), each with its own ``Reply-To``: the reply address's
token is an HMAC of the ticket, the thread and the address it was given to, so an address shared
between recipients would refuse every answer but one. The others on the thread are named in the
email's body, not in a ``Cc`` header: a ``Cc`` header would make the outbox deliver the email to
them a second time. Answers reach the ticket (the inbound pipeline); the agent's next message
goes to everyone on the thread again.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.core.markdown import render_markdown
from helpdesk.notifications import addresses
from helpdesk.notifications import services as outbox
from helpdesk.notifications.models import Notification, StaffSettings

from .. import policies
from ..models import Message, SideThread, Ticket, TicketCC
from ..states import MessageKind
from ._common import _lock

KIND = "side_thread"
TEMPLATE = "tickets/emails/side_thread"
MAX_RECIPIENTS = 20
SUBJECT_MAX = SideThread._meta.get_field("subject").max_length or 200
_SEPARATORS = re.compile(r"[,;\s]+")


def split_addresses(value: str | Iterable[str]) -> list[str]:
    """Addresses as typed ("a@x.com, b@y.com; c@z.com" or a list), stripped, without empties
    or repeats (case-blind), in their order."""
    parts = _SEPARATORS.split(value) if isinstance(value, str) else list(value)
    seen: set[str] = set()
    result = []
    for part in (p.strip() for p in parts):
        if part and part.lower() not in seen:
            seen.add(part.lower())
            result.append(part)
    return result


def _check_staff(actor) -> None:
    # The same rule as every internal note: a side thread's messages are internal notes.
    if MessageKind.INTERNAL_NOTE not in policies.message_kinds_user_may_post(actor):
        raise PermissionDenied("Only staff may write in side threads.")


def _is_own_address(address: str) -> bool:
    """The helpdesk's own inbound address, plain or with a +tag: writing to it loops."""
    local, _, domain = address.lower().rpartition("@")
    base_local, _, base_domain = addresses.support_address().lower().rpartition("@")
    return domain == base_domain and local.partition("+")[0] == base_local


def _customer_side(ticket: Ticket) -> set[str]:
    """Addresses on the customer's side of ``ticket``, lower case: the requester, the ticket's
    CCs and every customer of its organization."""
    users = get_user_model().objects.filter(
        customer_profile__organization_id=ticket.organization_id
    )
    found = {email.lower() for email in users.values_list("email", flat=True) if email}
    found |= {
        e.lower() for e in TicketCC.objects.filter(ticket=ticket).values_list("email", flat=True)
    }
    if ticket.requester.email:
        found.add(ticket.requester.email.lower())
    return found


def _address_problems(ticket: Ticket, to: list[str], cc: list[str]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = defaultdict(list)
    if not to:
        problems["to"].append("Write to at least one address.")
    if len(to) + len(cc) > MAX_RECIPIENTS:
        problems["cc"].append(f"A side thread has at most {MAX_RECIPIENTS} addresses.")
    customers: set[str] | None = None
    for field, values in (("to", to), ("cc", cc)):
        for address in values:
            try:
                validate_email(address)
            except ValidationError:
                problems[field].append(f"{address!r} is not an email address.")
                continue
            if _is_own_address(address):
                problems[field].append(f"{address} is the helpdesk's own address.")
                continue
            if customers is None:
                customers = _customer_side(ticket)
            if address.lower() in customers:
                problems[field].append(
                    f"{address} is on the customer's side of this ticket; a side thread is "
                    "internal. Write to the customer with a public reply."
                )
    return dict(problems)


def _require_body(body: str, problems: dict[str, list[str]]) -> None:
    if not (body or "").strip():
        problems.setdefault("body", []).append("Write a message.")


def start_side_thread(
    ticket: Ticket,
    *,
    actor,
    to: str | Iterable[str],
    cc: str | Iterable[str] = (),
    subject: str,
    body: str,
    at: datetime | None = None,
) -> SideThread:
    """Open a side thread on ``ticket``: the thread, its first message (an internal note by
    ``actor``) and one email to each address in ``to`` and ``cc``, in one transaction.

    Refused (nothing written): a customer or anonymous ``actor`` (PermissionDenied); no To, an
    address that is not one, the helpdesk's own address, or an address on the customer's side
    of the ticket (its requester, its CCs, any customer of its organization), an empty subject
    or body (ValidationFailed, naming the field)."""
    _check_staff(actor)
    to_list = split_addresses(to)
    cc_list = [a for a in split_addresses(cc) if a.lower() not in {t.lower() for t in to_list}]
    subject = " ".join((subject or "").split())
    problems = _address_problems(ticket, to_list, cc_list)
    if not subject:
        problems.setdefault("subject", []).append("Give the thread a subject.")
    elif len(subject) > SUBJECT_MAX:
        problems.setdefault("subject", []).append(f"At most {SUBJECT_MAX} characters.")
    _require_body(body, problems)
    if problems:
        raise ValidationFailed("The side thread was not started.", fields=problems)
    at = at or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        thread = SideThread.objects.create(
            ticket=ticket,
            subject=subject,
            to=to_list,
            cc=cc_list,
            started_by=actor,
            started_at=at,
        )
        message = _write(ticket, thread, actor, body, at)
        _queue_emails(ticket, thread, message, actor, at, first=True)
    return thread


def write_to_side_thread(
    thread: SideThread, *, actor, body: str, at: datetime | None = None
) -> Message:
    """Write into an open side thread: an internal note marked with it, and one email to each
    of its participants, threaded under the emails they received before. Refused (nothing
    written) when a participant has joined the customer's side of the ticket since."""
    _check_staff(actor)
    problems: dict[str, list[str]] = {}
    _require_body(body, problems)
    if problems:
        raise ValidationFailed("Nothing was sent.", fields=problems)
    at = at or timezone.now()
    with transaction.atomic():
        ticket = _lock(thread.ticket_id)
        found = SideThread.objects.filter(pk=thread.pk, ticket=ticket).first()
        if found is None:
            raise NotFound(f"Side thread {thread.pk} was not found.")
        thread = found
        customers = _customer_side(ticket)
        joined = [a for a in thread.participants if a.lower() in customers]
        if joined:
            # Copied on the customer's side since the thread started: nothing goes out.
            raise ValidationFailed(
                f"{', '.join(joined)} is now on the customer's side of this ticket; a side "
                "thread is internal. Start a new thread without that address."
            )
        message = _write(ticket, thread, actor, body, at)
        _queue_emails(ticket, thread, message, actor, at, first=False)
    return message


def _write(ticket: Ticket, thread: SideThread, actor, body: str, at: datetime) -> Message:
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.INTERNAL_NOTE,
        body=body,
        author=actor,
        side_thread=thread,
        created_at=at,
    )
    ticket.updated_at = at
    ticket.save(update_fields=["updated_at"])
    return message


def dedupe_prefix(thread: SideThread) -> str:
    """The start of the dedupe key of every email of ``thread`` (one per message and address)."""
    return f"side-thread:{thread.pk}:"


def _earlier_ids(ticket: Ticket, thread: SideThread) -> dict[str, list[str]]:
    """The Message-IDs each address already received in this thread, oldest first."""
    rows = (
        Notification.objects.filter(
            kind=KIND, ticket_number=ticket.pk, dedupe_key__startswith=dedupe_prefix(thread)
        )
        .order_by("created_at", "id")
        .values_list("recipient", "message_id")
    )
    earlier: dict[str, list[str]] = defaultdict(list)
    for recipient, message_id in rows:
        earlier[recipient.lower()].append(message_id)
    return earlier


def _signature(actor) -> str:
    found = StaffSettings.objects.filter(user=actor).values_list("signature", flat=True).first()
    return (found or "").strip()


def _queue_emails(
    ticket: Ticket,
    thread: SideThread,
    message: Message,
    actor,
    at: datetime,
    *,
    first: bool,
) -> None:
    earlier = {} if first else _earlier_ids(ticket, thread)
    context = {
        "ticket_number": ticket.pk,
        "thread": thread,
        "first": first,
        "body": message.body,
        "body_html": render_markdown(message.body),
        "agent_name": actor.get_full_name() or actor.get_username(),
        "signature": _signature(actor),
        "to": list(thread.to),
        "cc": list(thread.cc),
    }
    for recipient in _participants(thread):
        references = earlier.get(recipient.lower(), [])
        outbox.enqueue(
            kind=KIND,
            recipient=recipient,
            template=TEMPLATE,
            context={**context, "recipient": recipient},
            dedupe_key=f"{dedupe_prefix(thread)}{message.pk}:{recipient.lower()}",
            ticket_number=ticket.pk,
            at=at,
            reply_to=addresses.reply_address(ticket.pk, recipient, thread=thread.pk),
            in_reply_to=references[-1] if references else "",
            references=references,
        )


def _participants(thread: SideThread) -> Sequence[str]:
    return split_addresses(thread.participants)
