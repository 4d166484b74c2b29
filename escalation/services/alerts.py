"""Staff alerts escalation publishes (``helpdesk.notifications.events``), recipients computed
here in the caller's transaction:

- escalated to your tier: the agents of the tier the ticket moved to;
- a followed ticket changed: the ticket's followers (``TicketRouting.followers``, "Follow this
  ticket") on every status change and customer reply (``escalation.receivers``);
- an On-Call page: the paged agents who are users (the paging chain mails them itself), and a
  lead's confirmation asked for in working hours (``lead_check``, step "confirm").
"""

from collections.abc import Iterable
from datetime import datetime

from helpdesk.notifications import events
from tickets.models import Ticket, Tier
from tickets.selectors import tier_agent_ids
from tickets.services.alerts import desk_url

from ..models import Escalation, OnCallAlert, TicketRouting


def escalated(ticket: Ticket, escalation: Escalation, *, target: Tier, actor) -> None:
    recipients = tuple(tier_agent_ids([target.pk])[target.pk])
    events.publish(
        events.Event(
            name=events.Name.ESCALATED,
            at=escalation.at,
            dedupe_key=f"escalated:{escalation.pk}",
            title=f"#{ticket.pk} was escalated to {target.code}: {ticket.subject}",
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            recipients=recipients,
            actor_id=getattr(actor, "pk", None),
            data={
                "ticket": ticket.pk,
                "direction": escalation.direction,
                "from_tier": escalation.from_tier.code,
                "to_tier": target.code,
            },
        )
    )


def follower_ids(ticket_id: int) -> tuple[int, ...]:
    """The ticket's followers, in one query (none when nobody ever routed the ticket)."""
    return tuple(
        TicketRouting.followers.through.objects.filter(
            ticketrouting_id=ticket_id, user__is_active=True
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def followed_changed(ticket: Ticket, *, what: str, key: str, actor, at: datetime) -> None:
    """``what`` happened to a ticket people follow ("is now Open", "the customer replied")."""
    recipients = follower_ids(ticket.pk)
    if not recipients:
        return
    events.publish(
        events.Event(
            name=events.Name.FOLLOWED_CHANGED,
            at=at,
            dedupe_key=f"followed:{ticket.pk}:{key}",
            title=f"#{ticket.pk} {what}: {ticket.subject}",
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            recipients=recipients,
            actor_id=getattr(actor, "pk", None),
            data={"ticket": ticket.pk, "status": ticket.status, "change": key},
        )
    )


def paged(alert: OnCallAlert, ticket: Ticket, step: str, users: Iterable, at: datetime) -> None:
    """The in-app side of an On-Call page step, for the people paged who are users; published
    even when nobody is (no one on call): a chat webhook subscribed to ``oncall.page`` must
    always hear of an On-Call issue (seed 003: "Always mention On-Call issues in Helpdesk
    chat with the link to the ticket")."""
    recipients = tuple(dict.fromkeys(user.pk for user in users if getattr(user, "pk", None)))
    events.publish(
        events.Event(
            name=events.Name.ON_CALL_PAGE,
            at=at,
            dedupe_key=f"oncall-{step}:{alert.pk}",
            title=f"On-Call {'page' if step == 'page' else 'ticket'} #{ticket.pk}: "
            f"{ticket.subject}",
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            recipients=recipients,
            data={"ticket": ticket.pk, "alert": alert.pk, "step": step},
        )
    )
