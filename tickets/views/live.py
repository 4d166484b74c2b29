"""The desk's live updates (docs/decisions/0013-live-updates.md).

The ticket page polls ``ticket_live`` every 5 seconds with the version it shows (``v``), the
presence it shows (``p``) and whether its reply box holds text (``typing``). When nothing
changed the answer is 204 No Content after ONE indexed query (the ticket by primary key, joined
to its fresh presence rows); one poll in two also writes the agent's presence (one upsert).
When something changed, the page's own partials come back, each swapped out of band.

The queue's poll is in ``live_queue``.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import selectors, services
from . import desk
from .common import agent_required, get_or_404


@never_cache
@agent_required
@require_GET
def ticket_live(request, number: int):
    now = timezone.now()
    state = get_or_404(selectors.live_state, request.user, number, now)
    typing = request.GET.get("typing") == "1"
    if services.presence_due(state.me, typing=typing, now=now):
        services.mark_presence(number, actor=request.user, typing=typing, me=state.me, at=now)
    # ``full``: once a minute the page asks for everything anyway, for what moves with time
    # alone (the SLA badge's "2h left") or lives in panels of other apps.
    changed = request.GET.get("v") != state.version or request.GET.get("full") == "1"
    presence = {"others": state.others, "presence_key": state.presence_key}
    if not changed:
        if request.GET.get("p") == state.presence_key:
            return HttpResponse(status=204)
        return render(request, "desk/_live_presence.html", {**presence, "oob": True})
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    return render(
        request, "desk/_live_swap.html", {**desk.page_context(request, ticket), **presence}
    )
