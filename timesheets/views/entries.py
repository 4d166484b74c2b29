"""My time (the agent's week: entries per day, follow-ups due, scheduled calls, manual entry)
and the time-entry actions: log, edit, delete."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.http import require_POST

from engineering.models import Task
from helpdesk.core import weeks
from helpdesk.core.errors import DomainError, NotFound
from helpdesk.core.forms import apply_domain_error
from tickets import selectors as ticket_selectors

from .. import panels, policies, selectors, services
from ..display import duration
from ..forms import EntryEditForm, EntryForm
from .common import agent_required, back, done, form_error_text

# --- My time ---------------------------------------------------------------------------------


def _week_of(request) -> date:
    """The Monday of the week asked for (a day in it); anything else is this week."""
    return weeks.week_containing(request.GET.get("week")).monday


def _my_time(request, *, entry_form=None, status=200):
    user = request.user
    start = _week_of(request)
    entries = list(selectors.week_entries(user, start))
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        rows = [e for e in entries if e.date == day]
        days.append({"date": day, "entries": rows, "minutes": sum(e.minutes for e in rows)})
    today = selectors.today()
    context = {
        "week_start": start,
        "week_end": start + timedelta(days=6),
        "previous_week": start - timedelta(days=7),
        "next_week": start + timedelta(days=7) if start + timedelta(days=7) <= today else None,
        "days": days,
        "week_total": sum(e.minutes for e in entries),
        "week_billable": sum(e.minutes for e in entries if e.billable),
        "follow_ups": list(selectors.open_follow_ups(user)),
        "calls": panels.call_rows(selectors.scheduled_calls(user)),
        "timer": selectors.running_timer(user),
        "entry_form": entry_form or EntryForm(prefix_id="mine"),
        "today": today,
    }
    return render(request, "timesheets/my_time.html", context, status=status)


@agent_required
def my_time(request):
    return _my_time(request)


# --- entries ---------------------------------------------------------------------------------


def _entry_target(request, form):
    """The ticket and task a posted entry names, or form errors."""
    data = form.cleaned_data
    task = ticket = None
    if data.get("task"):
        task = Task.objects.select_related("ticket").filter(pk=data["task"]).first()
        if task is None:
            form.add_error("task", "That task does not exist.")
    if data.get("ticket"):
        try:
            ticket = ticket_selectors.get_ticket(request.user, data["ticket"])
        except NotFound:
            form.add_error("ticket", f"There is no ticket #{data['ticket']}.")
    return ticket, task


@agent_required
def entry_new(request):
    """GET: the manual-entry form alone. POST: log the time (from My time or a panel)."""
    if request.method != "POST":
        initial = {"ticket": request.GET.get("ticket") or None}
        return render(request, "timesheets/entry_form.html", {"form": EntryForm(initial=initial)})
    from_panel = bool(request.POST.get("panel_ticket") or request.POST.get("panel_task"))
    form = EntryForm(request.POST, fixed_ticket=from_panel)
    entry = None
    if form.is_valid():
        ticket, task = _entry_target(request, form)
        if not form.errors:
            data = form.cleaned_data
            try:
                entry = services.log_time(
                    actor=request.user,
                    ticket=ticket,
                    task=task,
                    date=data["date"],
                    minutes=data["minutes"],
                    activity=data["activity"],
                    billable=data["billable"],
                    note=data["note"],
                )
            except DomainError as error:
                apply_domain_error(form, error)
    if entry is None:
        if from_panel:
            return done(request, error=form_error_text(form), status=400)
        return _my_time(request, entry_form=form, status=400)
    where = f" on #{entry.ticket_id}" if entry.ticket_id else " (self-learning)"
    return done(request, success=f"Logged {duration(entry.minutes)}{where}.")


def _entry(request, pk):
    entry = selectors.entries_visible_to(request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404(f"Time entry {pk} was not found.")
    return entry


@agent_required
def entry_edit(request, pk: int):
    entry = _entry(request, pk)
    if not policies.can_edit_entry(request.user, entry):
        return HttpResponseForbidden("You may edit only your own time entries; leads edit all.")
    status = 200
    if request.method == "POST":
        form = EntryEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_entry(entry, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, "Time entry saved.")
                return back(request)
        status = 400
    else:
        form = EntryEditForm(
            initial={
                "date": entry.date,
                "minutes": entry.minutes,
                "activity": entry.activity,
                "billable": entry.billable,
                "note": entry.note,
            }
        )
    context = {"form": form, "entry": entry, "next": request.GET.get("next", "")}
    return render(request, "timesheets/entry_edit.html", context, status=status)


@agent_required
@require_POST
def entry_delete(request, pk: int):
    entry = _entry(request, pk)
    try:
        services.delete_entry(entry, actor=request.user)
    except DomainError as error:
        return done(request, error=error)
    return done(
        request,
        success=f"Deleted {duration(entry.minutes)} of {entry.get_activity_display().lower()}.",
    )
