"""Signing a webhook delivery, and how a receiver checks it.

Every POST carries:

- ``X-Helpdesk-Event``: the event name (``ticket.created``, ``sla.red``…);
- ``X-Helpdesk-Delivery``: the delivery's key, the same on every attempt: a receiver that has
  seen it already answers 2xx and does nothing (the one case of a repeat: the receiver accepted,
  the helpdesk died before it recorded so);
- ``X-Helpdesk-Timestamp``: when this attempt was signed, in Unix seconds;
- ``X-Helpdesk-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the endpoint's
  secret, of ``f"{timestamp}.{body}"`` (the raw body bytes, as received).

A receiver verifies before it parses anything (``verify_signature`` is the reference):

1. recompute the HMAC over the timestamp header, a dot and the raw body, with the secret shown
   in admin, and compare it with the signature in constant time (``hmac.compare_digest``);
2. refuse a timestamp more than five minutes from its own clock (either way): a captured request
   replayed later fails, because changing the timestamp breaks the signature;
3. answer 2xx once it has stored the event; anything else is retried with backoff.

In Python::

    ok = verify_signature(SECRET, request.headers["X-Helpdesk-Timestamp"], request.body,
                          request.headers["X-Helpdesk-Signature"], now=time.time())
"""

import hashlib
import hmac
from datetime import datetime

SIGNATURE_PREFIX = "sha256="
TOLERANCE_SECONDS = 300


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def sign(secret: str, timestamp: int | str, body: str | bytes) -> str:
    """The ``X-Helpdesk-Signature`` value of ``body`` sent at ``timestamp``."""
    message = _bytes(str(timestamp)) + b"." + _bytes(body)
    digest = hmac.new(_bytes(secret), message, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify_signature(
    secret: str,
    timestamp: int | str,
    body: str | bytes,
    signature: str,
    now: float | datetime,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """True when ``signature`` is the endpoint's signature of ``body`` at ``timestamp`` and the
    timestamp is within ``tolerance`` seconds of ``now`` (Unix seconds or an aware datetime)."""
    try:
        sent_at = int(str(timestamp).strip())
    except ValueError:
        return False
    current = now.timestamp() if isinstance(now, datetime) else float(now)
    if abs(current - sent_at) > tolerance:
        return False
    expected = sign(secret, sent_at, body)
    return hmac.compare_digest(expected.encode(), (signature or "").strip().encode())
