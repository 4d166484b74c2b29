"""``{% case_type_metrics %}`` on the leads' SLA dashboard (sla's template loads it; sla's
Python never imports timesheets): per category, tickets resolved in the last
``DASHBOARD_DAYS`` days, median time to resolution, public messages back and forth per ticket
and the time logged on them (seed 002: custom code as a case type beside the others), and the
one-touch rate per category and overall (seed 003-03). One query; leads only."""

from datetime import timedelta

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from .. import policies, selectors
from ..display import duration

register = template.Library()

DASHBOARD_DAYS = 30


def elapsed(minutes: int | None) -> str:
    """Calendar time in words: ``3 d 4 h`` from a day on, else hours and minutes."""
    if minutes is None:
        return "–"
    days, rest = divmod(int(minutes), 24 * 60)
    if not days:
        return duration(rest)
    hours = rest // 60
    return f"{days} d {hours} h" if hours else f"{days} d"


@register.simple_tag(takes_context=True)
def case_type_metrics(context) -> str:
    request = context.get("request")
    if request is None or not policies.can_view_reports(request.user):
        return ""
    table = selectors.case_type_metrics(timezone.now() - timedelta(days=DASHBOARD_DAYS))
    rows = [
        {
            "case": case,
            "median": elapsed(case.median_minutes),
            "spent": duration(case.minutes_spent) if case.resolved else "–",
            "per_ticket": duration(case.minutes_per_ticket)
            if case.minutes_per_ticket is not None
            else "–",
        }
        for case in table
    ]
    overall = selectors.CaseType(
        category="",
        label="All case types",
        resolved=sum(case.resolved for case in table),
        median_minutes=None,
        messages_per_ticket=None,
        minutes_spent=sum(case.minutes_spent for case in table),
        one_touch=sum(case.one_touch for case in table),
    )
    return render_to_string(
        "timesheets/_case_types.html",
        {"rows": rows, "overall": overall, "days": DASHBOARD_DAYS},
        request=request,
    )
