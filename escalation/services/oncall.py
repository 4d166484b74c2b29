"""The On-Call acknowledgement chain: raise, page, notify the contact list, acknowledge.

A ticket escalated to the on-call tier gets an alert, Waiting, due to page ``page_after_minutes``
later. The sweeps in ``escalation.sweeps`` call ``page`` and ``notify_contact_list`` on locked,
due alerts; each step writes one ``Page`` row and one outbox email per person under a dedupe key
naming the alert, the step and the person, so a step replayed sends nothing twice.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import PermissionDenied
from helpdesk.notifications import services as outbox
from tickets import services as tickets
from tickets.models import Ticket, Tier
from tickets.services.alerts import desk_url
from tickets.states import ACTIVE_STATUSES

from .. import selectors, webhooks
from ..errors import NoOpenAlert
from ..models import Escalation, OnCallAlert, Page
from ..states import OPEN_ALERT_STATES, AlertState, PageStep, WebhookStatus
from . import alerts
from ._common import lock_ticket, require_agent


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    webhook_url: str

    @property
    def key(self) -> str:
        return (self.email or self.webhook_url or self.name).lower()


def _people_of(users: Iterable) -> list[Person]:
    people = []
    for user in users:
        profile = getattr(user, "agent_profile", None)
        webhook = profile.webhook_url if profile is not None else ""
        people.append(Person(user.get_username(), user.email, webhook))
    return people


def _unique(people: Iterable[Person]) -> list[Person]:
    seen, result = set(), []
    for person in people:
        if person.key and person.key not in seen:
            seen.add(person.key)
            result.append(person)
    return result


SUBJECTS: dict[str, str] = {
    PageStep.NEW: "[On-Call] New ticket #{number}: {subject}",
    PageStep.PAGE: "[On-Call PAGE] #{number} not acknowledged: {subject}",
    PageStep.CONTACTS: "[On-Call CONTACT LIST] #{number} still not acknowledged: {subject}",
}
TEXTS: dict[str, str] = {
    PageStep.NEW: "Ticket #{number} was escalated to On-Call. Acknowledge it within {minutes} "
    "minutes, or the on-call agent is paged.",
    PageStep.PAGE: "Wake up: On-Call ticket #{number} has not been acknowledged for {minutes} "
    "minutes. Open it and press Acknowledge.",
    PageStep.CONTACTS: "Nobody acknowledged On-Call ticket #{number} after the page. You are on "
    "the contact list: call whoever is on call (see the rota) and make sure someone takes it.",
}


def _send(alert: OnCallAlert, ticket: Ticket, step: str, people: list[Person], at, minutes: int):
    """One Page row and one outbox email per person; replays write nothing (dedupe keys)."""
    url = desk_url(ticket.pk)
    fields = {"number": ticket.pk, "subject": ticket.subject, "minutes": minutes}
    subject = SUBJECTS[step].format(**fields)
    text = TEXTS[step].format(**fields) + f"\n\n{ticket.subject}\n{url}\n"
    pages, mails = [], []
    for person in people:
        key = f"oncall-{step}:{alert.pk}:{person.key}"
        pages.append(
            Page(
                alert=alert,
                step=step,
                recipient=person.name,
                email=person.email,
                webhook_url=person.webhook_url,
                dedupe_key=key,
                created_at=at,
                webhook_status=WebhookStatus.PENDING if person.webhook_url else WebhookStatus.NONE,
                webhook_next_at=at if person.webhook_url else None,
            )
        )
        if person.email:
            mails.append(
                outbox.Outgoing(
                    kind=f"oncall_{step}",
                    recipient=person.email,
                    subject=subject,
                    body_text=text,
                    dedupe_key=key,
                    ticket_number=ticket.pk,
                )
            )
    Page.objects.bulk_create(pages, ignore_conflicts=True)
    outbox.enqueue_many(mails, at=at)
    if any(person.webhook_url for person in people):
        webhooks.schedule_delivery()


def raise_alert(ticket: Ticket, *, escalation: Escalation, tier: Tier, at: datetime) -> OnCallAlert:
    """Called inside ``escalate_up``: start the chain and tell whoever is on call now."""
    minutes = selectors.rules_of(tier).page_after_minutes
    alert = OnCallAlert.objects.create(
        ticket=ticket,
        escalation=escalation,
        state=AlertState.WAITING,
        raised_at=at,
        page_at=at + timedelta(minutes=minutes),
    )
    agents = selectors.on_call_agents(at)
    _send(alert, ticket, PageStep.NEW, _unique(_people_of(agents)), at, minutes)
    alerts.paged(alert, ticket, PageStep.NEW, agents, at)
    return alert


def _close(alert: OnCallAlert, state: str, note: str, at: datetime) -> None:
    alert.state = state
    alert.page_at = alert.contact_at = None
    alert.closed_note = note[:200]
    alert.save()


def cancel_open(ticket: Ticket, *, note: str, at: datetime) -> None:
    """The ticket left the on-call tier: its chain stops."""
    for alert in OnCallAlert.objects.select_for_update().filter(
        ticket=ticket, state__in=OPEN_ALERT_STATES
    ):
        _close(alert, AlertState.CANCELED, note, at)


def _still_on_call(alert: OnCallAlert, ticket: Ticket, at: datetime) -> bool:
    """Re-check the world under the lock: a ticket that left On-Call or finished is not paged."""
    if selectors.rules_of(ticket.tier).is_on_call and ticket.status in ACTIVE_STATUSES:
        return True
    _close(alert, AlertState.CANCELED, "The ticket left On-Call before the step was due.", at)
    return False


def _ticket_if_free(alert: OnCallAlert) -> Ticket | None:
    """The alert's ticket, locked, unless another transaction holds it (an agent escalating or
    acknowledging it right now): then the sweep leaves the alert for its next run. Sweeps lock
    alert then ticket, services ticket then alert; skipping instead of waiting avoids a deadlock.
    """
    return Ticket.objects.select_for_update(skip_locked=True).filter(pk=alert.ticket_id).first()


def page(alert: OnCallAlert, *, at: datetime) -> None:
    """Not acknowledged in time: page the on-call agent and the authorized escalators. The
    sweep holds ``alert`` locked; the contact list is due ``contact_list_after_minutes`` after
    the page was due."""
    ticket = _ticket_if_free(alert)
    if ticket is not None:
        _page(alert, ticket, at)


def _page(alert: OnCallAlert, ticket: Ticket, at: datetime) -> None:
    if alert.state != AlertState.WAITING or not _still_on_call(alert, ticket, at):
        return
    rules = selectors.rules_of(ticket.tier)
    agents = selectors.on_call_agents(at) + selectors.authorized_escalators()
    people = _unique(_people_of(agents))
    due = alert.page_at or at
    _send(alert, ticket, PageStep.PAGE, people, at, rules.page_after_minutes)
    alerts.paged(alert, ticket, PageStep.PAGE, agents, at)
    alert.state = AlertState.PAGED
    alert.paged_at = at
    alert.contact_at = due + timedelta(minutes=rules.contact_list_after_minutes)
    alert.save(update_fields=["state", "paged_at", "contact_at"])
    names = ", ".join(p.name for p in people) or "nobody (no one is on call or authorized)"
    tickets.record_event(
        ticket,
        f"On-Call: not acknowledged within {rules.page_after_minutes} minutes. Paged {names}.",
        at=at,
    )


def notify_contact_list(alert: OnCallAlert, *, at: datetime) -> None:
    """The page was not answered either: tell the contact list."""
    ticket = _ticket_if_free(alert)
    if ticket is None or alert.state != AlertState.PAGED or not _still_on_call(alert, ticket, at):
        return
    rules = selectors.rules_of(ticket.tier)
    people = _unique(
        Person(contact.name, contact.email, contact.webhook_url)
        for contact in selectors.contact_list()
    )
    minutes = rules.page_after_minutes + rules.contact_list_after_minutes
    _send(alert, ticket, PageStep.CONTACTS, people, at, minutes)
    alert.state = AlertState.CONTACTED
    alert.contacted_at = at
    alert.contact_at = None
    alert.save(update_fields=["state", "contacted_at", "contact_at"])
    names = ", ".join(p.name for p in people) or "nobody (the contact list is empty)"
    tickets.record_event(
        ticket, f"On-Call: the page was not answered. Notified the contact list: {names}.", at=at
    )


def acknowledge(ticket: Ticket, *, actor, note: str = "", at: datetime | None = None):
    """The on-call agent has seen the ticket: the chain stops, a note says who handles it, and
    an unassigned ticket goes to them."""
    require_agent(actor, "acknowledge On-Call tickets")
    at = at or timezone.now()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        alert = (
            OnCallAlert.objects.select_for_update()
            .filter(ticket=ticket, state__in=OPEN_ALERT_STATES)
            .first()
        )
        if alert is None:
            raise NoOpenAlert(
                f"Ticket #{ticket.pk} has no On-Call alert waiting for acknowledgement.",
            )
        alert.acknowledged_at = at
        alert.acknowledged_by = actor
        _close(alert, AlertState.ACKNOWLEDGED, f"Acknowledged by {actor.get_username()}.", at)
        body = f"**On-Call:** seen, and {actor.get_username()} is handling it."
        if (note or "").strip():
            body += f"\n\n{note.strip()}"
        tickets.add_internal_note(ticket, actor=actor, body=body)
        if ticket.assignee_id is None:
            tickets.assign(ticket, actor=actor, assignee=actor)
    return alert


def page_now(ticket: Ticket, *, actor, at: datetime | None = None) -> OnCallAlert:
    """A major outage: an authorized escalator (or a lead) pages at once instead of waiting."""
    require_agent(actor, "page On-Call")
    at = at or timezone.now()
    profile = getattr(actor, "agent_profile", None)
    if not (roles.is_lead(actor) or (profile is not None and profile.authorized_escalator)):
        raise PermissionDenied("Only authorized escalators and leads may page On-Call at once.")
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        alert = (
            OnCallAlert.objects.select_for_update()
            .filter(ticket_id=ticket.pk, state=AlertState.WAITING)
            .first()
        )
        if alert is None:
            raise NoOpenAlert(f"Ticket #{ticket.pk} has no On-Call alert waiting to be paged.")
        alert.page_at = at
        _page(alert, ticket, at)
    return alert
