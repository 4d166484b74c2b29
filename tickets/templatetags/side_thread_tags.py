"""``{% side_threads ticket %}``: the side-threads panel of the desk ticket page (seed 003).

It reads the ticket's messages from the page's ``thread`` (the timeline, already loaded), so the
panel costs one query: its threads. A refused post shows the page again with the form's errors
in ``side_thread_forms`` (``views.side_threads``)."""

from django import template
from django.template.loader import render_to_string

from helpdesk.core import roles

from ..views.side_threads import panel_context

register = template.Library()


@register.simple_tag(takes_context=True)
def side_threads(context, ticket) -> str:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not roles.is_agent(user):
        return ""
    data = panel_context(
        ticket, loaded_messages=context.get("thread"), **(context.get("side_thread_forms") or {})
    )
    return render_to_string("desk/_side_threads_panel.html", data, request=request)
