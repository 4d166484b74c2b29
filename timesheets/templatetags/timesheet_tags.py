"""Time panels on the ticket and task pages (desk) and the time spent on the portal."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_time(context, ticket) -> str:
    """Desk ticket page: start/stop timer, manual entry, the entries logged."""
    return ""


@register.simple_tag(takes_context=True)
def portal_ticket_time(context, ticket) -> str:
    """Portal ticket page: time actually spent on the ticket (billable and total)."""
    return ""
