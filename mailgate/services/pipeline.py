"""The pipeline: what one received message becomes. ``receive`` calls ``process`` in the
transaction that stores the message's ``ReceivedMail`` row, so everything here commits or rolls
back with it.

1. Bounces (DSN) mark the outbox email they return ``bounced`` and say so on its ticket.
   Other mail from mailer-daemon or postmaster is discarded.
2. Threading (``threads``): a side-thread answer becomes an internal note of its thread; an
   answer on a ticket becomes a customer reply (as on the portal). An automatic reply (an
   out-of-office) never reopens a ticket: it is logged on the ticket as a system note (staff
   learn the customer is away) and the message is marked discarded.
3. Anything else opens a ticket for a known customer (or a contact the mailbox's policy
   creates); machine-sent mail opens nothing, and an unknown sender gets one polite refusal.

Files go through the portal's checks one by one (``tickets.services.validate_uploads``): the
accepted ones land, the refused ones are listed on the ticket and the sender is told why. The
full original is kept as ``original.eml`` on a system note (staff only).
"""

from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import ngettext

from helpdesk.core.errors import DomainError, ValidationFailed
from helpdesk.notifications import bounces as outbox_bounces
from tickets import services as tickets
from tickets.models import Ticket
from tickets.states import Category, FiledVia

from ..models import Mailbox, ReceivedMail
from ..states import Result
from . import bounces, extraction, loops, senders, threads
from .outcome import Outcome

NOTE_EXCERPT = 500


def _files_refused(count: int) -> str:
    return ngettext("%(n)d file refused", "%(n)d files refused", count) % {"n": count}


def _sender(message: EmailMessage) -> str:
    try:
        return parseaddr(str(message.get("From", "") or ""))[1].strip()
    except Exception:
        return ""


def _split_files(
    files: list[SimpleUploadedFile],
) -> tuple[list[SimpleUploadedFile], list[str]]:
    """The files the portal would accept, and a sentence per refused one (the portal's rule)."""
    accepted, problems = [], []
    for upload in files:
        try:
            tickets.validate_uploads([upload])
        except ValidationFailed as error:
            problems.append(str(error))
            continue
        accepted.append(upload)
    return accepted, problems


def _body(text: str, accepted: list[SimpleUploadedFile]) -> str:
    if text.strip():
        return text
    if accepted:
        return "(Sent by email with attachments and no text.)"
    return "(Sent by email with no text.)"


def _original_note(sender: str, how: str, problems: list[str]) -> str:
    lines = [f"Received by email from {sender} ({how}). The original email is attached."]
    if problems:
        lines += ["", "These files were refused and not attached:"]
        lines += [f"- {problem}" for problem in problems]
    return "\n".join(lines)


def _bounce(message: EmailMessage, now: datetime) -> Outcome:
    report = bounces.read(message)
    row = outbox_bounces.mark_bounced(report.message_ids, reason=report.reason, at=now)
    if row is None:
        return Outcome(Result.DISCARDED, reason="a delivery report for no email the helpdesk sent")
    recipient = report.recipient or row.recipient
    number = row.ticket_number
    if number is not None:
        tickets.note_from_mail(
            number,
            f"The email to {recipient} bounced ({row.subject}): "
            f"{report.reason or 'no reason given'}.",
            at=now,
        )
    return Outcome(
        Result.BOUNCE,
        reason=f"the email to {recipient} bounced: {report.reason or 'no reason given'}",
        ticket_number=number,
    )


def _automatic_on_ticket(ticket: Ticket, sender: str, why: str, text: str, now: datetime):
    excerpt = text.strip()[:NOTE_EXCERPT]
    note = tickets.note_from_mail(
        ticket.pk,
        f"An automatic reply from {sender} ({why}) arrived; the ticket's status did not "
        f"change.\n\n{excerpt}".strip(),
        at=now,
    )
    return Outcome(
        Result.DISCARDED,
        reason=f"an automatic reply ({why}): logged on the ticket, which stays as it was",
        ticket_number=ticket.pk,
        ticket_message_id=note.pk if note else None,
    )


def _side_thread(message, found, sender, raw, now) -> Outcome:
    accepted, problems = _split_files(extraction.attachments(message))
    text = extraction.extract(message).text
    if problems:
        text += "\n\nRefused files:\n" + "\n".join(f"- {problem}" for problem in problems)
    note = tickets.side_thread_message(
        found.thread,
        sender_email=sender,
        subject=str(message.get("Subject", "") or ""),
        body=_body(text, accepted),
        attachments=accepted,
        original=raw,
        at=now,
    )
    return Outcome(
        Result.SIDE_THREAD,
        reason=f"side thread {found.thread.pk} ({found.how})",
        ticket_number=found.ticket.pk,
        ticket_message_id=note.pk,
    )


def _reply(message, found, sender, raw, received, now) -> Outcome:
    accepted, problems = _split_files(extraction.attachments(message))
    outcome = tickets.reply_from_mail(
        found.ticket,
        sender_email=sender,
        body=_body(extraction.extract(message).text, accepted),
        attachments=accepted,
        ccs=senders.copied(message, sender),
    )
    ticket = outcome.ticket
    uploader = outcome.message.author if outcome.message else ticket.requester
    tickets.keep_original(
        ticket,
        raw=raw,
        uploaded_by=uploader,
        note=_original_note(sender, found.how, problems),
        at=now,
    )
    if problems:
        senders.answer_attachments_refused(
            message,
            sender=sender,
            ticket_number=ticket.pk,
            problems=problems,
            received=received,
            now=now,
        )
    reason = f"reply by {found.how}"
    if outcome.opened_new_ticket:
        reason += f"; #{found.ticket.pk} was closed, so it opened follow-up #{ticket.pk}"
    if problems:
        reason += "; " + _files_refused(len(problems))
    return Outcome(
        Result.REPLY,
        reason=reason,
        ticket_number=ticket.pk,
        ticket_message_id=outcome.message.pk if outcome.message else None,
    )


def _new_ticket(message, sender, raw, received, mailbox, found, now) -> Outcome:
    who = senders.resolve(sender, mailbox)
    refused = "; ".join(found.refused)
    if who.user is None:
        answered = senders.answer_refused(
            message, sender=sender, reason=who.refusal, received=received, now=now
        )
        note = "" if answered else " (not answered: too many automatic answers this hour)"
        return Outcome(
            Result.REFUSED, reason="; ".join(filter(None, [who.refusal + note, refused]))
        )
    # Past the hourly limit the ticket still opens (a customer's request is never dropped); only
    # its acknowledgement is withheld, so two robots answering each other stop at the limit.
    acknowledge = loops.may_answer(sender, now)
    accepted, problems = _split_files(extraction.attachments(message))
    ticket = tickets.open_ticket_from_mail(
        requester=who.user,
        subject=str(message.get("Subject", "") or ""),
        body=_body(extraction.extract(message).text, accepted),
        category=mailbox.default_category if mailbox else Category.QUESTION,
        attachments=accepted,
        ccs=senders.copied(message, sender),
        at=now,
        acknowledge=acknowledge,
        filed_via=mailbox.filed_via if mailbox else FiledVia.EMAIL,
    )
    tickets.keep_original(
        ticket,
        raw=raw,
        uploaded_by=who.user,
        note=_original_note(sender, "a new ticket", problems),
        at=now,
    )
    if problems:
        senders.answer_attachments_refused(
            message,
            sender=sender,
            ticket_number=ticket.pk,
            problems=problems,
            received=received,
            now=now,
        )
    parts = ["a new ticket" + (" from a contact created for the sender" if who.created else "")]
    if problems:
        parts.append(_files_refused(len(problems)))
    if refused:
        parts.append(f"not threaded: {refused}")
    if not acknowledge:
        parts.append("not acknowledged: too many automatic answers to this sender this hour")
    return Outcome(Result.NEW_TICKET, reason="; ".join(parts), ticket_number=ticket.pk)


def process(
    message: EmailMessage,
    *,
    raw: bytes,
    received: ReceivedMail,
    mailbox: Mailbox | None,
    now: datetime,
) -> Outcome:
    sender = _sender(message)
    if bounces.is_bounce(message):
        return _bounce(message, now)
    if not sender:
        return Outcome(Result.DISCARDED, reason="no sender address (From)")
    if loops.from_daemon(sender):
        return Outcome(Result.DISCARDED, reason=f"from {sender} but not a delivery report")
    automatic = loops.automatic(message)
    if not automatic and loops.out_of_office(message):
        automatic = "an out-of-office subject"
    found = threads.find(message, sender)
    try:
        with transaction.atomic():  # a refused write leaves nothing half-done
            if found.thread is not None:
                return _side_thread(message, found, sender, raw, now)
            if found.ticket is not None:
                if automatic:
                    text = extraction.extract(message).full_text
                    return _automatic_on_ticket(found.ticket, sender, automatic, text, now)
                return _reply(message, found, sender, raw, received, now)
            if automatic or loops.from_no_reply(sender):
                why = automatic or "a no-reply address"
                return Outcome(
                    Result.DISCARDED, reason=f"machine-sent mail ({why}) that answers no ticket"
                )
            return _new_ticket(message, sender, raw, received, mailbox, found, now)
    except DomainError as error:
        return Outcome(Result.REFUSED, reason=f"refused by the helpdesk: {error}")
