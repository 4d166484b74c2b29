"""The events the tickets services publish on the bus (``helpdesk.notifications.events``),
inside the service's transaction, with a dedupe key that names the change (a replayed change is
told once, a rolled-back one never).

For the team's other tools (webhooks): a ticket filed, a status changed. What goes in ``title``
and ``data`` is what staff may read anywhere: numbers, the subject, statuses, who did it; never a
message body, never the comment of a transition (it may be internal).

Staff alerts, with their recipients computed here:

- a customer replied: the assignee, or the agents of the ticket's tier when nobody holds it;
- a ticket was assigned to you: the new assignee (not when they took it themselves);
- an @mention in an internal note: the agents named (``tickets.mentions``).

The notifications layer turns each event into in-app lines and emails per person's choice, and
never tells the actor about their own action.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from helpdesk.core import roles
from helpdesk.core.links import absolute_url
from helpdesk.notifications import events

from ..mentions import mentioned_usernames
from ..models import Message, Ticket, TransitionLog
from ..selectors import tier_agent_ids
from ..states import Status


def desk_url(number: int) -> str:
    return absolute_url("desk-ticket", number)


def holders_or_tier(ticket: Ticket) -> tuple[int, ...]:
    """Who answers for ``ticket``: its assignee, else every agent of its tier."""
    if ticket.assignee_id is not None:
        return (ticket.assignee_id,)
    return tuple(tier_agent_ids([ticket.tier_id])[ticket.tier_id])


def _actor_id(actor) -> int | None:
    return getattr(actor, "pk", None)


def customer_replied(
    ticket: Ticket, message: Message | None, *, actor, at: datetime, told: Ticket | None = None
) -> None:
    """``message`` is the customer's reply on ``ticket``. A reply to a closed ticket opened
    ``ticket`` instead (no message: its description is the reply); ``told`` is then the closed
    ticket, whose assignee knows the story and hears of it (else the new ticket's tier)."""
    recipients = holders_or_tier(told if told is not None and told.assignee_id else ticket)
    events.publish(
        events.Event(
            name=events.Name.CUSTOMER_REPLIED,
            at=at,
            dedupe_key=f"customer-replied:{ticket.pk}:{message.pk if message else 'opened'}",
            title=(
                f"Customer replied on #{ticket.pk}: {ticket.subject}"
                if told is None
                else f"Customer replied to closed #{told.pk}, which opened #{ticket.pk}"
            ),
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            recipients=recipients,
            actor_id=_actor_id(actor),
            data={
                "ticket": ticket.pk,
                "message": message.pk if message else None,
                "status": ticket.status,
            },
        )
    )


def assigned(ticket: Ticket, *, actor, previous_id: int | None, at: datetime) -> None:
    """The ticket has a new holder (nothing when unassigned or given to the same person)."""
    if ticket.assignee_id is None or ticket.assignee_id == previous_id:
        return
    events.publish(
        events.Event(
            name=events.Name.ASSIGNED,
            at=at,
            dedupe_key=f"assigned:{ticket.pk}:{ticket.assignee_id}:{at.isoformat()}",
            title=f"#{ticket.pk} was assigned to you: {ticket.subject}",
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            recipients=(ticket.assignee_id,),
            actor_id=_actor_id(actor),
            data={"ticket": ticket.pk, "assignee": ticket.assignee_id, "previous": previous_id},
        )
    )


def mentioned(ticket: Ticket, message: Message, *, actor, at: datetime) -> tuple[int, ...]:
    """The agents an internal note @mentions (unknown names and customers are ignored): told,
    and returned."""
    names = mentioned_usernames(message.body)
    if not names:
        return ()
    staff = Q(is_superuser=True) | Q(groups__name__in=[roles.AGENTS_GROUP, roles.LEADS_GROUP])
    user_ids = tuple(
        get_user_model()
        .objects.filter(staff, username__in=names, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    if not user_ids:
        return ()
    author = actor.get_username() if actor is not None else "The helpdesk"
    events.publish(
        events.Event(
            name=events.Name.MENTIONED,
            at=at,
            dedupe_key=f"mentioned:{ticket.pk}:{message.pk}",
            title=f"{author} mentioned you on #{ticket.pk}: {ticket.subject}",
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk) + f"#message-{message.pk}",
            recipients=user_ids,
            actor_id=_actor_id(actor),
            data={"ticket": ticket.pk, "message": message.pk},
        )
    )
    return user_ids


def _label(status: str) -> str:
    return Status(status).label if status in Status.values else status


def ticket_created(ticket: Ticket, at: datetime, actor=None) -> None:
    events.publish(
        events.Event(
            name=events.Name.TICKET_CREATED,
            at=at,
            dedupe_key=f"ticket-created:{ticket.pk}",
            title=f"New ticket #{ticket.pk}: {ticket.subject}",
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            actor_id=actor.pk if actor is not None else None,
            data={
                "subject": ticket.subject,
                "status": ticket.status,
                "category": ticket.category,
                "priority": ticket.priority,
                "tier": ticket.tier.code if ticket.tier_id else None,
            },
        )
    )


def status_changed(log: TransitionLog, ticket: Ticket) -> None:
    """``log`` (just written) moved ``ticket`` from one status to another."""
    actor = log.actor
    events.publish(
        events.Event(
            name=events.Name.STATUS_CHANGED,
            at=log.created_at,
            dedupe_key=f"status-changed:{ticket.pk}:{log.pk}",
            title=(
                f"#{ticket.pk} {ticket.subject}: "
                f"{_label(log.from_status)} → {_label(log.to_status)}"
            ),
            ticket_number=ticket.pk,
            url=desk_url(ticket.pk),
            actor_id=actor.pk if actor is not None else None,
            data={
                "subject": ticket.subject,
                "transition": log.transition,
                "from_status": log.from_status,
                "to_status": log.to_status,
                "by": actor.get_username() if actor is not None else None,
            },
        )
    )
