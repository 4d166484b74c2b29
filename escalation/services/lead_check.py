"""Seed 003, On-Call in working hours: "get a verification by your team lead … before
escalating on call". ``escalate_up`` asks ``needs_lead``; when it does, ``hold`` records the
escalation as an ``OnCallRequest`` (the ticket stays in its tier, with a note and a banner) and
tells the leads, in the desk and by email. ``confirm`` applies or declines it.
"""

from datetime import datetime

from helpdesk.core import roles
from helpdesk.notifications import events
from helpdesk.notifications import services as outbox
from tickets import services as tickets
from tickets.models import Ticket, Tier
from tickets.services.alerts import desk_url

from .. import hooks, selectors
from ..errors import AlreadyAwaitingLead
from ..models import OnCallRequest
from ..states import RequestState

CONFIRM_KIND = "oncall_confirm"


def skips_confirmation(actor) -> bool:
    """Leads and authorized escalators escalate to On-Call at once, in any hours."""
    profile = getattr(actor, "agent_profile", None)
    return roles.is_lead(actor) or (profile is not None and profile.authorized_escalator)


def needs_lead(actor, source: Tier, target: Tier, at: datetime) -> bool:
    rules = selectors.rules_of(target)
    return (
        rules.is_on_call
        and rules.lead_confirms_in_hours
        and not skips_confirmation(actor)
        and hooks.in_working_hours(source, at)
    )


def hold(
    ticket: Ticket,
    *,
    actor,
    source: Tier,
    target: Tier,
    questions: list[str],
    findings: str,
    customer_message: str,
    set_pending: bool,
    at: datetime,
) -> OnCallRequest:
    """Inside ``escalate_up``'s transaction, on the locked ticket."""
    if OnCallRequest.objects.filter(ticket=ticket, state=RequestState.AWAITING).exists():
        raise AlreadyAwaitingLead(
            f"Ticket #{ticket.pk} already waits for a lead to confirm its escalation to "
            f"{target.code}.",
        )
    request = OnCallRequest.objects.create(
        ticket=ticket,
        from_tier=source,
        to_tier=target,
        requested_by=actor,
        requested_at=at,
        questions=questions,
        findings=findings,
        customer_message=customer_message,
        set_pending=set_pending,
    )
    tickets.add_internal_note(
        ticket,
        actor=actor,
        body=f"**Escalation to {target.code} awaits a lead's confirmation** (working hours). "
        "Nothing is paged until a lead confirms it.",
    )
    _tell_leads(request, ticket, actor=actor, at=at)
    return request


def _tell_leads(request: OnCallRequest, ticket: Ticket, *, actor, at: datetime) -> None:
    leads = [lead for lead in selectors.leads() if lead.pk != actor.pk]
    url = desk_url(ticket.pk)
    title = (
        f"Confirm On-Call for #{ticket.pk}: {ticket.subject} (escalated by {actor.get_username()})"
    )
    outbox.enqueue_many(
        [
            outbox.Outgoing(
                kind=CONFIRM_KIND,
                recipient=lead.email,
                subject=f"[On-Call] Confirm #{ticket.pk}: {ticket.subject}",
                body_text=(
                    f"{actor.get_username()} escalated ticket #{ticket.pk} to "
                    f"{request.to_tier.code} in working hours. A lead confirms before the page "
                    f"goes out: open the ticket and confirm or decline.\n\n{ticket.subject}\n"
                    f"{url}\n"
                ),
                dedupe_key=f"oncall-confirm:{request.pk}:{lead.email.lower()}",
                ticket_number=ticket.pk,
            )
            for lead in leads
            if lead.email
        ],
        at=at,
    )
    # The in-app side, on the On-Call event (its email is ours, above), step "confirm"; a chat
    # webhook subscribed to it hears of it too, leads or not.
    events.publish(
        events.Event(
            name=events.Name.ON_CALL_PAGE,
            at=at,
            dedupe_key=f"oncall-confirm:{request.pk}",
            title=title,
            ticket_number=ticket.pk,
            url=url,
            recipients=tuple(lead.pk for lead in leads),
            actor_id=actor.pk,
            data={"ticket": ticket.pk, "request": request.pk, "step": "confirm"},
        )
    )


def cancel_awaiting(ticket: Ticket, *, at: datetime) -> None:
    """The ticket was escalated another way meanwhile (a lead escalated it at once): a request
    still waiting is moot."""
    OnCallRequest.objects.filter(ticket=ticket, state=RequestState.AWAITING).update(
        state=RequestState.CANCELED, decided_at=at
    )
