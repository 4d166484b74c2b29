"""The time pages of the desk, under ``/desk/time/``: My time (entries this week, follow-ups
due, scheduled calls, manual entry), editing an entry, the timer, technical calls, follow-ups,
and the leads' reports with their CSV export.

Every action works without JavaScript (plain form, redirect back with a message). From a time
panel with htmx, the action answers with the fresh panel and its notice instead (400/403/409
for a refusal, which the desk's htmx config swaps in too).
"""

import csv
from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from helpdesk.core import roles
from helpdesk.core.errors import DomainError, NotFound
from helpdesk.core.gates import require
from tickets import selectors as ticket_selectors
from tickets.forms import apply_domain_error
from tickets.models import Task

from . import panels, policies, selectors, services
from .display import duration
from .forms import (
    CallForm,
    CallHeldForm,
    CancelCallForm,
    EntryEditForm,
    EntryForm,
    FollowUpForm,
    NoShowForm,
    ReportForm,
    TimerForm,
)
from .models import FollowUp, TechnicalCall

agent_required = require(roles.is_agent, "Time is logged on the desk, by agents.")


lead_required = require(policies.can_view_reports, "Time reports are for leads.")


# --- helpers ---------------------------------------------------------------------------------


def _ticket(request, number):
    """A ticket the user may see, with its organization (the panel names it); no tags."""
    qs = ticket_selectors.tickets_visible_to(request.user).select_related("organization")
    ticket = qs.filter(pk=number).first() if number else None
    if ticket is None:
        raise Http404(f"Ticket {number} was not found.")
    return ticket


def _task(pk):
    task = Task.objects.select_related("ticket").filter(pk=pk).first() if pk else None
    if pk and task is None:
        raise Http404(f"Task {pk} was not found.")
    return task


def _back(request, fallback: str = "time-mine"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _panel_target(request):
    """(ticket, task) of the time panel the action came from, or (None, None)."""
    data = request.POST
    task_id, number = data.get("panel_task"), data.get("panel_ticket")
    try:
        if task_id:
            return None, _task(int(task_id))
        if number:
            return _ticket(request, int(number)), None
    except (TypeError, ValueError):
        pass
    return None, None


def _done(request, *, success: str = "", error=None, status: int = 200, **forms):
    """Answer an action: the fresh panel (htmx from a panel), else a message and a redirect."""
    text = error.message if isinstance(error, DomainError) else (error or "")
    ticket, task = _panel_target(request) if request.htmx else (None, None)
    if ticket is None and task is None:
        if error:
            messages.error(request, text)
        elif success:
            messages.success(request, success)
        return _back(request)
    notice = {"level": "error" if error else "success", "text": text or success}
    if error and status == 200:
        status = error.status if isinstance(error, DomainError) else 400
    context = panels.desk_panel(
        request.user,
        ticket=ticket,
        task=task,
        notice=notice,
        next_url=request.POST.get("next", ""),
        **forms,
    )
    return render(request, "timesheets/_panel.html", context, status=status)


def _form_error_text(form) -> str:
    problems = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = (field.label or name.replace("_", " ").capitalize()) if field else ""
        problems += [f"{label}: {e}" if label else e for e in errors]
    return "Nothing was saved. " + " ".join(problems)


# --- My time ---------------------------------------------------------------------------------


def _week_of(request) -> date:
    """The week asked for; a day whose neighbouring weeks do not exist counts as today."""
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = selectors.today()
    if not 1 < day.year < 9999:
        day = selectors.today()
    return selectors.week_start(day)


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
            return _done(request, error=_form_error_text(form), status=400)
        return _my_time(request, entry_form=form, status=400)
    where = f" on #{entry.ticket_id}" if entry.ticket_id else " (self-learning)"
    return _done(request, success=f"Logged {duration(entry.minutes)}{where}.")


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
                return _back(request)
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
        return _done(request, error=error)
    return _done(
        request,
        success=f"Deleted {duration(entry.minutes)} of {entry.get_activity_display().lower()}.",
    )


# --- the timer -------------------------------------------------------------------------------


@agent_required
@require_POST
def timer_start(request):
    form = TimerForm(request.POST)
    if not form.is_valid():
        return _done(request, error="Choose an activity for the timer.", status=400)
    data = form.cleaned_data
    task = _task(data["task"])
    ticket = None if task else _ticket(request, data["ticket"]) if data["ticket"] else None
    try:
        outcome = services.start_timer(
            actor=request.user, ticket=ticket, task=task, activity=data["activity"]
        )
    except DomainError as error:
        return _done(request, error=error)
    text = "Timer started."
    if outcome.logged is not None:
        text = (
            f"Timer started. The one running on #{outcome.logged.ticket_id} stopped and "
            f"logged {duration(outcome.logged.minutes)}."
        )
    return _done(request, success=text)


@agent_required
@require_POST
def timer_stop(request):
    try:
        entry = services.stop_timer(actor=request.user)
    except DomainError as error:
        return _done(request, error=error)
    return _done(
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
        return _done(request, error=error)
    return _done(request, success="Timer discarded; nothing was logged.")


# --- technical calls and follow-ups ----------------------------------------------------------


@agent_required
@require_POST
def call_schedule(request, number: int):
    ticket = _ticket(request, number)
    form = CallForm(request.POST)
    if not form.is_valid():
        return _done(request, error=_form_error_text(form), status=400, call_form=form)
    try:
        call = services.schedule_call(
            actor=request.user,
            ticket=ticket,
            scheduled_at=form.scheduled_at(),
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return _done(request, error=error, call_form=form)
    return _done(
        request,
        success=f"Call booked for {call.scheduled_on:%a %d %b} at "
        f"{form.cleaned_data['time']:%H:%M}.",
    )


def _call(request, pk):
    call = TechnicalCall.objects.select_related("ticket", "agent").filter(pk=pk).first()
    if call is None:
        raise Http404(f"Call {pk} was not found.")
    return call


@agent_required
@require_POST
def call_held(request, pk: int):
    call = _call(request, pk)
    form = CallHeldForm(request.POST)
    if not form.is_valid():
        return _done(request, error="Say how many minutes the call took (1 to 1440).", status=400)
    try:
        entry = services.call_held(
            call,
            actor=request.user,
            minutes=form.cleaned_data["minutes"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return _done(request, error=error)
    return _done(
        request,
        success=f"Call recorded: {duration(entry.minutes)} logged; a follow-up is planned.",
    )


@agent_required
@require_POST
def call_no_show(request, pk: int):
    call = _call(request, pk)
    form = NoShowForm(request.POST)
    if not form.is_valid():
        return _done(request, error="Waited minutes: a whole number from 1 to 1440.", status=400)
    try:
        entry = services.customer_no_show(
            call, actor=request.user, waited_minutes=form.cleaned_data["waited_minutes"]
        )
    except DomainError as error:
        return _done(request, error=error)
    return _done(
        request,
        success=f"No-show recorded: {duration(entry.minutes)} of waiting logged, an internal "
        "note added, and a follow-up to reschedule is due today.",
    )


@agent_required
@require_POST
def call_cancel(request, pk: int):
    call = _call(request, pk)
    form = CancelCallForm(request.POST)
    form.is_valid()
    try:
        services.cancel_call(call, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except DomainError as error:
        return _done(request, error=error)
    return _done(request, success="Call canceled; the day is free again.")


@agent_required
@require_POST
def follow_up_new(request, number: int):
    ticket = _ticket(request, number)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _done(request, error=_form_error_text(form), status=400)
    try:
        follow_up = services.add_follow_up(
            actor=request.user,
            ticket=ticket,
            due_on=form.cleaned_data["due_on"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return _done(request, error=error)
    return _done(request, success=f"Follow-up planned for {follow_up.due_on:%a %d %b}.")


@agent_required
@require_POST
def follow_up_done(request, pk: int):
    follow_up = FollowUp.objects.filter(pk=pk).first()
    if follow_up is None:
        raise Http404(f"Follow-up {pk} was not found.")
    try:
        services.complete_follow_up(follow_up, actor=request.user)
    except DomainError as error:
        return _done(request, error=error)
    return _done(request, success=f"Follow-up on #{follow_up.ticket_id} done.")


# --- reports ---------------------------------------------------------------------------------


def _report(request):
    form = ReportForm(request.GET or ReportForm.defaults())
    if not form.is_valid():
        return form, None
    return form, selectors.report(**form.params())


@lead_required
def reports(request):
    form, report = _report(request)
    context = {"form": form, "report": report, "chart": _chart(report) if report else None}
    return render(request, "timesheets/reports.html", context, status=200 if report else 400)


@lead_required
def reports_csv(request):
    form, report = _report(request)
    if report is None:
        return HttpResponse(_form_error_text(form), status=400, content_type="text/plain")
    params = form.params()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"time-by-{params['group_by']}-{params['date_from']}-{params['date_to']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            selectors.GROUPS[params["group_by"]],
            "Billable hours",
            "Non-billable hours",
            "Total hours",
            "Entries",
        ]
    )
    for row in [*report.rows, {"label": "Total", **report.totals}]:
        writer.writerow(
            [
                _csv_safe(str(row["label"])),
                _hours(row["billable"]),
                _hours(row["non_billable"]),
                _hours(row["total"]),
                row["entries"],
            ]
        )
    return response


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}"


def _csv_safe(text: str) -> str:
    """No formula injection when the CSV is opened in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# Inline SVG of billable vs non-billable hours per week: no JavaScript, no chart library.
CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_BOTTOM = 640, 240, 48, 36


def _chart(report) -> dict | None:
    weeks = report.weeks
    if not weeks:
        return None
    top = max(w["total"] for w in weeks) or 1
    top_hours = max(1, -(-top // 60))  # whole hours, rounded up
    plot_h = CHART_HEIGHT - CHART_BOTTOM - 12
    plot_w = CHART_WIDTH - CHART_LEFT - 8
    slot = plot_w / len(weeks)
    bar = min(48, slot * 0.6)
    bars = []
    for index, week in enumerate(weeks):
        billable_h = plot_h * week["billable"] / (top_hours * 60)
        other_h = plot_h * week["non_billable"] / (top_hours * 60)
        x = CHART_LEFT + index * slot + (slot - bar) / 2
        base = CHART_HEIGHT - CHART_BOTTOM
        bars.append(
            {
                "x": round(x, 1),
                "width": round(bar, 1),
                "billable_y": round(base - billable_h, 1),
                "billable_h": round(billable_h, 1),
                "other_y": round(base - billable_h - other_h, 1),
                "other_h": round(other_h, 1),
                "label_x": round(x + bar / 2, 1),
                "week": week["week"],
                "billable": duration(week["billable"]) if week["billable"] else "0 min",
                "non_billable": duration(week["non_billable"]) if week["non_billable"] else "0 min",
            }
        )
    ticks = []
    step = max(1, top_hours // 4)
    for hours in range(0, top_hours + 1, step):
        y = CHART_HEIGHT - CHART_BOTTOM - plot_h * hours / top_hours
        ticks.append({"y": round(y, 1), "label": f"{hours} h"})
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - 8,
        "base": CHART_HEIGHT - CHART_BOTTOM,
        "label_y": CHART_HEIGHT - CHART_BOTTOM + 16,
        "bars": bars,
        "ticks": ticks,
    }
