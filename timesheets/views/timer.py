"""The timer actions of a time panel: start, stop (logs the time), discard."""

from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError

from .. import services
from ..display import duration
from ..forms import TimerForm
from .common import agent_required, done, task_or_404, ticket_or_404


@agent_required
@require_POST
def timer_start(request):
    form = TimerForm(request.POST)
    if not form.is_valid():
        return done(request, error="Choose an activity for the timer.", status=400)
    data = form.cleaned_data
    task = task_or_404(data["task"])
    ticket = None if task else ticket_or_404(request, data["ticket"]) if data["ticket"] else None
    try:
        outcome = services.start_timer(
            actor=request.user, ticket=ticket, task=task, activity=data["activity"]
        )
    except DomainError as error:
        return done(request, error=error)
    text = "Timer started."
    if outcome.logged is not None:
        text = (
            f"Timer started. The one running on #{outcome.logged.ticket_id} stopped and "
            f"logged {duration(outcome.logged.minutes)}."
        )
    return done(request, success=text)


@agent_required
@require_POST
def timer_stop(request):
    try:
        entry = services.stop_timer(actor=request.user)
    except DomainError as error:
        return done(request, error=error)
    return done(
        request,
        success=f"Timer stopped: {duration(entry.minutes)} of "
        f"{entry.get_activity_display().lower()} logged on #{entry.ticket_id}.",
    )


@agent_required
@require_POST
def timer_discard(request):
    try:
        services.discard_timer(actor=request.user)
    except DomainError as error:
        return done(request, error=error)
    return done(request, success="Timer discarded; nothing was logged.")
