"""Escalate up and down with structured transition comments (seed 003)."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from helpdesk.core.errors import ValidationFailed
from tickets import services as tickets
from tickets.models import Ticket, Tier
from tickets.policies import KNOWN_ISSUE_TAG
from tickets.states import Party

from .. import selectors
from ..models import Escalation, OnCallRequest
from ..states import (
    MISSED_DOC_REVIEW,
    PROCESS_TWEAK,
    PROPOSED_DOC_TAGS,
    PROPOSED_INTERNAL_DOC,
    PROPOSED_USER_DOC,
    REVIEW_TAGS,
    CommentRule,
    Direction,
    DownOutcome,
)
from . import alerts, lead_check, oncall
from ._common import add_tags, lock_ticket, require_active, require_agent, require_tier, when

MAX_QUESTIONS = 20
PROPOSED_DOC_KEYS = {"user": PROPOSED_USER_DOC, "internal": PROPOSED_INTERNAL_DOC}


def _tier(value: Tier | str | None) -> Tier | None:
    if value is None or isinstance(value, Tier):
        return value
    if not str(value).strip():
        return None
    return selectors.tier_named(str(value))


def clean_questions(questions: Iterable[str]) -> list[str]:
    cleaned = [str(q).strip() for q in questions or [] if str(q).strip()]
    if not cleaned:
        raise ValidationFailed(
            "Write at least one escalated question.",
            fields={"questions": ["Ask the next tier at least one question."]},
        )
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationFailed(
            f"At most {MAX_QUESTIONS} questions.", fields={"questions": ["Too many questions."]}
        )
    return cleaned


def comment_required(tier: Tier, ticket: Ticket) -> str:
    """Why escalating out of ``tier`` needs a public transition comment now, or ""."""
    rule = selectors.rules_of(tier).transition_comment
    if rule == CommentRule.ALWAYS:
        return f"{tier.code} always writes to the customer when escalating."
    if rule == CommentRule.IF_CUSTOMER_LAST and ticket.last_word == (Party.CUSTOMER):
        return (
            f"The customer had the last word, so {tier.code} writes to the customer when "
            "escalating."
        )
    return ""


def up_note(
    source: Tier,
    target: Tier,
    questions: Sequence[str],
    findings: str,
    reescalated_from: Escalation | None,
) -> str:
    lines = [f"**Escalated from {source.code} to {target.code}.**"]
    if reescalated_from is not None:
        lines.append(
            f"**Re-escalation:** the answer {target.code} gave on "
            f"{when(reescalated_from.at)} did not help. Tagged {PROCESS_TWEAK} for the leads' "
            "review."
        )
    lines += [f"**ESCALATED QUESTION {n}:** {q}" for n, q in enumerate(questions, 1)]
    if findings:
        lines.append(f"**Findings so far:**\n\n{findings}")
    return "\n\n".join(lines)


def escalate_up(
    ticket: Ticket,
    *,
    actor,
    questions: Iterable[str],
    target_tier: Tier | str | None = None,
    findings: str = "",
    customer_message: str = "",
    set_pending: bool = False,
    expected_tier: str | None = None,
    at: datetime | None = None,
) -> Escalation | OnCallRequest:
    """Send the ticket up with numbered questions, findings and, when the rule of the tier it
    leaves asks for one, a public transition comment. Starts the new tier's SLA clock: a
    ticket Pending or Waiting on the customer is Open again, unless this very escalation asks
    the customer for more (``set_pending``).

    To On-Call in working hours, when its rules ask for it, an agent who is neither a lead nor
    an authorized escalator gets an ``OnCallRequest`` back instead: held for a lead's
    confirmation (``confirm``), the ticket unchanged but for a note (seed 003)."""
    require_agent(actor, "escalate tickets")
    at = at or timezone.now()
    findings, customer_message = (findings or "").strip(), (customer_message or "").strip()
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        require_active(ticket, "escalate it")
        require_tier(ticket, expected_tier)
        source = ticket.tier
        target = _tier(target_tier) or selectors.next_tier_up(source)
        if target is None:
            raise ValidationFailed(
                f"No tier above {source.code}: choose On-Call if it cannot wait.",
                fields={"target_tier": ["Choose a tier."]},
            )
        if not selectors.tiers_above(source).filter(pk=target.pk).exists():
            raise ValidationFailed(
                f"{target.code} is not above {source.code}: escalate down instead.",
                fields={"target_tier": [f"Choose a tier above {source.code}."]},
            )
        cleaned = clean_questions(questions)
        reason = comment_required(source, ticket)
        if reason and not customer_message:
            raise ValidationFailed(
                f"Write the customer a transition comment: {reason}",
                fields={"customer_message": [reason]},
            )
        if set_pending and not customer_message:
            raise ValidationFailed(
                "Asking the customer for more information needs a message to them.",
                fields={"customer_message": ["Write what you need from the customer."]},
            )
        if lead_check.needs_lead(actor, source, target, at):
            return lead_check.hold(
                ticket,
                actor=actor,
                source=source,
                target=target,
                questions=cleaned,
                findings=findings,
                customer_message=customer_message,
                set_pending=set_pending,
                at=at,
            )
        lead_check.cancel_awaiting(ticket, at=at)
        return apply_up(
            ticket,
            actor=actor,
            source=source,
            target=target,
            questions=cleaned,
            findings=findings,
            customer_message=customer_message,
            set_pending=set_pending,
            at=at,
        )


def apply_up(
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
) -> Escalation:
    """The escalation itself, checks done, inside the caller's transaction on a locked ticket
    (``escalate_up``, or a lead's confirmation of a held On-Call escalation)."""
    cleaned = questions
    previous = selectors.last_escalation(ticket)
    reescalated_from = (
        previous
        if previous is not None
        and previous.direction == Direction.DOWN
        and previous.from_tier_id == target.pk
        else None
    )

    tickets.move_to_tier(ticket, actor=actor, tier=target, at=at)
    _hand_back(ticket, target, actor=actor, at=at)
    note = tickets.add_internal_note(
        ticket,
        actor=actor,
        body=up_note(source, target, cleaned, findings, reescalated_from),
    )
    public = None
    if customer_message:
        public = tickets.reply(
            ticket, actor=actor, body=customer_message, set_pending=set_pending
        ).message
    if not set_pending:
        # Not parked: the next tier works on it with its clock running (seed 003).
        tickets.back_to_work(ticket, actor=actor, note=f"Escalated to {target.code}.", at=at)
    added = add_tags(ticket, actor=actor, names=[PROCESS_TWEAK] if reescalated_from else [])
    escalation = Escalation.objects.create(
        ticket=ticket,
        direction=Direction.UP,
        from_tier=source,
        to_tier=target,
        actor=actor,
        at=at,
        questions=cleaned,
        findings=findings,
        customer_message=customer_message,
        is_reescalation=reescalated_from is not None,
        tags_added=added,
        needs_review=bool(set(added) & REVIEW_TAGS) or reescalated_from is not None,
        note=note,
        public_reply=public,
    )
    alerts.escalated(ticket, escalation, target=target, actor=actor)
    if selectors.rules_of(source).is_on_call:
        oncall.cancel_open(ticket, note=f"Escalated to {target.code}.", at=at)
    if selectors.rules_of(target).is_on_call:
        oncall.raise_alert(ticket, escalation=escalation, tier=target, at=at)
    return escalation


def _hand_back(ticket: Ticket, tier: Tier, *, actor, at: datetime) -> None:
    """Into a tier where an engineer already answered the customer: back to that engineer
    (seed 003), not to the queue. On-Call is paged, never handed back to."""
    if selectors.rules_of(tier).is_on_call:
        return
    answerer = selectors.previous_answerer(ticket, tier)
    if answerer is not None and answerer.pk != actor.pk:
        tickets.hand_back(
            ticket,
            agent=answerer,
            reason=f"they answered the customer before in {tier.code}.",
            at=at,
        )


def _proposed_docs(values: Iterable[str]) -> list[str]:
    names = []
    for value in values or []:
        key = str(value).strip()
        name = PROPOSED_DOC_KEYS.get(key.lower()) or next(
            (tag for tag in PROPOSED_DOC_TAGS if tag.lower() == key.lower()), None
        )
        if name is None:
            raise ValidationFailed(
                f"Unknown proposed doc {key!r}.",
                fields={"proposed_docs": [f"Choose from: {', '.join(PROPOSED_DOC_TAGS)}."]},
            )
        if name not in names:
            names.append(name)
    return names


def down_note(
    source: Tier,
    target: Tier,
    outcome: str,
    *,
    doc_url: str,
    known_issue: str,
    findings: str,
    answered_by: str,
    process_tweak: str,
) -> str:
    lines = [
        f"**Escalated down from {source.code} to {target.code}:** {DownOutcome(outcome).label}."
    ]
    if outcome == DownOutcome.MISSED_DOC:
        lines.append(f"**{MISSED_DOC_REVIEW}:** the answer is in {doc_url}")
    if outcome == DownOutcome.KNOWN_ISSUE:
        lines.append(f"**Known issue:** {known_issue}")
    if outcome == DownOutcome.ANSWERED:
        lines.append(f"**Answered the customer;** the ticket stays with {answered_by}.")
    if findings:
        lines.append(f"**Findings:**\n\n{findings}")
    if process_tweak:
        lines.append(f"**{PROCESS_TWEAK}:** {process_tweak}")
    return "\n\n".join(lines)


def escalate_down(
    ticket: Ticket,
    *,
    actor,
    outcome: str,
    target_tier: Tier | str | None = None,
    answer: str = "",
    doc_url: str = "",
    known_issue: str = "",
    findings: str = "",
    proposed_docs: Iterable[str] = (),
    process_tweak: str = "",
    expected_tier: str | None = None,
    at: datetime | None = None,
) -> Escalation:
    """Hand the ticket back down: with a known-issue tag, a Missed Doc Review (doc link), or an
    answer sent to the customer (the answering agent keeps the ticket)."""
    require_agent(actor, "escalate tickets")
    at = at or timezone.now()
    answer, findings = (answer or "").strip(), (findings or "").strip()
    doc_url, known_issue = (doc_url or "").strip(), (known_issue or "").strip().lower()
    process_tweak = (process_tweak or "").strip()
    if outcome not in DownOutcome.values:
        raise ValidationFailed(
            f"Unknown outcome {outcome!r}.",
            fields={"outcome": [f"Choose one of: {', '.join(DownOutcome.values)}."]},
        )
    errors = {}
    if outcome == DownOutcome.ANSWERED and not answer:
        errors["answer"] = ["Write the answer the customer gets."]
    if outcome == DownOutcome.MISSED_DOC and not doc_url.lower().startswith(
        ("https://", "http://")
    ):
        errors["doc_url"] = ["Link the doc that answers it (https://…)."]
    if outcome == DownOutcome.KNOWN_ISSUE and not KNOWN_ISSUE_TAG.fullmatch(known_issue):
        errors["known_issue"] = ["Name the known issue as <number>-<slug>, e.g. 42-checkout-502."]
    if errors:
        raise ValidationFailed("The escalation down is missing what it hands back.", fields=errors)
    proposed = _proposed_docs(proposed_docs)
    with transaction.atomic():
        ticket = lock_ticket(ticket.pk)
        require_active(ticket, "escalate it")
        require_tier(ticket, expected_tier)
        source = ticket.tier
        target = _tier(target_tier) or selectors.default_tier_down(ticket)
        if target is None or not selectors.tiers_below(source).filter(pk=target.pk).exists():
            code = target.code if target else "-"
            raise ValidationFailed(
                f"{code} is not below {source.code}: escalate up instead.",
                fields={"target_tier": [f"Choose a tier below {source.code}."]},
            )

        tickets.move_to_tier(ticket, actor=actor, tier=target, at=at)
        public = None
        if answer:
            public = tickets.reply(ticket, actor=actor, body=answer).message
        if outcome == DownOutcome.ANSWERED:
            tickets.assign(ticket, actor=actor, assignee=actor)
        else:
            _hand_back(ticket, target, actor=actor, at=at)
        note = tickets.add_internal_note(
            ticket,
            actor=actor,
            body=down_note(
                source,
                target,
                outcome,
                doc_url=doc_url,
                known_issue=known_issue,
                findings=findings,
                answered_by=actor.get_username(),
                process_tweak=process_tweak,
            ),
        )
        wanted = [*proposed]
        if outcome == DownOutcome.MISSED_DOC:
            wanted.append(MISSED_DOC_REVIEW)
        if outcome == DownOutcome.KNOWN_ISSUE:
            wanted.append(known_issue)
        if process_tweak:
            wanted.append(PROCESS_TWEAK)
        added = add_tags(ticket, actor=actor, names=wanted)
        escalation = Escalation.objects.create(
            ticket=ticket,
            direction=Direction.DOWN,
            from_tier=source,
            to_tier=target,
            actor=actor,
            at=at,
            findings=findings,
            customer_message=answer,
            outcome=outcome,
            doc_url=doc_url,
            known_issue=known_issue,
            tags_added=added,
            needs_review=outcome == DownOutcome.MISSED_DOC or bool(process_tweak),
            note=note,
            public_reply=public,
        )
        if outcome != DownOutcome.ANSWERED:  # answered: the agent who answered keeps it
            alerts.escalated(ticket, escalation, target=target, actor=actor)
        if selectors.rules_of(source).is_on_call:
            oncall.cancel_open(ticket, note=f"Escalated down to {target.code}.", at=at)
    return escalation
