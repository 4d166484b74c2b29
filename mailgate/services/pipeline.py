"""The pipeline: threading, reply extraction, senders, loops and bounces. (Being built.)"""

from datetime import datetime
from email.message import EmailMessage

from ..models import Mailbox, ReceivedMail
from ..states import Result
from .outcome import Outcome


def process(
    message: EmailMessage,
    *,
    raw: bytes,
    received: ReceivedMail,
    mailbox: Mailbox | None,
    now: datetime,
) -> Outcome:
    return Outcome(Result.DISCARDED, reason="the inbound pipeline is not built yet")
