"""Presence on the desk's ticket page, and the reply guard against a message that arrived while
an agent was writing (docs/decisions/0013-live-updates.md)."""

from datetime import datetime, timedelta

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied

from ..errors import NewerMessage
from ..models import Message, Ticket, TicketPresence
from ..selectors import Viewer
from ..states import PUBLIC_MESSAGE_KINDS

# A presence row is written again once it is this old (it expires after PRESENCE_TTL, 30 s):
# with a 5-second poll, one poll in two writes.
PRESENCE_BEAT = timedelta(seconds=10)


def presence_due(me: Viewer | None, *, typing: bool, now: datetime) -> bool:
    """Whether this poll must write the agent's presence: none yet, an old one, or typing
    started or stopped."""
    return me is None or me.seen_at < now - PRESENCE_BEAT or me.typing != typing


def mark_presence(ticket_id: int, *, actor, typing: bool, me: Viewer | None, at: datetime) -> None:
    """The agent has the ticket open (and is writing a reply when ``typing``): ONE statement,
    an INSERT … ON CONFLICT (ticket, user) DO UPDATE, atomic on its own. ``me`` is the agent's
    current row (``selectors.live_state``): a reply started earlier keeps its start."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents show on the desk's ticket pages.")
    typing_since = (me.typing_since if me and me.typing else at) if typing else None
    TicketPresence.objects.bulk_create(
        [TicketPresence(ticket_id=ticket_id, user=actor, seen_at=at, typing_since=typing_since)],
        update_conflicts=True,
        unique_fields=["ticket", "user"],
        update_fields=["seen_at", "typing_since"],
    )


def refuse_if_newer(ticket: Ticket, *, actor, seen_message_id: int | None) -> None:
    """Refuse (409) a reply written while a newer public message from someone else arrived:
    ``seen_message_id`` is the newest one the agent's page showed (None: no check, as in the
    API). The caller holds the ticket's lock."""
    if seen_message_id is None:
        return
    newer = (
        Message.objects.filter(ticket=ticket, kind__in=PUBLIC_MESSAGE_KINDS, pk__gt=seen_message_id)
        .exclude(author=actor)
        .select_related("author")
        .order_by("pk")
        .first()
    )
    if newer is None:
        return
    who = newer.author.get_username() if newer.author else "the helpdesk"
    raise NewerMessage(
        f"{who} wrote on this ticket while you were writing. Read the new message above, then "
        "send again: your text is kept.",
        message_id=newer.pk,
    )
