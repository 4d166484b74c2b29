"""Tell the followers of a ticket ("Follow this ticket") what happened to it: the tickets
services send these signals inside their transactions."""

from django.dispatch import receiver

from tickets.signals import customer_replied, staff_mentioned, ticket_changed, tickets_merged

from .services import alerts
from .services.routing import carry_followers
from .services.watchers import follow_mentioned


@receiver(ticket_changed, dispatch_uid="escalation.followers_status")
def _status_changed(sender, ticket, at, transition=None, actor=None, **kwargs):
    # A customer's reply that reopens the ticket is told once, as a reply (below).
    if transition is None or transition == "customer_replied":
        return
    alerts.followed_changed(
        ticket,
        what=f"is now {ticket.get_status_display()}",
        key=f"status:{transition}:{at.isoformat()}",
        actor=actor,
        at=at,
    )


@receiver(customer_replied, dispatch_uid="escalation.followers_reply")
def _customer_replied(sender, ticket, message, at, actor=None, **kwargs):
    alerts.followed_changed(
        ticket, what="has a reply from the customer", key=f"reply:{message.pk}", actor=actor, at=at
    )


@receiver(tickets_merged, dispatch_uid="escalation.followers_merged")
def _merged(sender, source, target, **kwargs):
    carry_followers(source, target)


@receiver(staff_mentioned, dispatch_uid="escalation.mentioned_follow")
def _mentioned(sender, ticket, user_ids, **kwargs):
    # Seed 003-55: the agents a note @mentions follow the ticket from then on.
    follow_mentioned(ticket, user_ids)
