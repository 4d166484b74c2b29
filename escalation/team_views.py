"""The desk's directories: the teams' queues under ``/desk/teams/`` (seed 003: a ticket sent to
Engagement, Product or Marketing is the team's; Product also reads the Notify Product flags),
and seed 000's Experts list under ``/desk/experts/``."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import BulmaMixin, apply_domain_error
from helpdesk.core.gates import agent_required, refused_status

from . import selectors, services
from .services.routing import PRODUCT_TEAM, PROFESSIONAL_SERVICES


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
        # every ticket sent there was marked a billable change (services.routing, seed 002)
        "billable_team": found.slug == PROFESSIONAL_SERVICES,
        "is_member": found.members.filter(pk=request.user.pk).exists(),
        "page_size": selectors.TEAM_PAGE,
    }
    return render(request, "escalation/team.html", context)


class TopicsForm(BulmaMixin, forms.Form):
    topics = forms.CharField(
        label="Your topics",
        required=False,
        max_length=500,
        help_text="What colleagues may ask you about, comma-separated (e.g. invoicing, Stripe).",
    )


@agent_required
def experts(request):
    """Seed 000's Experts list: who to ask about a topic; each agent keeps their own topics."""
    form, status = TopicsForm(initial={"topics": selectors.topics_of(request.user)}), 200
    if request.method == "POST":
        form, status = TopicsForm(request.POST), 400
        if form.is_valid():
            try:
                services.set_topics(request.user, form.cleaned_data["topics"])
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
            else:
                messages.success(request, "Your topics are saved.")
                return redirect("desk-experts")
    query = request.GET.get("q", "")[:100]
    context = {"experts": selectors.experts(query), "query": query, "form": form}
    return render(request, "escalation/experts.html", context, status=status)
