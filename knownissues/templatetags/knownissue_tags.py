"""Known-issue panels: ``{% ticket_known_issues ticket %}`` on the desk ticket page and
``{% known_issue_signals %}`` (leads only) on the SLA dashboard and the tracker."""

from django import template
from django.template.loader import render_to_string

from knownissues import policies, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_known_issues(context, ticket) -> str:
    """Desk ticket page: the known issues this ticket is linked to, link / unlink (one query)."""
    request = context.get("request")
    if request is None or not policies.may_view(request.user):
        return ""
    return render_to_string(
        "knownissues/_ticket_panel.html",
        {"ticket": ticket, "links": selectors.issues_of_ticket(ticket)},
        request=request,
    )


@register.simple_tag(takes_context=True)
def known_issue_signals(context) -> str:
    """ "Create a known issue?" and "post on the status page?" for leads (at most five queries)."""
    request = context.get("request")
    if request is None or not policies.may_see_signals(request.user):
        return ""
    return render_to_string(
        "knownissues/_signals.html", {"signals": selectors.lead_signals()}, request=request
    )


@register.filter
def takes_tickets(issue) -> bool:
    """``{% if issue|takes_tickets %}``: the rule ``services.link_ticket`` applies."""
    return policies.issue_takes_tickets(issue)


@register.filter
def may_be_posted(issue) -> bool:
    """``{% if issue|may_be_posted %}``: the rule ``services.post_incident`` applies."""
    return policies.issue_may_be_posted(issue)
