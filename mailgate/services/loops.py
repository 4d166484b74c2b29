"""Loops and noise: which mail is never answered, and how many answers a sender may get.

Never answered (RFC 3834 and common practice): ``Auto-Submitted`` other than ``no``,
``Precedence: bulk/junk/list``, ``X-Autoreply`` / ``X-Autorespond``, and anything from
mailer-daemon or postmaster. (Not ``X-Auto-Response-Suppress``: Outlook puts it on mail people
write too.) An out-of-office is one of those,
or a subject such as "Out of office", "Automatic reply", "Fuera de la oficina".

``may_answer`` counts the automatic answers the outbox holds for a sender over the last hour
(``HELPDESK_MAIL_AUTO_ANSWERS_PER_HOUR``, 5 by default): two helpdesks answering each other
stop after that many rounds.
"""

import re
from datetime import datetime, timedelta
from email.message import EmailMessage

from django.conf import settings

from helpdesk.notifications.models import Notification

# Outbox kinds that answer a received email by themselves (nobody wrote them).
REFUSAL = "mail_refused"
ATTACHMENTS_REFUSED = "mail_attachments_refused"
AUTO_ANSWER_KINDS = frozenset({REFUSAL, ATTACHMENTS_REFUSED, "ticket_received", "follow_up_opened"})

_DAEMONS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.I)
_NO_REPLY = re.compile(r"^(no-?reply|do-?not-?reply|bounces?)[+@.-]", re.I)
_OUT_OF_OFFICE = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]reply|autoreply|"
    r"away from (the )?office|on vacation|fuera de la oficina|respuesta autom[aá]tica|"
    r"ausente|de vacaciones)",
    re.I,
)


def _value(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "").strip().lower()
    except Exception:  # a malformed header is no header
        return ""


def automatic(message: EmailMessage) -> str:
    """Why ``message`` was sent by a machine (the header that says so), or ""."""
    submitted = _value(message, "Auto-Submitted")
    if submitted and submitted != "no":
        return f"Auto-Submitted: {submitted}"
    precedence = _value(message, "Precedence")
    if precedence in {"bulk", "junk", "list", "auto_reply"}:
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        if _value(message, name):
            return f"{name} header"
    return ""


def from_daemon(sender: str) -> bool:
    return bool(_DAEMONS.match(sender or ""))


def from_no_reply(sender: str) -> bool:
    return bool(_NO_REPLY.match(sender or ""))


def out_of_office(message: EmailMessage) -> bool:
    """An out-of-office or other automatic reply (by its headers or its subject)."""
    submitted = _value(message, "Auto-Submitted")
    if submitted == "auto-replied" or _value(message, "X-Autoreply"):
        return True
    return bool(_OUT_OF_OFFICE.match(_value(message, "Subject")))


def auto_answers_last_hour(sender: str, now: datetime) -> int:
    return Notification.objects.filter(
        recipient__iexact=sender,
        kind__in=AUTO_ANSWER_KINDS,
        created_at__gt=now - timedelta(hours=1),
    ).count()


def may_answer(sender: str, now: datetime) -> bool:
    """Whether the helpdesk may send ``sender`` one more automatic answer now."""
    limit = settings.HELPDESK_MAIL_AUTO_ANSWERS_PER_HOUR
    return auto_answers_last_hour(sender, now) < limit
