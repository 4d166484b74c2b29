"""Technical calls and follow-ups from a ticket's time panel or My time: book, held, no-show,
cancel; plan a follow-up, mark it done."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_POST

from helpdesk.core.errors import DomainError
from helpdesk.core.forms import apply_domain_error

from .. import services
from ..display import duration
from ..forms import CallForm, CallHeldForm, CancelCallForm, FollowUpForm, NoShowForm
from ..models import FollowUp, TechnicalCall
from .common import agent_required, done, form_error_text, ticket_or_404


@agent_required
@require_POST
def call_schedule(request, number: int):
    ticket = ticket_or_404(request, number)
    form = CallForm(request.POST)
    if not form.is_valid():
        return done(request, error=form_error_text(form), status=400, call_form=form)
    try:
        call = services.schedule_call(
            actor=request.user,
            ticket=ticket,
            scheduled_at=form.scheduled_at(),
            slots=form.offers(),
            meeting_url=form.cleaned_data["meeting_url"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return done(request, error=error, call_form=form)
    offered = f" ({len(call.offered_slots)} times offered)" if call.offered_slots else ""
    return done(
        request,
        success=f"Call booked for {call.scheduled_on:%a %d %b} at "
        f"{timezone.localtime(call.scheduled_at):%H:%M}{offered}; the customer is emailed "
        "an invitation with the meeting link.",
    )


def _call(request, pk):
    call = TechnicalCall.objects.select_related("ticket", "agent").filter(pk=pk).first()
    if call is None:
        raise Http404(f"Call {pk} was not found.")
    return call


@agent_required
@require_POST
def call_held(request, pk: int):
    call = _call(request, pk)
    form = CallHeldForm(request.POST)
    if not form.is_valid():
        return done(request, error="Say how many minutes the call took (1 to 1440).", status=400)
    try:
        entry = services.call_held(
            call,
            actor=request.user,
            minutes=form.cleaned_data["minutes"],
            summary=form.cleaned_data["summary"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return done(request, error=error)
    return done(
        request,
        success=f"Call recorded: {duration(entry.minutes)} logged, the summary emailed to the "
        "customer; a follow-up is planned.",
    )


@agent_required
@require_POST
def call_no_show(request, pk: int):
    call = _call(request, pk)
    form = NoShowForm(request.POST)
    if not form.is_valid():
        return done(request, error="Waited minutes: a whole number from 1 to 1440.", status=400)
    try:
        entry = services.customer_no_show(
            call, actor=request.user, waited_minutes=form.cleaned_data["waited_minutes"]
        )
    except DomainError as error:
        return done(request, error=error)
    return done(
        request,
        success=f"No-show recorded: {duration(entry.minutes)} of waiting logged, an internal "
        "note added, and a follow-up to reschedule is due today.",
    )


@agent_required
@require_POST
def call_cancel(request, pk: int):
    call = _call(request, pk)
    form = CancelCallForm(request.POST)
    form.is_valid()
    try:
        services.cancel_call(call, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except DomainError as error:
        return done(request, error=error)
    return done(request, success="Call canceled; the day is free again.")


# --- follow-ups ------------------------------------------------------------------------------


@agent_required
@require_POST
def follow_up_new(request, number: int):
    ticket = ticket_or_404(request, number)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return done(request, error=form_error_text(form), status=400)
    try:
        follow_up = services.add_follow_up(
            actor=request.user,
            ticket=ticket,
            due_on=form.cleaned_data["due_on"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        return done(request, error=error)
    return done(request, success=f"Follow-up planned for {follow_up.due_on:%a %d %b}.")


@agent_required
@require_POST
def follow_up_done(request, pk: int):
    follow_up = FollowUp.objects.filter(pk=pk).first()
    if follow_up is None:
        raise Http404(f"Follow-up {pk} was not found.")
    try:
        services.complete_follow_up(follow_up, actor=request.user)
    except DomainError as error:
        return done(request, error=error)
    return done(request, success=f"Follow-up on #{follow_up.ticket_id} done.")
