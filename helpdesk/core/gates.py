"""What every app's HTML views share: role gates (sign-in first, then the app's policy, else 403
with a reason), and how a domain error becomes a page status or a 404."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, DomainError, NotFound


def require(allowed: Callable[[object], bool], refusal: str):
    """A view decorator: anonymous users go to the sign-in page; signed-in users for whom
    ``allowed(user)`` is false get 403 with ``refusal``."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not allowed(request.user):
                return HttpResponseForbidden(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


agent_required = require(roles.is_agent, "The desk is for agents.")


def refused_status(error: DomainError | None = None) -> int:
    """The status of a page that shows a refused form again: 409 for a conflict (someone moved
    first, a duplicate), else 400 — on the desk and the portal alike."""
    return error.status if isinstance(error, Conflict) else 400


def get_or_404(fn, *args):
    """Call a selector; its NotFound becomes the 404 page."""
    try:
        return fn(*args)
    except NotFound as exc:
        raise Http404(exc.message) from None
