"""What the knowledge pages share: who the visitor is, where to go back to."""

from django.utils.http import url_has_allowed_host_and_scheme


def visitor_of(request, *, create: bool = False) -> str:
    """``user:<id>`` when signed in, else ``session:<key>``; empty for an anonymous reader
    without a session unless ``create`` (a vote or "this solved it" starts one)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    session = request.session
    if not session.session_key and create:
        session["help_visitor"] = True  # modified: the middleware sends the cookie
        session.save()
    return f"session:{session.session_key}" if session.session_key else ""


def next_url(request, default: str) -> str:
    """The page a form came from (``next``), if it is on this site; else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
