"""Desk pages under ``/desk/guard/``: the weekly Changing of the Guard page with its on-call
log, and posting a known issue on the public status page (post, update, take down).

Plain forms that work without JavaScript: redirect after a successful POST, the page again
with the form's errors otherwise (400, 403 for someone who may not, 409 when the issue changed
meanwhile).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError, NotFound
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.gates import require

from . import guard, status
from .guard_forms import FIELD_ALIASES, LogEntryForm, SummaryForm, TakeDownForm
from .models import KnownIssue

agent_required = require(guard.may_use_guard, "Changing of the Guard is for agents.")


def _status_of(error: DomainError) -> int:
    return error.status if error.status in {400, 403, 404, 409} else 400


# --- Changing of the Guard --------------------------------------------------------------------


def _week_page(request, week: guard.Week, *, form=None, status_code=200):
    context = {
        "week": week,
        "issues": guard.known_issues_of_week(week),
        "escalations": list(guard.on_call_escalations(week)),
        "shifts": list(guard.on_call_shifts(week)),
        "log": guard.log_of_week(week),
        "form": form or LogEntryForm(),
    }
    return render(request, "knownissues/guard.html", context, status=status_code)


@agent_required
def week_page(request):
    return _week_page(request, guard.week_of(request.GET.get("week")))


@agent_required
@require_POST
def log_add(request):
    week = guard.week_of(None)
    form = LogEntryForm(request.POST)
    if not form.is_valid():
        return _week_page(request, week, form=form, status_code=400)
    try:
        entry = guard.add_log_entry(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            ticket_number=form.cleaned_data["ticket_number"],
        )
    except DomainError as error:
        apply_domain_error(form, error, FIELD_ALIASES)
        return _week_page(request, week, form=form, status_code=_status_of(error))
    messages.success(request, f"Added to the on-call log: {entry.get_kind_display().lower()}.")
    return redirect(f"{reverse('guard-week')}#log-{entry.pk}")


@agent_required
@require_POST
def log_done(request, pk: int):
    try:
        entry = guard.get_entry(pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    try:
        guard.mark_done(entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Marked done: it is no longer carried forward.")
    week = guard.week_of(request.POST.get("week"))
    return redirect(f"{reverse('guard-week')}?week={week.iso}#log-{entry.pk}")


# --- posting on the status page ---------------------------------------------------------------


def _issue(number: int) -> KnownIssue:
    try:
        return KnownIssue.objects.select_related("posted_by").get(pk=number)
    except KnownIssue.DoesNotExist:
        raise Http404(f"Known issue {number} was not found.") from None


def _posting_page(request, issue, *, form=None, take_down=None, status_code=200):
    refusal = status.poster_refusal(request.user)
    if form is None:
        initial = "" if issue.is_public else issue.public_summary
        form = SummaryForm(initial={"summary": initial})
    text = form.data.get("summary", "") if form.is_bound else form.initial.get("summary", "")
    text = text.strip()
    preview = None
    if text:
        preview = status.preview(issue, text)
    elif issue.is_public:
        preview = status.PublicIncident(
            number=issue.pk,
            status=issue.status,
            posted_at=issue.posted_at,
            updates=status.public_lines(issue),
        )
    context = {
        "issue": issue,
        "form": form,
        "take_down": take_down or TakeDownForm(),
        "preview": preview,
        "refusal": refusal,
        "is_draft": bool(text),
    }
    return render(request, "knownissues/status_post.html", context, status=status_code)


def _write(request, number: int, service, success: str):
    issue = _issue(number)
    form = SummaryForm(request.POST)
    if "preview" in request.POST:
        return _posting_page(request, issue, form=form)
    refusal = status.poster_refusal(request.user)
    if refusal:
        messages.error(request, refusal)
        return _posting_page(request, issue, form=form, status_code=403)
    if not form.is_valid():
        return _posting_page(request, issue, form=form, status_code=400)
    try:
        service(issue, actor=request.user, summary=form.cleaned_data["summary"])
    except DomainError as error:
        apply_domain_error(form, error, FIELD_ALIASES)
        issue = _issue(number)
        return _posting_page(request, issue, form=form, status_code=_status_of(error))
    messages.success(request, success.format(number=issue.pk))
    return redirect("status-post", number=issue.pk)


@agent_required
def post(request, number: int):
    if request.method != "POST":
        return _posting_page(request, _issue(number))
    return _write(request, number, status.post, "Known issue {number} is on the status page.")


@agent_required
@require_POST
def post_update(request, number: int):
    return _write(request, number, status.add_update, "Update posted on the status page.")


@agent_required
@require_POST
def take_down(request, number: int):
    issue = _issue(number)
    form = TakeDownForm(request.POST)
    refusal = status.poster_refusal(request.user)
    if refusal:
        messages.error(request, refusal)
        return _posting_page(request, issue, take_down=form, status_code=403)
    if not form.is_valid():
        return _posting_page(request, issue, take_down=form, status_code=400)
    try:
        status.unpost(issue, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        apply_domain_error(form, error, FIELD_ALIASES)
        return _posting_page(request, _issue(number), take_down=form, status_code=_status_of(error))
    messages.success(request, f"Known issue {issue.pk} is off the status page.")
    return redirect("status-post", number=issue.pk)
