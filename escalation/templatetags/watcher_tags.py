"""``{% ticket_watchers ticket %}``: the desk ticket page's Watchers panel (seed 003-55)."""

from django import template
from django.template.loader import render_to_string

from escalation import policies, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_watchers(context, ticket) -> str:
    """Who follows the ticket, add a colleague, remove one (two queries). Staff only."""
    request = context.get("request")
    if request is None or not policies.may_escalate(request.user):
        return ""
    watchers = selectors.watchers_of(ticket.pk)
    watching = {user.pk for user in watchers}
    return render_to_string(
        "escalation/_watchers.html",
        {
            "ticket": ticket,
            "watchers": watchers,
            "me_watching": request.user.pk in watching,
            "candidates": [u for u in selectors.watcher_candidates() if u.pk not in watching],
        },
        request=request,
    )
