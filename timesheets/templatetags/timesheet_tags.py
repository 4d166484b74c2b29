"""Time panels on the ticket and task pages (desk) and the time spent on the portal.

- ``{% ticket_time ticket %}``: the desk ticket page's right column.
- ``{% task_time task %}``: the same panel for one engineering task (timer and entries on the
  task); the desk task page includes it with ``{% load timesheet_tags %}``.
- ``{% portal_ticket_time ticket %}``: the portal ticket page's side column (totals only).
- ``{% portal_ticket_calls ticket %}``: the technical calls with their meeting link (portal).
"""

from django import template
from django.template.loader import render_to_string

from helpdesk.core import roles

from .. import panels, policies
from ..display import duration

register = template.Library()


def _render(context, name: str, data: dict) -> str:
    request = context.get("request")
    return render_to_string(name, data, request=request)


def _next_url(context) -> str:
    request = context.get("request")
    return request.get_full_path() if request is not None else ""


@register.simple_tag(takes_context=True)
def ticket_time(context, ticket) -> str:
    """Desk ticket page: start/stop timer, manual entry, the entries logged, packs, calls."""
    user = context.get("user") or context["request"].user
    if not roles.is_agent(user):
        return ""
    data = panels.desk_panel(user, ticket=ticket, next_url=_next_url(context))
    return _render(context, "timesheets/ticket_time.html", data)


@register.simple_tag(takes_context=True)
def task_time(context, task) -> str:
    """Desk task page: the timer and the entries of one task."""
    user = context.get("user") or context["request"].user
    if not roles.is_agent(user):
        return ""
    data = panels.desk_panel(user, task=task, next_url=_next_url(context))
    return _render(context, "timesheets/ticket_time.html", data)


@register.simple_tag(takes_context=True)
def portal_ticket_time(context, ticket) -> str:
    """Portal ticket page: time actually spent on the ticket (billable and total)."""
    user = context.get("user") or context["request"].user
    data = panels.portal_panel(user, ticket)
    if data is None:
        return ""
    return _render(context, "timesheets/portal_time.html", data)


@register.simple_tag(takes_context=True)
def portal_ticket_calls(context, ticket) -> str:
    """Portal ticket page: the technical calls booked with the customer (public fields)."""
    user = context.get("user") or context["request"].user
    data = panels.portal_calls(user, ticket)
    if data is None:
        return ""
    return _render(context, "timesheets/portal_calls.html", data)


@register.filter
def hm(minutes) -> str:
    """Minutes as "1 h 35 min"."""
    return duration(int(minutes or 0))


@register.filter
def span(minutes) -> str:
    """A long stretch of time, coarsely: "5 days 3 h", "3 h 20 min", "12 min"."""
    minutes = int(minutes or 0)
    days, rest = divmod(minutes, 24 * 60)
    if not days:
        return duration(minutes)
    hours = rest // 60
    text = f"{days} day{'s' if days != 1 else ''}"
    return f"{text} {hours} h" if hours else text


@register.filter
def editable_by(entry, user) -> bool:
    """``{% if entry|editable_by:user %}``: the policy that the edit service also applies."""
    return policies.can_edit_entry(user, entry)


@register.filter
def handled_by(call, user) -> bool:
    """``{% if call|handled_by:user %}``: who may hold, no-show or cancel a call."""
    return policies.can_handle_call(user, call)
