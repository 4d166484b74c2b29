"""Knowledge panels other apps' templates include (their Python never imports knowledge):

- ``{% ticket_knowledge ticket %}`` on the desk ticket page: the articles that answer the ticket
  (one query), the doc requests it is in (one query) and the search to find, insert and link
  one; agents only.
- ``{% knowledge_dashboard %}`` on the leads' SLA dashboard: deflections, answers and votes per
  article (one query), and the live doc requests with those from three duplicates (one query);
  leads only.
"""

from datetime import timedelta

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from knowledge import policies, selectors

register = template.Library()

DASHBOARD_DAYS = 30


@register.simple_tag(takes_context=True)
def ticket_knowledge(context, ticket) -> str:
    request = context.get("request")
    if request is None or not policies.may_link_tickets(request.user):
        return ""
    return render_to_string(
        "knowledge/_panel.html",
        {
            "ticket": ticket,
            "links": selectors.links_of_ticket(ticket),
            "doc_requests": selectors.live_requests_of_ticket(ticket.pk),
        },
        request=request,
    )


@register.simple_tag(takes_context=True)
def knowledge_dashboard(context) -> str:
    request = context.get("request")
    if request is None or not policies.may_see_stats(request.user):
        return ""
    since = timezone.now() - timedelta(days=DASHBOARD_DAYS)
    return render_to_string(
        "knowledge/_dashboard.html",
        {
            "figures": selectors.knowledge_figures(since),
            "days": DASHBOARD_DAYS,
            "docs": selectors.doc_request_figures(),
        },
        request=request,
    )
