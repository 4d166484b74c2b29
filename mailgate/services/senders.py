"""Who wrote, and what the helpdesk answers by itself.

A known customer's mail opens a ticket. An unknown address follows the mailbox's policy
(``Mailbox.unknown_sender``; the pipe and the drop folder, which have no mailbox, refuse):
create a contact in the one organization whose customers write from the same domain (none or
several: refuse), or refuse with one polite answer saying how to get access. Automatic answers
go through the outbox, threaded on the message they answer, and never beyond
``loops.may_answer``.
"""

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from helpdesk.core.errors import DomainError
from helpdesk.notifications import addresses
from helpdesk.notifications import services as outbox
from tickets import services as tickets

from ..models import Mailbox, ReceivedMail
from ..states import UnknownSender
from . import loops
from .threads import header_addresses


@dataclass(frozen=True)
class Sender:
    user: object | None
    refusal: str = ""
    created: bool = False


def resolve(email: str, mailbox: Mailbox | None) -> Sender:
    """The customer who wrote from ``email``, a contact created for it, or why neither."""
    user = tickets.customer_with_email(email)
    if user is not None:
        return Sender(user)
    if tickets.staff_with_email(email) is not None:
        return Sender(None, "mail from a member of staff opens no ticket: answer on the desk")
    policy = mailbox.unknown_sender if mailbox else UnknownSender.REFUSE
    if policy != UnknownSender.CREATE_CONTACT:
        return Sender(None, f"{email} is not a customer (policy: refuse)")
    domain = email.rpartition("@")[2]
    organization = tickets.organization_for_domain(domain)
    if organization is None:
        return Sender(None, f"{email} is not a customer and no organization writes from {domain}")
    try:
        return Sender(tickets.create_contact(email, organization), created=True)
    except DomainError as error:
        return Sender(None, f"no contact could be created for {email}: {error}")


def copied(message: EmailMessage, sender: str) -> list[str]:
    """The addresses copied (Cc) on a customer's email, without the helpdesk's own."""
    own_domain = addresses.support_address().rpartition("@")[2].lower()
    seen = {sender.lower()}
    result = []
    for address in header_addresses(message, "Cc"):
        lowered = address.lower()
        if lowered in seen or lowered.rpartition("@")[2] == own_domain:
            continue
        seen.add(lowered)
        result.append(address)
    return result


def _thread_headers(message: EmailMessage) -> tuple[str, list[str]]:
    message_id = " ".join(str(message.get("Message-ID", "") or "").split())
    references = " ".join(str(message.get("References", "") or "").split()).split()
    if message_id:
        references.append(message_id)
    return message_id, references


def answer_refused(
    message: EmailMessage, *, sender: str, reason: str, received: ReceivedMail, now: datetime
) -> bool:
    """One polite answer to a refused sender; False when loops forbid answering."""
    if not loops.may_answer(sender, now):
        return False
    message_id, references = _thread_headers(message)
    return outbox.enqueue(
        kind=loops.REFUSAL,
        recipient=sender,
        template="mailgate/emails/mail_refused",
        context={"sender": sender, "subject": received.subject, "reason": ""},
        dedupe_key=f"mail-refused:{received.pk}",
        at=now,
        in_reply_to=message_id,
        references=references,
    )


def answer_attachments_refused(
    message: EmailMessage,
    *,
    sender: str,
    ticket_number: int,
    problems: list[str],
    received: ReceivedMail,
    now: datetime,
) -> bool:
    """Tell the sender which files were not attached, and why (once per email)."""
    if not loops.may_answer(sender, now):
        return False
    message_id, references = _thread_headers(message)
    return outbox.enqueue(
        kind=loops.ATTACHMENTS_REFUSED,
        recipient=sender,
        template="mailgate/emails/mail_attachments_refused",
        context={"ticket_number": ticket_number, "problems": problems},
        dedupe_key=f"mail-attachments-refused:{received.pk}",
        ticket_number=ticket_number,
        at=now,
        reply_to=addresses.reply_address(ticket_number, sender),
        in_reply_to=message_id,
        references=references,
    )
