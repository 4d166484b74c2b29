"""The ticket page's findings panel: Edit, and "Record a temporary workaround" (one form, its
outcome says which). Resolve asks for the findings through the status form (``desk``)."""

from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError

from .. import selectors, services
from ..desk_forms import FindingsForm
from ..states import Outcome
from .common import agent_required, get_or_404
from .desk import _after_action


@agent_required
@require_POST
def ticket_findings(request, number: int):
    ticket = get_or_404(selectors.get_ticket, request.user, number)
    form = FindingsForm(request.POST)
    if not form.is_valid():
        return _after_action(request, ticket.pk, error=f"Nothing was saved: {form.error_text()}")
    try:
        findings = services.record_findings(ticket, actor=request.user, findings=form.findings())
    except DomainError as error:
        return _after_action(request, ticket.pk, error=error)
    done = (
        "Workaround recorded: the ticket shows that the permanent fix is pending."
        if findings.outcome == Outcome.WORKAROUND
        else "Findings saved."
    )
    return _after_action(request, ticket.pk, success=done)
