"""The tickets views' gates: the shared ones (helpdesk.core.gates) and the customer's."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import redirect

from helpdesk.core import roles
from helpdesk.core.gates import agent_required, get_or_404, refused_status

__all__ = ["agent_required", "customer_required", "get_or_404", "home", "refused_status"]


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


@login_required
def home(request):
    return redirect("desk-queue" if roles.is_agent(request.user) else "portal-tickets")
