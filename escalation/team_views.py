"""The teams' queues on the desk, under ``/desk/teams/`` (seed 003: a ticket sent to
Engagement, Product or Marketing is the team's; Product also reads the Notify Product flags)."""

from django.http import Http404
from django.shortcuts import render

from helpdesk.core.gates import agent_required

from . import selectors
from .services.routing import PRODUCT_TEAM


@agent_required
def teams(request):
    context = {
        "teams": selectors.teams_with_counts(),
        "flags": selectors.open_flag_count(),
        "product": PRODUCT_TEAM,
    }
    return render(request, "escalation/teams.html", context)


@agent_required
def team(request, slug: str):
    found = selectors.team_named(slug)
    if found is None:
        raise Http404("No such team.")
    is_product = found.slug == PRODUCT_TEAM
    context = {
        "team": found,
        "tickets": list(selectors.team_queue(found)),
        "flagged": list(selectors.product_flagged()) if is_product else None,
        "is_member": found.members.filter(pk=request.user.pk).exists(),
        "page_size": selectors.TEAM_PAGE,
    }
    return render(request, "escalation/team.html", context)
