"""SLA on desk pages: ``{% sla_badge ticket %}`` in queue rows (prefetch ``sla_clocks`` and
``first_response_clocks``, as ``selectors.queue_row_clocks`` and
``selectors.queue_row_first_response`` do for the desk queue) and ``{% sla_clocks ticket %}``
on the ticket page, which explains how each deadline was computed. Both name the nearest
deadline in the same words (``selectors.badge_deadline``)."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from escalation.selectors import rules_of
from sla import selectors
from sla.policies import (
    business_span,
    first_response_deadline,
    standing,
    tier_deadline,
    time_box_nudge,
)

register = template.Library()

NO_CLOCK = mark_safe('<span class="has-text-grey">—</span>')


@register.simple_tag
def sla_badge(ticket):
    """One badge per queue row: built with format_html, not a template, because a page of 50
    rows renders it 50 times (an inclusion tag cost a third of the queue's render time)."""
    deadline = selectors.badge_deadline(ticket, selectors.current_clock(ticket), timezone.now())
    if deadline is None:
        return NO_CLOCK
    return format_html(
        '<span class="tag sla-{}" title="SLA in business time" data-sla-badge>{}</span>',
        deadline.colour,
        deadline.text,
    )


@register.inclusion_tag("sla/_clocks.html")
def sla_clocks(ticket):
    now = timezone.now()
    clocks = list(selectors.clocks_of(ticket))
    current = next((clock for clock in clocks if clock.tier_id == ticket.tier_id), None)
    first = selectors.first_response_clock(ticket)
    rules = rules_of(ticket.tier)
    box = (rules.research_minutes or 0) + (rules.answer_minutes or 0)
    return {
        "time_box": time_box_nudge(box, current, ticket.tier.code, now),
        "rows": [
            (clock, standing(clock, now), tier_deadline(clock, clock.tier.name, now))
            for clock in clocks
        ],
        "current_tier_id": ticket.tier_id,
        "current_ticket_id": ticket.pk,
        "nearest": selectors.badge_deadline(ticket, current, now),
        "first": first,
        "first_category": selectors.category_label(first.category) if first else "",
        "first_deadline": first_response_deadline(first, now) if first else None,
        "first_target": business_span(
            first.target_minutes, selectors.calendar_day_minutes(first.calendar)
        )
        if first
        else "",
    }


@register.filter
def business_hours(minutes) -> str:
    """``{{ 480|business_hours }}`` → "8 business hours" (never raw minutes on a page)."""
    return business_span(int(minutes or 0), 0)
