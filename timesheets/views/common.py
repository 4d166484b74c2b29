"""What the time pages share: the role gates, finding the ticket or task an action names, and
the answer to an action (a redirect with a message, or the fresh panel for htmx)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from engineering.models import Task
from helpdesk.core import roles
from helpdesk.core.errors import DomainError
from helpdesk.core.gates import require
from tickets import selectors as ticket_selectors

from .. import panels, policies

agent_required = require(roles.is_agent, "Time is logged on the desk, by agents.")


lead_required = require(policies.can_view_reports, "Time reports are for leads.")


def ticket_or_404(request, number):
    """A ticket the user may see, with its organization (the panel names it); no tags."""
    qs = ticket_selectors.tickets_visible_to(request.user).select_related("organization")
    ticket = qs.filter(pk=number).first() if number else None
    if ticket is None:
        raise Http404(f"Ticket {number} was not found.")
    return ticket


def task_or_404(pk):
    """The task with its ticket; None when no task is named."""
    task = Task.objects.select_related("ticket").filter(pk=pk).first() if pk else None
    if pk and task is None:
        raise Http404(f"Task {pk} was not found.")
    return task


def back(request, fallback: str = "time-mine"):
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
            return None, task_or_404(int(task_id))
        if number:
            return ticket_or_404(request, int(number)), None
    except (TypeError, ValueError):
        pass
    return None, None


def done(request, *, success: str = "", error=None, status: int = 200, **forms):
    """Answer an action: the fresh panel (htmx from a panel), else a message and a redirect."""
    text = error.message if isinstance(error, DomainError) else (error or "")
    ticket, task = _panel_target(request) if request.htmx else (None, None)
    if ticket is None and task is None:
        if error:
            messages.error(request, text)
        elif success:
            messages.success(request, success)
        return back(request)
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


def form_error_text(form) -> str:
    problems = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = (field.label or name.replace("_", " ").capitalize()) if field else ""
        problems += [f"{label}: {e}" if label else e for e in errors]
    return "Nothing was saved. " + " ".join(problems)
