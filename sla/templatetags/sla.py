"""SLA on desk pages: ``{% sla_badge ticket %}`` in queue rows (prefetch ``sla_clocks``, as
``selectors.queue_row_clocks`` does for the desk queue) and
``{% sla_clocks ticket %}`` on the ticket page, which explains how each deadline was computed."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from sla import selectors
from sla.policies import standing

register = template.Library()

NO_CLOCK = mark_safe('<span class="has-text-grey">—</span>')


@register.simple_tag
def sla_badge(ticket):
    """One badge per queue row: built with format_html, not a template, because a page of 50
    rows renders it 50 times (an inclusion tag cost a third of the queue's render time)."""
    standing = selectors.ticket_standing(ticket)
    if not standing:
        return NO_CLOCK
    return format_html(
        '<span class="tag sla-{}" title="SLA in business time">{}</span>',
        standing.colour,
        standing.text,
    )


@register.inclusion_tag("sla/_clocks.html")
def sla_clocks(ticket):
    now = timezone.now()
    clocks = list(selectors.clocks_of(ticket))
    return {
        "rows": [(clock, standing(clock, now)) for clock in clocks],
        "current_tier_id": ticket.tier_id,
    }
