"""Desk pages under ``/desk/guard/``: the weekly Changing of the Guard page with its on-call
log (add, assign out, mark done), the week's and last week's designees, the outgoing T3's
hand-over and the changes going out; and posting a known issue on the public status page
(post, update, take down).

Plain forms that work without JavaScript: redirect after a successful POST, the page again
with the form's errors otherwise (400, 403 for someone who may not, 409 when the issue changed
meanwhile).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError, ValidationFailed
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.gates import get_or_404, require
from helpdesk.core.weeks import Week, week_of

from . import policies, selectors, services
from .guard_forms import FIELD_ALIASES, AssignForm, LogEntryForm, SummaryForm, TakeDownForm
from .models import KnownIssue

agent_required = require(policies.may_use_guard, "Changing of the Guard is for agents.")


def _status_of(error: DomainError) -> int:
    return error.status if error.status in {400, 403, 404, 409} else 400


# --- Changing of the Guard --------------------------------------------------------------------


def _week_page(request, week: Week, *, form=None, status_code=200):
    rotas = selectors.designees(week)
    context = {
        "week": week,
        "issues": selectors.known_issues_of_week(week),
        "escalations": list(selectors.on_call_escalations(week)),
        "log": selectors.log_of_week(week),
        "form": form or LogEntryForm(),
        "rotas": rotas,
        "handover": selectors.handover(week, rotas),
        "changes": selectors.changes_going_out(week),
        "assignees": list(selectors.log_assignees()),
    }
    return render(request, "knownissues/guard.html", context, status=status_code)


@agent_required
def week_page(request):
    return _week_page(request, week_of(request.GET.get("week")))


@agent_required
@require_POST
def log_add(request):
    week = week_of(None)
    form = LogEntryForm(request.POST)
    if not form.is_valid():
        return _week_page(request, week, form=form, status_code=400)
    try:
        entry = services.add_log_entry(
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
    entry = get_or_404(selectors.get_log_entry, pk)
    try:
        services.mark_log_entry_done(entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Marked done: it is no longer carried forward.")
    week = week_of(request.POST.get("week"))
    return redirect(f"{reverse('guard-week')}?week={week.iso}#log-{entry.pk}")


@agent_required
@require_POST
def log_assign(request, pk: int):
    entry = get_or_404(selectors.get_log_entry, pk)
    week = week_of(request.POST.get("week"))
    form = AssignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed("Choose who takes it.")
        entry = services.assign_log_entry(
            entry, actor=request.user, assignee=form.cleaned_data["assignee"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        assert entry.assignee is not None
        messages.success(request, f"Assigned to {entry.assignee.get_username()}: they were told.")
    return redirect(f"{reverse('guard-week')}?week={week.iso}#log-{entry.pk}")


# --- posting on the status page ---------------------------------------------------------------


def _issue(number: int) -> KnownIssue:
    return get_or_404(selectors.issue_to_post, number)


def _posting_page(request, issue, *, form=None, take_down=None, status_code=200):
    refusal = policies.poster_refusal(request.user)
    if form is None:
        initial = "" if issue.is_public else issue.public_summary
        form = SummaryForm(initial={"summary": initial})
    text = form.data.get("summary", "") if form.is_bound else form.initial.get("summary", "")
    text = text.strip()
    preview = None
    if text:
        preview = selectors.incident_preview(issue, text)
    elif issue.is_public:
        preview = selectors.PublicIncident(
            number=issue.pk,
            title=issue.public_name,
            status=issue.status,
            posted_at=issue.posted_at,
            updates=selectors.public_lines(issue),
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
    refusal = policies.poster_refusal(request.user)
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
    return _write(
        request, number, services.post_incident, "Known issue {number} is on the status page."
    )


@agent_required
@require_POST
def post_update(request, number: int):
    return _write(
        request, number, services.add_incident_update, "Update posted on the status page."
    )


@agent_required
@require_POST
def take_down(request, number: int):
    issue = _issue(number)
    form = TakeDownForm(request.POST)
    refusal = policies.poster_refusal(request.user)
    if refusal:
        messages.error(request, refusal)
        return _posting_page(request, issue, take_down=form, status_code=403)
    if not form.is_valid():
        return _posting_page(request, issue, take_down=form, status_code=400)
    try:
        services.take_down_incident(issue, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        apply_domain_error(form, error, FIELD_ALIASES)
        return _posting_page(request, _issue(number), take_down=form, status_code=_status_of(error))
    messages.success(request, f"Known issue {issue.pk} is off the status page.")
    return redirect("status-post", number=issue.pk)
