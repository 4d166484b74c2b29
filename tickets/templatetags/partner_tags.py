"""``{% partner_tickets ticket %}``: the desk ticket page's "Partner tickets" panel (seed
003-61): the partners' ticket numbers this ticket waits on, and a form to record one. Two
queries (the ticket's partner tickets, the partners to choose from); staff only."""

from django import template
from django.template.loader import render_to_string

from helpdesk.core import roles

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_tickets(context, ticket) -> str:
    request = context.get("request")
    if request is None or not roles.is_agent(request.user):
        return ""
    return render_to_string(
        "desk/_partner_tickets.html",
        {
            "ticket": ticket,
            "partner_tickets": selectors.partner_tickets_of(ticket.pk),
            "partners": selectors.partners_for_choice(),
        },
        request=request,
    )
