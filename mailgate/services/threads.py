"""Threading: which ticket (or side thread) a message answers, in this order:

1. A per-ticket reply address (``support+<n>[-t<thread>]-<token>@…``) in To, Cc or
   Delivered-To whose token is the one the helpdesk gave this sender. A side thread's address
   also needs the sender on the thread.
2. ``In-Reply-To`` / ``References`` naming the ``Message-ID`` of an email the helpdesk sent (the
   outbox) or received about a ticket, when the sender is on the customer's side of that ticket
   (``may_write_by_mail``) or on one of its side threads.
3. A ``[#<number>]`` subject token, when the sender is on the customer's side of that ticket.

Otherwise the message answers nothing (a new ticket). A reply address with another person's
token, or a subject token from a stranger, threads nothing: knowing a ticket number is not
enough to write into it. ``Found.refused`` says what was refused, for the log.
"""

import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses

from helpdesk.notifications import addresses
from helpdesk.notifications.models import Notification
from tickets import services as tickets
from tickets.models import SideThread, Ticket

from ..models import ReceivedMail

_SUBJECT_TOKEN = re.compile(r"\[#(\d{1,18})\]")
_MESSAGE_IDS = re.compile(r"<[^<>\s]+>")
MAX_REFERENCES = 50


@dataclass
class Found:
    ticket: Ticket | None = None
    thread: SideThread | None = None
    how: str = ""
    refused: list[str] = field(default_factory=list)


def header_addresses(message: EmailMessage, *names: str) -> list[str]:
    values: list[str] = []
    for name in names:
        try:
            values.extend(str(value) for value in message.get_all(name, []))
        except Exception:  # a malformed header names nobody
            continue
    return [address.strip() for _, address in getaddresses(values) if "@" in address]


def _message_ids(message: EmailMessage) -> list[str]:
    found: list[str] = []
    for name in ("In-Reply-To", "References"):
        try:
            value = str(message.get(name, "") or "")
        except Exception:
            continue
        found.extend(_MESSAGE_IDS.findall(value))
    # The most recent reference last in References: look at the newest first.
    return list(dict.fromkeys(reversed(found)))[:MAX_REFERENCES]


def _ticket(number: int) -> Ticket | None:
    return Ticket.objects.select_related("requester").filter(pk=number).first()


def _on_thread(thread: SideThread, sender: str) -> bool:
    return sender.lower() in {address.strip().lower() for address in thread.participants}


def _thread_of(ticket: Ticket, sender: str) -> SideThread | None:
    threads = SideThread.objects.filter(ticket=ticket).order_by("-started_at", "-id")
    return next((thread for thread in threads if _on_thread(thread, sender)), None)


def by_reply_address(message: EmailMessage, sender: str, found: Found) -> bool:
    for address in header_addresses(message, "To", "Cc", "Delivered-To", "X-Original-To"):
        parsed = addresses.parse(address)
        if parsed is None:
            continue
        if not addresses.token_matches(parsed, sender):
            found.refused.append(f"reply address {address} was not given to {sender}")
            continue
        ticket = _ticket(parsed.ticket_number)
        if ticket is None:
            found.refused.append(f"reply address {address} names no ticket")
            continue
        if parsed.thread is None:
            found.ticket, found.how = ticket, "reply address"
            return True
        thread = SideThread.objects.filter(pk=parsed.thread, ticket=ticket).first()
        if thread is not None and _on_thread(thread, sender):
            found.ticket, found.thread, found.how = ticket, thread, "side-thread reply address"
            return True
        found.refused.append(f"{sender} is not on side thread {parsed.thread}")
    return False


def by_references(message: EmailMessage, sender: str, found: Found) -> bool:
    ids = _message_ids(message)
    if not ids:
        return False
    numbers = list(
        Notification.objects.filter(message_id__in=ids, ticket_number__isnull=False)
        .order_by("-created_at", "-id")
        .values_list("ticket_number", flat=True)[:5]
    )
    numbers += list(
        ReceivedMail.objects.filter(message_id__in=ids, ticket_number__isnull=False)
        .order_by("-received_at", "-id")
        .values_list("ticket_number", flat=True)[:5]
    )
    for number in dict.fromkeys(numbers):
        ticket = _ticket(number) if number is not None else None
        if ticket is None:
            continue
        if tickets.may_write_by_mail(ticket, sender):
            found.ticket, found.how = ticket, "In-Reply-To/References"
            return True
        thread = _thread_of(ticket, sender)
        if thread is not None:
            found.ticket, found.thread, found.how = ticket, thread, "References (side thread)"
            return True
        found.refused.append(f"References name #{number}, but {sender} is not on it")
    return False


def by_subject(message: EmailMessage, sender: str, found: Found) -> bool:
    match = _SUBJECT_TOKEN.search(str(message.get("Subject", "") or ""))
    if not match:
        return False
    ticket = _ticket(int(match[1]))
    if ticket is None:
        found.refused.append(f"the subject names #{match[1]}, which does not exist")
        return False
    if tickets.may_write_by_mail(ticket, sender):
        found.ticket, found.how = ticket, "subject token"
        return True
    found.refused.append(f"the subject names #{ticket.pk}, but {sender} is not on it")
    return False


def find(message: EmailMessage, sender: str) -> Found:
    found = Found()
    for method in (by_reply_address, by_references, by_subject):
        if method(message, sender, found):
            break
    return found
