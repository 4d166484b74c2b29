"""Per-ticket reply addresses: ``support+<number>-<token>@example.com``.

Every email about a ticket carries one in ``Reply-To``, so the answer finds its ticket whatever
the mail client does with the subject and the threading headers. The token is an HMAC of the
ticket number, the side thread (when there is one) and the address the email was sent to: a
sender who only knows a ticket number cannot write into it, and an address handed to one
recipient does not work for another. ``parse`` reads the address back; ``token_matches`` checks
it against the sender's address.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "helpdesk.notifications.addresses"
TOKEN_CHARS = 16


def support_address() -> str:
    """The helpdesk's own inbound address (``HELPDESK_SUPPORT_ADDRESS``)."""
    return settings.HELPDESK_SUPPORT_ADDRESS


def _split(address: str) -> tuple[str, str]:
    local, _, domain = address.strip().rpartition("@")
    return local, domain.lower()


def token(ticket_number: int, recipient: str, *, thread: int | None = None) -> str:
    value = f"{ticket_number}:{thread or ''}:{recipient.strip().lower()}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:TOKEN_CHARS]


def reply_address(ticket_number: int, recipient: str, *, thread: int | None = None) -> str:
    """The address ``recipient`` answers to about ``ticket_number`` (or its side ``thread``)."""
    local, domain = _split(support_address())
    middle = f"{ticket_number}-t{thread}" if thread else f"{ticket_number}"
    return f"{local}+{middle}-{token(ticket_number, recipient, thread=thread)}@{domain}"


@dataclass(frozen=True)
class ReplyAddress:
    ticket_number: int
    thread: int | None
    token: str


_TAG = re.compile(r"^(?P<number>\d{1,18})(?:-t(?P<thread>\d{1,18}))?-(?P<token>[0-9a-f]{16})$")


def parse(address: str) -> ReplyAddress | None:
    """The ticket (and side thread) an address names, or None when it is not a reply address
    of this helpdesk. The token is not checked here: see ``token_matches``."""
    local, domain = _split(address)
    base_local, base_domain = _split(support_address())
    base, plus, tag = local.partition("+")
    if not plus or base.lower() != base_local.lower() or domain != base_domain:
        return None
    match = _TAG.match(tag.lower())
    if not match:
        return None
    thread = match["thread"]
    return ReplyAddress(int(match["number"]), int(thread) if thread else None, match["token"])


def token_matches(reply: ReplyAddress, recipient: str) -> bool:
    """True when ``reply`` is the address the helpdesk gave ``recipient``."""
    expected = token(reply.ticket_number, recipient, thread=reply.thread)
    return constant_time_compare(expected, reply.token)
