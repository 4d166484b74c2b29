"""Role gates for HTML views: sign-in first, then the app's policy, else 403 with a reason."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden


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
