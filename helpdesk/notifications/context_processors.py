"""The bell on every desk page: the signed-in agent's unread count, asked only when a page
renders it (``base.html`` for agents), so partials, the portal and the API pay nothing."""

from django.utils.functional import SimpleLazyObject

from helpdesk.core import roles

from . import selectors


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not roles.is_agent(user):
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user))}
