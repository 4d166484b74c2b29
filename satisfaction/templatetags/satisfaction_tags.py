"""Satisfaction panels other apps' templates include (their Python never imports satisfaction):

- ``{% portal_satisfaction ticket %}`` on the customer's ticket page: the question of the
  ticket's latest resolution (one query), for the customer who asked only, once it is resolved
  or closed, until the question closes (``ANSWER_DAYS``); the answer stays shown after that.
- ``{% satisfaction_dashboard %}`` on the leads' SLA dashboard: answers per agent, tier and
  category (three queries); leads only.
"""

from datetime import timedelta

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from satisfaction import policies, selectors
from satisfaction.forms import PortalAnswerForm
from satisfaction.states import ANSWER_DAYS
from tickets.states import Status

register = template.Library()

DASHBOARD_DAYS = 30
ASKED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})


@register.simple_tag(takes_context=True)
def portal_satisfaction(context, ticket) -> str:
    request = context.get("request")
    if request is None or ticket.status not in ASKED_STATUSES:
        return ""
    if not policies.may_answer_in_portal(request.user, ticket):
        return ""
    survey = selectors.latest_survey(ticket)
    if survey is None:
        return ""
    closed_at = survey.resolved_at + timedelta(days=ANSWER_DAYS)
    if survey.answered_at is None and timezone.now() > closed_at:
        return ""
    return render_to_string(
        "satisfaction/_portal_question.html",
        {"ticket": ticket, "survey": survey, "form": PortalAnswerForm()},
        request=request,
    )


@register.simple_tag(takes_context=True)
def satisfaction_dashboard(context) -> str:
    request = context.get("request")
    if request is None or not policies.may_see_figures(request.user):
        return ""
    figures = selectors.dashboard_figures(timezone.now() - timedelta(days=DASHBOARD_DAYS))
    tables = [
        {"key": "agent", "noun": "agent", "heading": "Agent", "rows": figures["agents"]},
        {"key": "tier", "noun": "tier", "heading": "Tier", "rows": figures["tiers"]},
        {
            "key": "category",
            "noun": "category",
            "heading": "Category",
            "rows": figures["categories"],
        },
    ]
    return render_to_string(
        "satisfaction/_dashboard.html",
        {"tables": tables, "days": DASHBOARD_DAYS},
        request=request,
    )
