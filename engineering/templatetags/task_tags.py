"""Task panels on the ticket pages (desk and portal)."""

from django import template
from django.template.loader import render_to_string

from helpdesk.core import roles

from .. import selectors as task_selectors
from ..forms import UatAnswerForm

register = template.Library()


@register.simple_tag(takes_context=True)
def ticket_tasks(context, ticket) -> str:
    """Desk ticket page: the ticket's engineering tasks (one query), and a link to add one."""
    request = context.get("request")
    if request is None or not roles.is_agent(request.user):
        return ""
    tasks = list(task_selectors.ticket_tasks(ticket))
    offer = task_selectors.finished_tasks_offer(ticket, tasks)
    return render_to_string(
        "engineering/_ticket_tasks.html",
        {"ticket": ticket, "tasks": tasks, "resolve_offer": offer},
        request=request,
    )


@register.simple_tag(takes_context=True)
def portal_ticket_tasks(context, ticket) -> str:
    """Portal ticket page: tasks waiting for the customer's UAT answer or estimate approval,
    and the UAT answers given. Nothing else of a task reaches the customer."""
    request = context.get("request")
    if request is None:
        return ""
    tasks = task_selectors.portal_tasks(request.user, ticket)
    if not tasks:
        return ""
    return render_to_string(
        "engineering/_portal_tasks.html",
        {"ticket": ticket, "tasks": tasks, "ok": UatAnswerForm.OK, "not_ok": UatAnswerForm.NOT_OK},
        request=request,
    )
