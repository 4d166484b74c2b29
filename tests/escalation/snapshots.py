"""What a refused action must leave untouched."""

from escalation.models import Escalation, OnCallAlert, TicketRouting
from helpdesk.notifications.models import Notification
from sla.models import SlaClock
from tickets.models import Message, Ticket


def world(ticket) -> dict:
    fresh = Ticket.objects.get(pk=ticket.pk)
    return {
        "ticket": (fresh.tier_id, fresh.assignee_id, fresh.status, fresh.last_word),
        "tags": sorted(fresh.tags.values_list("name", flat=True)),
        "messages": list(Message.objects.order_by("id").values_list("id", "ticket_id", "kind")),
        "tickets": Ticket.objects.count(),
        "escalations": Escalation.objects.count(),
        "alerts": list(OnCallAlert.objects.values_list("id", "state")),
        "routing": list(
            TicketRouting.objects.values_list("ticket_id", "team_id", "notify_product")
        ),
        "outbox": Notification.objects.count(),
        "clocks": list(SlaClock.objects.order_by("id").values_list("id", "tier_id", "state")),
    }
