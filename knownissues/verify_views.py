"""T4's verification of a known issue's bug and the fix's release day (seed 003-23/28/65),
posted from the known issue's page, as its status change is: back to the page, with the
confirmation or the refusal as a message (nothing changed)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError
from helpdesk.core.gates import agent_required, get_or_404

from . import selectors, services
from .forms import ReleaseForm, VerifyForm


def _back(number: int):
    return redirect(f"{reverse('knownissues-detail', args=[number])}#verification")


def _refused(request, number: int, message: str):
    messages.error(request, message)
    return _back(number)


@require_POST
@agent_required
def verify(request, number: int):
    issue = get_or_404(selectors.get_known_issue, number)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _refused(request, issue.pk, "Choose On-call hotfix or Normal bug flow.")
    try:
        issue = services.verify_issue(
            issue, actor=request.user, fix_path=form.cleaned_data["fix_path"]
        )
    except DomainError as error:
        return _refused(request, issue.pk, error.message)
    messages.success(request, f"Verified: {issue.get_fix_path_display().lower()}.")
    return _back(issue.pk)


@require_POST
@agent_required
def release(request, number: int):
    issue = get_or_404(selectors.get_known_issue, number)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return _refused(request, issue.pk, "Enter the release day as a date.")
    try:
        issue = services.schedule_fix(
            issue, actor=request.user, release_date=form.cleaned_data["fix_release_date"]
        )
    except DomainError as error:
        return _refused(request, issue.pk, error.message)
    if issue.fix_release_date:
        messages.success(request, f"The fix goes out on {issue.fix_release_date:%a %d %b %Y}.")
    else:
        messages.success(request, "The fix is no longer scheduled.")
    return _back(issue.pk)
