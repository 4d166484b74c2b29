"""``receive``: store one raw message once, and run it through the pipeline.

Every door (``receive_email`` on standard input, the drop folder, the IMAP sweep) calls this.
The message's ``ReceivedMail`` row is inserted first, in the same transaction as everything the
pipeline writes: a concurrent second delivery of the same message blocks on the unique
``dedupe_key`` until the first commits, then finds it and changes nothing; a crash before the
commit leaves nothing, so the door may simply try again.
"""

import email
import email.policy
import hashlib
import logging
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Mailbox, ReceivedMail
from ..states import Result, Source
from . import pipeline

logger = logging.getLogger(__name__)


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def message_id_of(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID header, or a stable hash of the message's bytes when it has none."""
    value = " ".join(str(message.get("Message-ID", "")).split())
    if value:
        return value[:255]
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@no-message-id.invalid>"


def dedupe_key(mailbox: Mailbox | None, message_id: str) -> str:
    return f"{mailbox.pk if mailbox else 0}:{message_id}"[:300]


def _header(message: EmailMessage, name: str, limit: int) -> str:
    try:
        return " ".join(str(message.get(name, "")).split())[:limit]
    except Exception:  # a malformed header must not stop the message being logged
        return ""


def receive(
    raw: bytes,
    *,
    source: str = Source.PIPE,
    mailbox: Mailbox | None = None,
    now: datetime | None = None,
) -> tuple[ReceivedMail, bool]:
    """Store and process ``raw``. Returns the message's row and whether this call stored it
    (False: it had been received before, and nothing changed)."""
    now = now or timezone.now()
    message = parse(raw)
    key_id = message_id_of(message, raw)
    key = dedupe_key(mailbox, key_id)
    sender = parseaddr(_header(message, "From", 998))[1][:254]
    try:
        with transaction.atomic():
            row = ReceivedMail.objects.create(
                mailbox=mailbox,
                source=source,
                message_id=key_id,
                dedupe_key=key,
                sender=sender,
                subject=_header(message, "Subject", 255),
                received_at=now,
                result=Result.FAILED,
                size=len(raw),
            )
            outcome = pipeline.process(message, raw=raw, received=row, mailbox=mailbox, now=now)
            row.result = outcome.result
            row.reason = outcome.reason
            row.ticket_number = outcome.ticket_number
            row.ticket_message_id = outcome.ticket_message_id
            row.save(update_fields=["result", "reason", "ticket_number", "ticket_message_id"])
    except IntegrityError:
        existing = ReceivedMail.objects.filter(dedupe_key=key).first()
        if existing is None:
            raise
        logger.info("Message %s was received before; nothing changed.", key_id)
        return existing, False
    return row, True
