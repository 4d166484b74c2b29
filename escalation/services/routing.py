"""Split, send to a team, Notify Product, and assignment under escalation's rules."""

import re
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from helpdesk.core.errors import PermissionDenied, ValidationFailed
from helpdesk.notifications import services as outbox
from tickets import services as tickets
from tickets.models import Message, Ticket, Tier
from tickets.states import PUBLIC_MESSAGE_KINDS

from .. import policies, selectors
from ..models import Team, TicketRouting
from ..states import ENGAGEMENT_TRIGGERS
from . import oncall
from ._common import lock_ticket, require_agent

PRODUCT_TEAM = "product"


def _words(text: str) -> str:
    """The words of a text, whatever its Markdown or spacing: a selection made on the rendered
    page still matches the stored body."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _quoted(source: Ticket, quote: str, quote_of: int | None) -> str:
    """The description of a ticket split from part of a message: the selection, quoted. Only
    text the customer already reads (the request or a public message) may move: the new
    ticket's description is public."""
    if quote_of is None:
        body, origin = source.description, "the original request"
    else:
        message = (
            Message.objects.filter(ticket_id=source.pk, pk=quote_of, kind__in=PUBLIC_MESSAGE_KINDS)
            .select_related("author")
            .first()
        )
        if message is None:
            raise ValidationFailed(
                f"Message {quote_of} is not a public message of #{source.pk}.",
                fields={"quote_of": ["Select text of the request or of a public message."]},
            )
        body, origin = message.body, f"message {message.pk}"
    if not _words(quote) or _words(quote) not in _words(body):
        raise ValidationFailed(
            f"The selected text is not part of {origin}.",
            fields={"quote": [f"Select text of {origin}."]},
        )
    quoted = "\n".join(f"> {line}" if line else ">" for line in quote.strip().splitlines())
    return (
        f"Split from ticket #{source.pk} ({origin}) so that this question gets its own "
        f"answer:\n\n{quoted}"
    )


def split(
    ticket: Ticket,
    *,
    actor,
    message_ids: Iterable[int] = (),
    subject: str,
    quote: str = "",
    quote_of: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """An unrelated question becomes its own ticket in the entry tier (Triage) with no assignee
    and no escalation: the chosen messages move to it, or ``quote``, text selected in the
    request (``quote_of`` None) or in public message ``quote_of``, becomes its description
    while the original stays intact. Events on both tickets link each other."""
    require_agent(actor, "split tickets")
    subject = " ".join((subject or "").split())
    quote = (quote or "").strip()
    try:
        ids = sorted({int(pk) for pk in message_ids or []})
        if any(not 0 < pk < 2**63 for pk in [*ids, *([quote_of] if quote_of else [])]):
            raise ValueError("no message has this number")
    except (TypeError, ValueError):
        raise ValidationFailed(
            "Messages are given by their numbers.", fields={"messages": ["Not a message id."]}
        ) from None
    errors = {}
    if not ids and not quote:
        errors["messages"] = [
            "Choose the messages that belong to the new question, or select part of one."
        ]
    if not subject:
        errors["subject"] = ["Give the new ticket a subject."]
    elif len(subject) > 200:
        errors["subject"] = ["At most 200 characters."]
    if errors:
        raise ValidationFailed("The split is missing what it needs.", fields=errors)
    at = at or timezone.now()
    with transaction.atomic():
        source = lock_ticket(ticket.pk)
        description = (
            f"Split from ticket #{source.pk} so that this question gets its own answer. "
            "The messages about it follow."
        )
        if quote:
            description = _quoted(source, quote, quote_of)
        new = tickets.submit_ticket(
            actor=actor,
            requester=source.requester,
            subject=subject,
            description=description,
            category=source.category,
            at=at,
        )
        who = actor.get_username()
        moved = []
        if quote:
            origin = "the original request" if quote_of is None else f"message {quote_of}"
            moved.append(f"part of {origin}")
        if ids:
            tickets.move_messages(source, new, actor=actor, message_ids=ids, at=at)
            moved.append(ngettext("%(n)d message", "%(n)d messages", len(ids)) % {"n": len(ids)})
        tickets.record_event(
            source,
            f"**Split:** {' and '.join(moved)} moved to ticket #{new.pk} ({subject}) by {who}.",
            actor=actor,
            at=at,
        )
        tickets.record_event(
            new,
            f"**Split** from ticket #{source.pk} ({source.subject}) by {who}: back in "
            f"{new.tier.code} with no assignee.",
            actor=actor,
            at=at,
        )
    return new


def _team_reason(triggers: Iterable[str], text: str) -> str:
    keys = [str(key).strip() for key in triggers or [] if str(key).strip()]
    unknown = [key for key in keys if key not in ENGAGEMENT_TRIGGERS]
    if unknown:
        raise ValidationFailed(
            f"Unknown reason {unknown[0]!r}.",
            fields={"triggers": [f"Choose from: {', '.join(ENGAGEMENT_TRIGGERS)}."]},
        )
    labels = [ENGAGEMENT_TRIGGERS[key] for key in dict.fromkeys(keys)]
    if not labels and not text:
        raise ValidationFailed(
            "Say why the team needs this ticket.", fields={"reason": ["Give the reason."]}
        )
    return "\n\n".join(part for part in ["; ".join(f"{label}." for label in labels), text] if part)


def _team(value: Team | str) -> Team:
    if isinstance(value, Team):
        return value
    team = Team.objects.filter(slug__iexact=str(value or "").strip()).first()
    if team is None:
        slugs = ", ".join(selectors.teams().values_list("slug", flat=True))
        raise ValidationFailed(
            f"There is no team {value!r}.", fields={"team": [f"Choose one of: {slugs}."]}
        )
    return team


def _team_recipients(team: Team) -> list[str]:
    emails = [team.email] if team.email else []
    emails += [e for e in team.members.filter(is_active=True).values_list("email", flat=True) if e]
    return list(dict.fromkeys(emails))


def _tell_team(team: Team, ticket: Ticket, kind: str, subject: str, text: str, key: str, at):
    outbox.enqueue_many(
        [
            outbox.Outgoing(
                kind=kind,
                recipient=email,
                subject=subject,
                body_text=text,
                dedupe_key=f"{key}:{email}",
                ticket_number=ticket.pk,
            )
            for email in _team_recipients(team)
        ],
        at=at,
    )


def _drop_escalation(ticket: Ticket, *, actor, entry: Tier, note: str, at) -> None:
    """Back to the entry tier (which unassigns) or, already there, just unassigned."""
    if ticket.tier_id != entry.pk:
        if selectors.rules_of(ticket.tier).is_on_call:
            oncall.cancel_open(ticket, note=note, at=at)
        tickets.move_to_tier(ticket, actor=actor, tier=entry, note=note, at=at)
    elif ticket.assignee_id is not None:
        tickets.assign(ticket, actor=actor, assignee=None)


# Seed 002: a change the customer pays for is handed off to Professional Services.
PROFESSIONAL_SERVICES = "professional-services"
BILLABLE_CHANGE_TAG = "Billable change"


def _mark_billable_change(ticket: Ticket, *, actor, reason: str) -> None:
    """The hand-off marks the ticket: the "Billable change" tag (filterable in every queue, shown
    on the team's queue) and an internal note with the reason, for whoever quotes it."""
    tickets.change_tags(ticket, actor=actor, add=[BILLABLE_CHANGE_TAG])
    tickets.add_internal_note(
        ticket,
        actor=actor,
        body=f"Billable change, handed off to Professional Services to quote: {reason}",
    )


def send_to_team(
    ticket: Ticket,
    *,
    actor,
    team: Team | str,
    reason: str = "",
    follow: bool = False,
    triggers: Iterable[str] = (),
    at: datetime | None = None,
) -> TicketRouting:
    """Route the ticket to Engagement, Marketing…: no assignee, no escalation, the team told.
    Professional Services (seed 002) also marks the ticket a billable change (tag and note).
    ``triggers``: keys of seed 003's Engagement situations (``ENGAGEMENT_TRIGGERS``); the reason
    starts with them, and the free text may then stay empty."""
    require_agent(actor, "send tickets to a team")
    reason = _team_reason(triggers, (reason or "").strip())
    team = _team(team)
    at = at or timezone.now()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        if not policies.may_route(actor, ticket):
            # may_route refuses an agent only a ticket someone else holds
            assert ticket.assignee is not None
            raise PermissionDenied(
                f"Ticket #{ticket.pk} is held by {ticket.assignee.get_username()}: only they or "
                "a lead may send it to a team."
            )
        _drop_escalation(
            ticket, actor=actor, entry=selectors.entry_tier(), note=f"Sent to {team}.", at=at
        )
        routing, _ = TicketRouting.objects.select_for_update().get_or_create(ticket=ticket)
        routing.team = team
        routing.team_reason = reason
        routing.sent_to_team_at = at
        routing.sent_to_team_by = actor
        routing.save()
        if follow:
            routing.followers.add(actor)
        tickets.record_event(
            ticket,
            f"**Sent to {team.name}** by {actor.get_username()}: {reason}",
            actor=actor,
            at=at,
        )
        if team.slug == PROFESSIONAL_SERVICES:
            _mark_billable_change(ticket, actor=actor, reason=reason)
        _tell_team(
            team,
            ticket,
            "team_ticket",
            f"[{team.name}] Ticket #{ticket.pk}: {ticket.subject}",
            f"{actor.get_username()} sent ticket #{ticket.pk} to {team.name}.\n\n{reason}\n",
            f"team-ticket:{ticket.pk}:{team.pk}:{at.isoformat()}",
            at,
        )
    return routing


def notify_product(
    ticket: Ticket, *, actor, note: str, at: datetime | None = None
) -> TicketRouting:
    """Raise the Notify Product flag with an internal note that starts with **Product**. Product
    is told by the flag, never by escalation: the ticket stays where it is."""
    require_agent(actor, "notify Product")
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(
            "Explain why Product needs to be aware of this.",
            fields={"note": ["Write the note for Product."]},
        )
    body = note.removeprefix("**Product**").strip(" :—-\n")
    at = at or timezone.now()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        routing, _ = TicketRouting.objects.select_for_update().get_or_create(ticket=ticket)
        routing.notify_product = True
        routing.product_flagged_at = at
        routing.save(update_fields=["notify_product", "product_flagged_at"])
        tickets.add_internal_note(ticket, actor=actor, body=f"**Product** — {body}")
        product = Team.objects.filter(slug=PRODUCT_TEAM).first()
        if product is not None:
            _tell_team(
                product,
                ticket,
                "notify_product",
                f"[Notify Product] #{ticket.pk}: {ticket.subject}",
                f"{actor.get_username()} flagged ticket #{ticket.pk} for Product.\n\n{body}\n",
                f"notify-product:{ticket.pk}:{at.isoformat()}",
                at,
            )
    return routing


def take_next(actor, tier: Tier) -> Ticket | None:
    """Take the first ticket of ``tier`` in picking order that ``actor`` may hold; a ticket
    another agent is taking at the same instant is skipped, not waited for."""
    require_agent(actor, "take tickets")
    with transaction.atomic():
        candidates = policies.takeable_by(selectors.tier_queue(actor, tier, unassigned=True), actor)
        ticket = (
            candidates.prefetch_related(None)
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if ticket is None:
            return None
        return tickets.assign(ticket, actor=actor, assignee=actor)


def carry_followers(source: Ticket, target: Ticket) -> int:
    """A merged duplicate's followers follow the kept ticket (in the merge's transaction)."""
    followers = list(
        TicketRouting.objects.filter(ticket_id=source.pk).values_list("followers", flat=True)
    )
    followers = [pk for pk in followers if pk is not None]
    if not followers:
        return 0
    routing, _ = TicketRouting.objects.get_or_create(ticket_id=target.pk)
    routing.followers.add(*followers)
    return len(followers)
