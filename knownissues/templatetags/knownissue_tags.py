"""Known-issue panels on the desk ticket page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_known_issues(context, ticket) -> str:
    """Desk ticket page: the known issues this ticket is linked to, link / unlink."""
    return ""
