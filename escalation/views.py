"""The escalation pages of the desk: the escalation dialog, split, send to a team, acknowledge,
the leads' weekly review and the T3 morning check.

Every page works without JavaScript: plain forms, redirect after a successful POST, the form
again with its errors (400, or 409 when someone else changed the ticket meanwhile).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from helpdesk.core import weeks
from helpdesk.core.errors import DomainError, NotFound
from helpdesk.core.forms import apply_domain_error
from helpdesk.core.gates import agent_required, get_or_404, refused_status, require
from tickets import selectors as ticket_selectors
from tickets.states import MessageKind

from . import policies, selectors, services
from .forms import (
    EscalateDownForm,
    EscalateUpForm,
    ProductForm,
    SplitForm,
    TeamForm,
)
from .models import OnCallRequest
from .services.escalate import comment_required
from .states import Direction

lead_required = require(policies.may_review, "The weekly review is for leads.")


def _ticket(request, number):
    return get_or_404(ticket_selectors.get_ticket, request.user, number)


# --- the escalation dialog --------------------------------------------------------------------


def _up_form(ticket, data=None, *, one_more=False):
    default = selectors.next_tier_up(ticket.tier)
    options = {
        "targets": list(selectors.tiers_above(ticket.tier)),
        "initial_target": default.code if default else "",
        "comment_reason": comment_required(ticket.tier, ticket),
    }
    if one_more:
        return EscalateUpForm.one_more_question(data, **options)
    return EscalateUpForm(data, **options)


def _down_form(ticket, data=None):
    targets = list(selectors.tiers_below(ticket.tier))
    default = selectors.default_tier_down(ticket)
    return EscalateDownForm(data, targets=targets, initial_target=default.code if default else "")


def _open_panel(ticket, *, up, down) -> str:
    """The form the agent most likely wants: the one just posted; else down when the ticket was
    escalated into its tier (the questions are waiting for an answer), up otherwise."""
    if up is not None or down is not None:
        return "up" if up is not None else "down"
    if not selectors.tiers_above(ticket.tier).exists():
        return "down"
    arrived = selectors.escalations_of(ticket).filter(direction=Direction.UP, to_tier=ticket.tier)
    return "down" if arrived.exists() else "up"


def _dialog(request, ticket, *, up=None, down=None, status=200):
    context = {
        "ticket": ticket,
        "rules": selectors.rules_of(ticket.tier),
        "up_form": up or _up_form(ticket),
        "down_form": down or _down_form(ticket),
        "can_go_up": selectors.tiers_above(ticket.tier).exists(),
        "can_go_down": selectors.tiers_below(ticket.tier).exists(),
        "history": selectors.escalations_of(ticket),
        "alert": selectors.open_alert(ticket),
        "routing": selectors.routing_of(ticket),
        "open_panel": _open_panel(ticket, up=up, down=down),
    }
    return render(request, "escalation/escalate.html", context, status=status)


@agent_required
def escalate(request, number: int):
    """GET: the dialog (escalate up, escalate down, history). POST: escalate up."""
    ticket = _ticket(request, number)
    if request.method != "POST":
        return _dialog(request, ticket)
    if request.POST.get("add_question"):
        return _dialog(request, ticket, up=_up_form(ticket, request.POST, one_more=True))
    form = _up_form(ticket, request.POST)
    if not form.is_valid():
        return _dialog(request, ticket, up=form, status=400)
    data = form.cleaned_data
    try:
        escalation = services.escalate_up(
            ticket,
            actor=request.user,
            target_tier=data["target_tier"],
            questions=form.cleaned_questions(),
            findings=data["findings"],
            customer_message=data["customer_message"],
            set_pending=data["set_pending"],
            expected_tier=data["expected_tier"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return _dialog(request, _ticket(request, number), up=form, status=refused_status(error))
    if isinstance(escalation, OnCallRequest):
        messages.warning(
            request,
            f"In working hours a lead confirms an escalation to {escalation.to_tier.name}: the "
            "leads were told, and On-Call is paged once one confirms.",
        )
        return redirect("desk-ticket", number=ticket.pk)
    messages.success(
        request,
        ngettext(
            "Escalated to %(tier)s with %(n)d question.",
            "Escalated to %(tier)s with %(n)d questions.",
            len(escalation.questions),
        )
        % {"tier": escalation.to_tier.name, "n": len(escalation.questions)},
    )
    return redirect("desk-ticket", number=ticket.pk)


@agent_required
def escalate_down(request, number: int):
    ticket = _ticket(request, number)
    if request.method != "POST":
        return redirect("desk-escalate", number=ticket.pk)
    form = _down_form(ticket, request.POST)
    if not form.is_valid():
        return _dialog(request, ticket, down=form, status=400)
    data = form.cleaned_data
    try:
        escalation = services.escalate_down(
            ticket,
            actor=request.user,
            target_tier=data["target_tier"],
            outcome=data["outcome"],
            answer=data["answer"],
            doc_url=data["doc_url"],
            known_issue=data["known_issue"],
            findings=data["findings"],
            proposed_docs=data["proposed_docs"],
            process_tweak=data["process_tweak"],
            expected_tier=data["expected_tier"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return _dialog(request, _ticket(request, number), down=form, status=refused_status(error))
    messages.success(
        request,
        f"Handed back to {escalation.to_tier.name}: {escalation.get_outcome_display()}.",
    )
    return redirect("desk-ticket", number=ticket.pk)


# --- split, teams, Product --------------------------------------------------------------------


def _message_choices(request, ticket):
    rows = ticket_selectors.messages_visible_to(request.user, ticket).exclude(
        kind__in=[MessageKind.SYSTEM_NOTE, MessageKind.EVENT, MessageKind.FINDINGS]
    )
    return [(str(m.pk), m) for m in rows]


@agent_required
def split(request, number: int):
    ticket = _ticket(request, number)
    choices = _message_choices(request, ticket)
    form = SplitForm(
        request.POST or None,
        choices=[(pk, pk) for pk, _ in choices],
        quote_choices=[
            (pk, f"Message {pk} from {m.author.get_username() if m.author else 'the helpdesk'}")
            for pk, m in choices
            if m.is_public
        ],
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                new = services.split(
                    ticket,
                    actor=request.user,
                    message_ids=form.cleaned_data["messages"],
                    subject=form.cleaned_data["subject"],
                    quote=form.cleaned_data["quote"],
                    quote_of=form.cleaned_data["quote_of"],
                )
            except DomainError as error:
                apply_domain_error(form, error)
                status = refused_status(error)
            else:
                messages.success(request, f"Split into ticket #{new.pk}, back in Triage.")
                return redirect("desk-ticket", number=ticket.pk)
    chosen = set(form["messages"].value() or [])
    context = {
        "ticket": ticket,
        "form": form,
        "rows": [(pk, message, pk in chosen) for pk, message in choices],
    }
    return render(request, "escalation/split.html", context, status=status)


def _route_page(request, ticket, *, team_form=None, product_form=None, status=200):
    context = {
        "ticket": ticket,
        "team_form": team_form or TeamForm(teams=selectors.teams()),
        "product_form": product_form or ProductForm(),
        "routing": selectors.routing_of(ticket),
    }
    return render(request, "escalation/route.html", context, status=status)


@agent_required
def send_to_team(request, number: int):
    ticket = _ticket(request, number)
    if request.method != "POST":
        return _route_page(request, ticket)
    form = TeamForm(request.POST, teams=selectors.teams())
    if not form.is_valid():
        return _route_page(request, ticket, team_form=form, status=400)
    try:
        routing = services.send_to_team(
            ticket,
            actor=request.user,
            team=form.cleaned_data["team"],
            reason=form.cleaned_data["reason"],
            triggers=form.cleaned_data["triggers"],
            follow=form.cleaned_data["follow"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        status = 403 if error.status == 403 else refused_status(error)
        return _route_page(request, _ticket(request, number), team_form=form, status=status)
    messages.success(request, f"Sent to {routing.team.name}, unassigned and back in Triage.")
    return redirect("desk-ticket", number=ticket.pk)


@agent_required
@require_POST
def notify_product(request, number: int):
    ticket = _ticket(request, number)
    form = ProductForm(request.POST)
    if not form.is_valid():
        return _route_page(request, ticket, product_form=form, status=400)
    try:
        services.notify_product(ticket, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        apply_domain_error(form, error)
        return _route_page(request, ticket, product_form=form, status=refused_status(error))
    messages.success(request, "Product is notified; the ticket stays where it is.")
    return redirect("desk-ticket", number=ticket.pk)


# --- on call ----------------------------------------------------------------------------------


def _back(request, ticket, *, success: str = "", error: DomainError | None = None):
    if error is not None:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("desk-escalate", number=ticket.pk)


@agent_required
@require_POST
def acknowledge(request, number: int):
    ticket = _ticket(request, number)
    try:
        services.acknowledge(ticket, actor=request.user, note=request.POST.get("note", ""))
    except DomainError as error:
        return _back(request, ticket, error=error)
    return _back(request, ticket, success="Acknowledged: the on-call chain is stopped.")


@agent_required
@require_POST
def page_now(request, number: int):
    ticket = _ticket(request, number)
    try:
        services.page_now(ticket, actor=request.user)
    except DomainError as error:
        return _back(request, ticket, error=error)
    return _back(request, ticket, success="Paged On-Call and the authorized escalators.")


# --- reviews ----------------------------------------------------------------------------------


@lead_required
def review(request):
    week = weeks.week_of(request.GET.get("week"))
    rows = list(selectors.review_list(week.monday))
    context = {
        "rows": rows,
        "week": week,
        "open_count": sum(1 for row in rows if row.reviewed_at is None),
    }
    return render(request, "escalation/review.html", context)


@lead_required
@require_POST
def mark_reviewed(request, pk: int):
    try:
        escalation = selectors.get_escalation(pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    try:
        services.mark_reviewed(escalation, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Escalation of ticket #{escalation.ticket_id} reviewed.")
    week = weeks.iso_week(timezone.localtime(escalation.at).date())
    return redirect(f"{reverse('escalation-review')}?week={week}#review-{escalation.pk}")


@agent_required
def morning(request):
    code = request.GET.get("tier") or "T3"
    try:
        tier = selectors.tier_named(code, field="tier")
    except DomainError:
        raise Http404(f"No tier {code!r}.") from None
    now = timezone.now()
    rows = selectors.morning_check(request.user, tier, now)
    context = {
        "tier": tier,
        "tiers": selectors.tiers(),
        "rows": rows,
        "overdue": sum(1 for row in rows if row.overdue),
    }
    return render(request, "escalation/morning.html", context)


@agent_required
@require_POST
def still_looking(request, number: int):
    ticket = _ticket(request, number)
    try:
        services.send_still_looking(ticket, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Ticket #{ticket.pk}: the customer was told we're on it.")
    return redirect(f"{reverse('escalation-morning')}?tier={ticket.tier.code}")
