"""The notification centre and the agent's profile on the desk. Every view serves only the
signed-in agent's own rows; another person's notification is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError, NotFound
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.gates import agent_required, refused_status

from . import selectors, staff
from .forms import ProfileForm


@agent_required
def notification_list(request):
    rows = list(selectors.notifications_of(request.user))
    return render(request, "notifications/list.html", {"notifications": rows})


@agent_required
@require_POST
def mark_read(request, pk: int):
    """Mark one read; with ``open`` set, go on to what it is about (the ticket)."""
    try:
        row = staff.mark_read(request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from None
    if request.htmx:
        return render(request, "notifications/_row.html", {"n": row})
    if request.POST.get("open") and row.url:
        return redirect(row.url)
    return redirect("notifications-list")


@agent_required
@require_POST
def mark_all_read(request):
    count = staff.mark_all_read(request.user)
    text = ngettext("Marked %d notification read.", "Marked %d notifications read.", count)
    messages.success(request, text % count)
    return redirect("notifications-list")


@agent_required
def profile(request):
    settings = selectors.settings_of(request.user)
    form = ProfileForm(request.POST or None, settings=settings)
    status = 200 if request.method != "POST" else refused_status()
    if request.method == "POST" and form.is_valid():
        try:
            staff.update_profile(
                request.user,
                actor=request.user,
                preferences=form.preferences(),
                signature=form.cleaned_data["signature"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
            status = refused_status(error)
        else:
            messages.success(request, "Your notification settings and signature are saved.")
            return redirect("notifications-profile")
    return render(request, "notifications/profile.html", {"form": form}, status=status)
