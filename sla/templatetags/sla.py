"""SLA on desk pages: ``{% sla_badge ticket %}`` in queue rows (prefetch ``sla_clocks``) and
``{% sla_clocks ticket %}`` on the ticket page, which explains how each deadline was computed."""

from django import template
from django.utils import timezone

from sla import selectors
from sla.clocks import standing

register = template.Library()


@register.inclusion_tag("sla/_badge.html")
def sla_badge(ticket):
    return {"standing": selectors.ticket_standing(ticket)}


@register.inclusion_tag("sla/_clocks.html")
def sla_clocks(ticket):
    now = timezone.now()
    clocks = list(selectors.clocks_of(ticket))
    return {
        "rows": [(clock, standing(clock, now)) for clock in clocks],
        "current_tier_id": ticket.tier_id,
    }
