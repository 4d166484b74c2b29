"""Helpers shared by the HTML views: role gates and mapping domain errors to messages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, DomainError, NotFound
from helpdesk.core.gates import require

agent_required = require(roles.is_agent, "The desk is for agents.")


def customer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if roles.is_agent(request.user):
            return redirect("desk-queue")
        if not roles.is_customer(request.user):
            return HttpResponseForbidden("This account is not a customer of any organization.")
        return view(request, *args, **kwargs)

    return wrapper


def refused_status(error: DomainError | None = None) -> int:
    """The status of a page that shows a refused form again: 409 for a conflict (someone moved
    first, a duplicate), else 400 — on the desk and the portal alike."""
    return error.status if isinstance(error, Conflict) else 400


def get_or_404(fn, *args):
    try:
        return fn(*args)
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
def home(request):
    return redirect("desk-queue" if roles.is_agent(request.user) else "portal-tickets")
