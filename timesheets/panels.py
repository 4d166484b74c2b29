"""What the time panels show: the desk's ticket and task panels and the portal's time-spent box.

Shared by the template tags (first render) and the views (htmx swaps after an action), so both
show the same thing. Each panel costs a fixed number of queries.
"""

from django.conf import settings
from django.utils import timezone

from helpdesk.core import roles
from tickets.states import Status

from . import policies, selectors, services
from .context_processors import header_timer_of
from .forms import CallForm, EntryForm, FollowUpForm
from .models import TimeEntry
from .states import Activity, CallStatus

RECENT_ENTRIES = 10


def desk_panel(
    user, *, ticket=None, task=None, entry_form=None, call_form=None, notice=None, next_url=""
):
    """The time panel of a ticket (or of one task): totals, the timer, recent entries, the
    manual-entry form; for a ticket also its support packs, its technical calls with the call
    form, and the form to plan a follow-up."""
    if task is not None:
        ticket = task.ticket
        totals = selectors.task_totals(task)
        entries = TimeEntry.objects.filter(task=task)
        dom_id = f"time-panel-task-{task.pk}"
    else:
        totals = selectors.ticket_totals(ticket)
        entries = TimeEntry.objects.filter(ticket=ticket)
        dom_id = "time-panel"
    recent = list(entries.select_related("agent", "task").order_by("-date", "-id")[:RECENT_ENTRIES])
    timer = selectors.running_timer(user)
    here = timer is not None and (
        (task is not None and timer.task_id == task.pk)
        or (task is None and timer.ticket_id == ticket.pk and timer.task_id is None)
    )
    if timer is not None:
        seconds = (timezone.now() - timer.started_at).total_seconds()
        timer.elapsed_minutes = max(int(seconds // 60), 0)
    initial = {"ticket": ticket.pk, "task": task.pk if task else None}
    context = {
        "user": user,
        "is_lead": roles.is_lead(user),
        "ticket": ticket,
        "task": task,
        "dom_id": dom_id,
        "totals": totals,
        "entries": recent,
        "more_entries": totals["entries"] > len(recent),
        "timer": timer,
        "timer_here": here,
        # the desk header's timer, refreshed out of band when an action swaps the panel
        "header_timer": header_timer_of(timer),
        "activities": Activity.choices,
        "entry_form": entry_form
        or EntryForm(initial=initial, fixed_ticket=True, prefix_id=f"{dom_id}-entry"),
        "notice": notice,
        "next_url": next_url,
        "now": timezone.now(),
    }
    if task is None:
        context["packs"] = selectors.current_packs(ticket.organization_id)
        context["calls"] = [
            _call_row(call, context["now"]) for call in selectors.calls_of_ticket(ticket)
        ]
        context["call_form"] = call_form or CallForm()
        context["follow_up_form"] = FollowUpForm()
    return context


def _call_row(call, now):
    no_show_from = services.no_show_allowed_at(call)
    return {
        "call": call,
        "open": call.status == CallStatus.SCHEDULED,
        "started": now >= call.scheduled_at,
        "no_show_from": no_show_from,
        "no_show_ready": now >= no_show_from,
        "wait": settings.HELPDESK_CALL_NO_SHOW_WAIT_MINUTES,
    }


def call_rows(calls, now=None):
    now = now or timezone.now()
    return [_call_row(call, now) for call in calls]


def portal_panel(user, ticket) -> dict | None:
    """Time actually spent on the customer's ticket, next to how long it has been open
    (seed 004: "in progress for 5 days" is not "worked on for 5 days"). Totals only: never
    who worked or their notes."""
    if not policies.can_see_ticket_totals(user, ticket):
        return None
    totals = selectors.customer_ticket_totals(ticket)
    finished = {Status.CLOSED: ticket.closed_at, Status.RESOLVED: ticket.resolved_at}
    end = finished.get(ticket.status) or timezone.now()
    return {
        "ticket": ticket,
        "total": totals["total"],
        "billable": totals["billable"],
        "non_billable": totals["total"] - totals["billable"],
        "open_since": ticket.created_at,
        "open_until": end,
        "still_open": ticket.status not in finished,
        "open_minutes": max(int((end - ticket.created_at).total_seconds() // 60), 0),
    }


def portal_calls(user, ticket) -> dict | None:
    """The customer's technical calls on the portal ticket page (seed 000): when (each offered
    time), the meeting link, who, and the summary once held. Public fields only: never the
    agent's topics note or the minutes logged. One query."""
    if not policies.can_see_ticket_totals(user, ticket):
        return None
    calls = list(selectors.calls_of_ticket(ticket))
    if not calls:
        return None
    return {
        "ticket": ticket,
        "calls": [
            {
                "call": call,
                "agent_name": call.agent.get_full_name() or call.agent.get_username(),
                "slots": services.call_slots(call),
                "upcoming": call.status == CallStatus.SCHEDULED,
            }
            for call in calls
        ],
    }
