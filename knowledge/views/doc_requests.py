"""The leads' queue of doc requests, ``/desk/kb/doc-requests/``: agents see it, leads act
(start the article, decline with a reason, add a ticket). A refused action shows the queue again
with the service's sentence and its status (400, 403, 404, 409)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError
from helpdesk.core.gates import agent_required

from .. import policies, selectors
from ..services import doc_requests as services
from ..states import DocRequestStatus

PAGE_SIZE = 50


def _status(request) -> str:
    chosen = request.GET.get("status") or request.POST.get("status") or ""
    return chosen if chosen in DocRequestStatus.values else DocRequestStatus.OPEN


def _queue(request, *, status: str, error: str = "", failed: int | None = None, code: int = 200):
    page = Paginator(selectors.doc_requests(status), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.status_counts()
    context = {
        "page": page,
        "status": status,
        "status_label": DocRequestStatus(status).label,
        "tabs": [(value, label, counts[value]) for value, label in DocRequestStatus.choices],
        "may_act": policies.may_act_on_doc_requests(request.user),
        "error": error,
        "failed": failed,
    }
    return render(request, "knowledge/desk/doc_requests.html", context, status=code)


@agent_required
def queue(request):
    return _queue(request, status=_status(request))


def _back(request) -> str:
    return f"{reverse('kb-doc-requests')}?status={_status(request)}"


@agent_required
@require_POST
def start(request, pk: int):
    try:
        article = services.start_article(pk, actor=request.user)
    except DomainError as error:
        return _queue(
            request, status=_status(request), error=error.message, failed=pk, code=error.status
        )
    messages.success(request, f"Draft started from doc request {pk}: write it, then submit it.")
    return redirect("kb-edit", pk=article.pk)


@agent_required
@require_POST
def decline(request, pk: int):
    try:
        services.decline(pk, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        return _queue(
            request, status=_status(request), error=error.message, failed=pk, code=error.status
        )
    messages.success(request, f"Doc request {pk} declined.")
    return redirect(_back(request))


@agent_required
@require_POST
def add_ticket(request, pk: int):
    try:
        row = services.add_ticket(pk, request.POST.get("ticket", ""), actor=request.user)
    except DomainError as error:
        return _queue(
            request, status=_status(request), error=error.message, failed=pk, code=error.status
        )
    messages.success(request, f"#{row.ticket_id} added to doc request {pk}.")
    return redirect(_back(request))
