"""The rotas page, ``/desk/escalation/rota/``: who staffs Triage, who is T3 of the week and who
is on call, this week and the week before (seed 003-15). Shifts are set in admin."""

from django.shortcuts import render

from helpdesk.core.gates import agent_required
from helpdesk.core.weeks import week_of

from .selectors import rota as rota_selectors


@agent_required
def rota_page(request):
    week = week_of(request.GET.get("week"))
    this_week, last_week = rota_selectors.rota_weeks(week)
    return render(
        request,
        "escalation/rota.html",
        {"week": week, "weeks": [this_week, last_week]},
    )
