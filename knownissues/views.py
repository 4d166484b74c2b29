"""The known-issue tracker of the desk, under ``/desk/known-issues/``.

Every page works without JavaScript: plain forms, redirect after a successful POST, the form
again with its errors (400, or 409 when the issue changed meanwhile). The escalation dialog's
search is an htmx partial of this app.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from helpdesk.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.gates import agent_required, get_or_404, refused_status

from . import policies, selectors, services
from .forms import (
    BulkAnswerForm,
    FilterForm,
    KnownIssueForm,
    LinkForm,
    StatusForm,
)
from .services.github import HOW_TO_ENABLE as GITHUB_HOW_TO_ENABLE
from .services.github import github_settings
from .states import BulkAnswerState, FixPath, IssueStatus

PAGE_SIZE = 50


def _issue(number):
    return get_or_404(selectors.get_known_issue, number)


def _next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- list and search --------------------------------------------------------------------------


@agent_required
def issue_list(request):
    form = FilterForm(request.GET)
    issues = selectors.known_issue_list(**form.params())
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "statuses": IssueStatus.choices}
    return render(request, "knownissues/list.html", context)


@agent_required
def search(request):
    """The escalation dialog's search box (htmx): matching issues, open ones first."""
    query = request.GET.get("q", "")
    if not request.htmx:
        return redirect(f"{reverse('knownissues-list')}?{urlencode({'q': query})}")
    ticket = request.GET.get("ticket", "")
    context = {
        "issues": selectors.search(query),
        "query": query,
        "ticket": int(ticket) if selectors.is_number(ticket) else None,
    }
    return render(request, "knownissues/_search_results.html", context)


# --- create and edit --------------------------------------------------------------------------


@agent_required
def create(request):
    """A new known issue; with ``?tickets=1&tickets=2&tag=…`` (a lead signal) the form lists those
    tickets, checked, and creates the issue linked to them."""
    source = request.POST if request.method == "POST" else request.GET
    chosen = selectors.tickets_for_new_issue(source.getlist("tickets"))
    choices = [(str(t.pk), f"#{t.pk} {t.subject}") for t in chosen]
    initial = {"slug": request.GET.get("tag", ""), "tickets": [str(t.pk) for t in chosen]}
    form = KnownIssueForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        with_status=True,
        ticket_choices=choices,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                issue = services.create_known_issue(
                    actor=request.user,
                    title=data["title"],
                    public_title=data["public_title"],
                    slug=data["slug"],
                    description=data["description"],
                    public_summary=data["public_summary"],
                    bug_url=data["bug_url"],
                    partner_tickets=data["partner_tickets"],
                    status=data["status"],
                    tickets_to_link=data.get("tickets", []),
                )
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
            else:
                linked = len(data.get("tickets", []))
                messages.success(
                    request,
                    f"Known issue {issue.tag_name} created"
                    + (
                        ngettext(", %(n)d ticket linked.", ", %(n)d tickets linked.", linked)
                        % {"n": linked}
                        if linked
                        else "."
                    ),
                )
                return redirect("knownissues-detail", number=issue.pk)
    context = {"form": form, "issue": None, "tickets": chosen, "tag": request.GET.get("tag", "")}
    return render(request, "knownissues/form.html", context, status=status)


@agent_required
def edit(request, number: int):
    issue = _issue(number)
    fields = [
        "title",
        "public_title",
        "slug",
        "description",
        "public_summary",
        "bug_url",
        "partner_tickets",
    ]
    initial = {name: getattr(issue, name) for name in fields}
    form = KnownIssueForm(request.POST if request.method == "POST" else None, initial=initial)
    if issue.is_public:  # posted: its public text changes only through "Post an update"
        summary = form.fields["public_summary"]
        summary.disabled = True
        summary.help_text = "On the status page: change it with “Post an update” there."
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_known_issue(issue, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
            else:
                messages.success(request, "Known issue saved.")
                return redirect("knownissues-detail", number=issue.pk)
    return render(request, "knownissues/form.html", {"form": form, "issue": issue}, status=status)


# --- one known issue --------------------------------------------------------------------------


def _detail(request, issue, *, bulk_form=None, link_form=None, notice_form=None, status=200):
    draft = selectors.open_bulk_answer(issue)
    if bulk_form is None:
        initial = {"body": draft.body, "resolve_tickets": draft.resolve_tickets} if draft else {}
        if not draft and issue.status == IssueStatus.RESOLVED:
            initial["resolve_tickets"] = True
        bulk_form = BulkAnswerForm(initial=initial)
    links = list(selectors.linked_tickets(issue))
    may_notify = policies.may_notify_affected(request.user)
    context = {
        "issue": issue,
        "links": links,
        # Seed 003-74: the affected organizations and customers (no query: the links'), and
        # for leads the customers of those organizations who have not filed (one COUNT).
        "affected": selectors.affected_of(issue, links),
        "unfiled": selectors.unfiled_audience(issue).count() if may_notify else None,
        "notice_form": notice_form,
        "status_choices": [c for c in IssueStatus.choices if c[0] != issue.status],
        "link_form": link_form or LinkForm(initial={"known_issue": issue.pk}),
        "bulk_form": bulk_form,
        "draft": draft,
        "bulk_answers": selectors.bulk_answers_of(issue),
        "may_post_status": policies.may_post_status(request.user),
        "fix_paths": FixPath.choices,
        "github": github_settings(),
        "github_how_to": GITHUB_HOW_TO_ENABLE,
    }
    return render(request, "knownissues/detail.html", context, status=status)


@agent_required
def detail(request, number: int):
    return _detail(request, _issue(number))


@require_POST
@agent_required
def change_status(request, number: int):
    issue = _issue(number)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
        return redirect("knownissues-detail", number=issue.pk)
    try:
        issue = services.change_status(
            issue,
            actor=request.user,
            status=form.cleaned_data["status"],
            public_note=request.POST.get("public_note", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("knownissues-detail", number=issue.pk)
    if issue.status == IssueStatus.RESOLVED:
        messages.success(
            request, "Resolved. Now answer every linked ticket at once with a bulk answer below."
        )
        return redirect(f"{reverse('knownissues-detail', args=[issue.pk])}#bulk-answer")
    messages.success(request, f"Known issue {issue.tag_name} is now {issue.get_status_display()}.")
    return redirect("knownissues-detail", number=issue.pk)


@require_POST
@agent_required
def link(request):
    """Link a ticket: from the issue page (ticket typed), the ticket page (issue typed) or the
    escalation dialog's search. Back to where it came from."""
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Name the known issue and the ticket.")
        return redirect(_next(request, reverse("knownissues-list")))
    raw = form.cleaned_data["known_issue"].strip().lstrip("#")
    issue = selectors.find_issue(raw)
    if issue is None:
        messages.error(request, f"No known issue {raw}.")
        return redirect(_next(request, reverse("knownissues-list")))
    back = _next(request, reverse("knownissues-detail", args=[issue.pk]))
    try:
        link = services.link_ticket(issue, form.cleaned_data["ticket"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"Ticket #{link.ticket_id} linked and tagged {issue.tag_name}.")
    return redirect(back)


@require_POST
@agent_required
def unlink(request, number: int, ticket: int):
    issue = _issue(number)
    back = _next(request, reverse("knownissues-detail", args=[issue.pk]))
    try:
        services.unlink_ticket(issue, ticket, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"Ticket #{ticket} unlinked; tag {issue.tag_name} removed.")
    return redirect(back)


# --- bulk answer: compose → preview → send ----------------------------------------------------


@require_POST
@agent_required
def bulk_compose(request, number: int):
    issue = _issue(number)
    form = BulkAnswerForm(request.POST)
    if not form.is_valid():
        return _detail(request, issue, bulk_form=form, status=400)
    try:
        answer = services.compose_bulk_answer(issue, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        apply_domain_error(form, error)
        return _detail(request, issue, bulk_form=form, status=refused_status(error))
    return redirect("knownissues-bulk", number=issue.pk, pk=answer.pk)


@agent_required
def bulk_preview(request, number: int, pk: int):
    issue = _issue(number)
    try:
        answer = selectors.get_bulk_answer(issue, pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    delivered = selectors.delivered_ticket_ids(answer)
    recipients = list(selectors.bulk_answer_recipients(issue))
    if answer.state == BulkAnswerState.SENT:
        recipients = [t for t in recipients if t.pk in delivered]
    context = {
        "issue": issue,
        "answer": answer,
        "recipients": recipients,
        "delivered": delivered,
        "remaining": sum(1 for t in recipients if t.pk not in delivered),
    }
    return render(request, "knownissues/bulk_answer.html", context)


@require_POST
@agent_required
def bulk_send(request, number: int, pk: int):
    """ "Send": a worker delivers it. "Send the rest now": delivered in this request (after a
    worker was lost or while the broker is down); both skip tickets that already have it."""
    issue = _issue(number)
    try:
        answer = selectors.get_bulk_answer(issue, pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    back = redirect("knownissues-bulk", number=issue.pk, pk=answer.pk)
    try:
        if request.POST.get("now"):
            result = services.send_now(answer, actor=request.user)
            messages.success(
                request,
                ngettext(
                    "Sent to %(n)d more ticket", "Sent to %(n)d more tickets", result.delivered
                )
                % {"n": result.delivered}
                + (f", {result.resolved} resolved." if result.resolved else "."),
            )
        else:
            services.start_sending(answer, actor=request.user)
            messages.success(request, "Sending: each linked ticket receives the answer once.")
    except (Conflict, ValidationFailed) as error:
        messages.error(request, error.message)
    except DomainError as error:
        messages.error(request, error.message)
    except Exception as error:  # a ticket's reply failed: the rest waits for a retry
        messages.error(request, f"The send stopped ({error}); send the rest again.")
    return back


@require_POST
@agent_required
def dismiss_signal(request):
    """A lead hides a dashboard signal until more tickets share it."""
    back = _next(request, reverse("sla-dashboard"))
    try:
        count = int(request.POST.get("count", ""))
    except ValueError:
        count = -1
    try:
        services.dismiss_signal(
            actor=request.user, key=request.POST.get("key", ""), ticket_count=count
        )
    except DomainError as error:
        if error.status == 403:
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
    else:
        messages.success(request, "Dismissed. It comes back if more tickets share it.")
    return redirect(back)


@require_POST
@agent_required
def notify_affected(request, number: int):
    """Seed 003-74: a lead tells the affected organizations' customers who have not filed."""
    issue = _issue(number)
    try:
        result = services.notify_unfiled(
            issue, actor=request.user, message=request.POST.get("message", "")
        )
    except DomainError as error:
        if error.status == 403:
            raise PermissionDenied(error.message) from None
        fields = (getattr(error, "details", None) or {}).get("fields") or {}
        form = {"message": request.POST.get("message", ""), "errors": fields.get("message", [])}
        form["error"] = error.message
        return _detail(request, issue, notice_form=form, status=refused_status(error))
    told = ngettext("%(n)d customer", "%(n)d customers", result.sent) % {"n": result.sent}
    extra = f" ({result.already_told} already told before)" if result.already_told else ""
    messages.success(request, f"Told {told} who had not filed a ticket{extra}.")
    return redirect("knownissues-detail", number=issue.pk)
