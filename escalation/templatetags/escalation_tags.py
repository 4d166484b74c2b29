"""Escalation on the desk's ticket page: ``{% on_call_banner ticket %}``, the banner of an
escalation to On-Call that waits for a lead's confirmation (one query)."""

from django import template

from escalation import selectors

register = template.Library()


@register.inclusion_tag("escalation/_on_call_banner.html")
def on_call_banner(ticket):
    return {"ticket": ticket, "held": selectors.awaiting_request(ticket)}
