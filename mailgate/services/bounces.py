"""Delivery status notifications (RFC 3464): which email came back, to whom, and why.

A DSN is ``multipart/report; report-type=delivery-status``: a human-readable part, a
``message/delivery-status`` part (``Final-Recipient``, ``Status``, ``Diagnostic-Code``) and the
returned message or its headers (``message/rfc822`` or ``text/rfc822-headers``), whose
``Message-ID`` is the one the outbox stored when it enqueued the email.
"""

import re
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.parser import HeaderParser

_MESSAGE_ID = re.compile(r"^Message-ID:\s*(<[^>\s]+>)", re.I | re.M)


@dataclass(frozen=True)
class Bounce:
    message_ids: list[str]
    recipient: str
    reason: str


def is_bounce(message: EmailMessage) -> bool:
    return (
        message.get_content_type() == "multipart/report"
        and str(message.get_param("report-type", "")).lower() == "delivery-status"
    )


def _status_fields(part: Message) -> dict[str, str]:
    """The per-recipient fields of a ``message/delivery-status`` part (lowercase names)."""
    fields: dict[str, str] = {}
    payload = part.get_payload()
    blocks = payload if isinstance(payload, list) else [HeaderParser().parsestr(str(payload))]
    for block in blocks:
        if not isinstance(block, Message):
            continue
        for name, value in block.items():
            fields.setdefault(name.lower(), " ".join(str(value).split()))
    return fields


def _ids_in(part: Message) -> list[str]:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        value = inner.get("Message-ID", "") if isinstance(inner, Message) else ""
        return [" ".join(str(value).split())] if value else []
    if content_type in {"text/rfc822-headers", "text/plain"}:
        text = part.get_payload(decode=True)
        if not isinstance(text, bytes):
            return []
        return _MESSAGE_ID.findall(text.decode("utf-8", errors="replace"))
    return []


def read(message: EmailMessage) -> Bounce:
    """What a DSN says (``is_bounce`` must be true)."""
    ids: list[str] = []
    fields: dict[str, str] = {}
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            fields = fields or _status_fields(part)
        elif part is not message:
            ids.extend(value for value in _ids_in(part) if value not in ids)
    recipient = fields.get("final-recipient") or fields.get("original-recipient") or ""
    recipient = recipient.split(";", 1)[-1].strip()
    reason = fields.get("diagnostic-code", "").split(";", 1)[-1].strip()
    status = fields.get("status", "")
    reason = " ".join(filter(None, [f"Status {status}" if status else "", reason]))
    return Bounce(message_ids=ids, recipient=recipient, reason=reason[:1000])
