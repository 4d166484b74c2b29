"""Task panels on the ticket pages (desk and portal)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_tasks(context, ticket) -> str:
    """Desk ticket page: the ticket's engineering tasks."""
    return ""


@register.simple_tag(takes_context=True)
def portal_ticket_tasks(context, ticket) -> str:
    """Portal ticket page: tasks waiting for the customer's UAT answer."""
    return ""
