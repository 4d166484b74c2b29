"""``{% organization_panel ticket %}`` on the desk ticket page: the organization's profile in
short (one query), with the offer to update its Deep Dive once the ticket is resolved."""

from django import template
from django.template.loader import render_to_string

from .. import policies
from ..selectors import organizations
from ..states import Status

register = template.Library()

LEARNED_FROM = frozenset({Status.RESOLVED, Status.CLOSED})


@register.simple_tag(takes_context=True)
def organization_panel(context, ticket) -> str:
    request = context.get("request")
    if request is None:
        return ""
    if not policies.may_see_organization_profile(request.user):
        return ""
    return render_to_string(
        "desk/_organization_panel.html",
        {
            "ticket": ticket,
            "profile": organizations.panel_profile(request.user, ticket),
            "learned": ticket.status in LEARNED_FROM,
        },
        request=request,
    )
