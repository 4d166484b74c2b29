"""Every write a user (or the system) can cause on tickets.

Each service is one transaction: it locks the ticket row, checks permission through
``tickets.policies``, applies the transition or change, and records the timeline entry.
HTML views, the API, admin actions and Celery sweeps all call these functions.
"""

import mimetypes
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import get_valid_filename
from django_fsm import can_proceed, has_transition_perm

from helpdesk.core import roles
from helpdesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

from . import notify, policies, signals, timers
from .models import Attachment, Message, Tag, Ticket, Tier, TransitionLog
from .selectors import available_transitions
from .states import CATEGORY_DEFAULT_PRIORITY, Category, MessageKind, Party, Priority, Status

MAX_HOLD_DAYS = 365


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"


@dataclass(frozen=True)
class ReplyOutcome:
    """What a posted message did: the message, and the ticket it landed on."""

    message: Message | None
    ticket: Ticket
    opened_new_ticket: bool = False


# --- attachments ----------------------------------------------------------------------------


def validate_uploads(files: Sequence[UploadedFile]) -> None:
    """Refuse the whole batch if any file is too large or of a type we do not accept."""
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    allowed = {ext.lower().lstrip(".") for ext in settings.HELPDESK_ATTACHMENT_EXTENSIONS}
    problems = []
    for upload in files:
        name = os.path.basename(upload.name or "")
        ext = os.path.splitext(name)[1].lower().lstrip(".")
        if upload.size > limit:
            problems.append(
                f"{name} is {upload.size / 1024**2:.1f} MB; the limit is "
                f"{limit / 1024**2:.0f} MB per file."
            )
        elif ext not in allowed:
            problems.append(
                f"{name}: files of type .{ext or '(none)'} are not accepted. "
                f"Accepted: {', '.join('.' + e for e in sorted(allowed))}."
            )
    if problems:
        raise ValidationFailed(" ".join(problems), fields={"attachments": problems})


def _save_attachments(
    ticket: Ticket, message: Message | None, files: Iterable[UploadedFile], by, at: datetime
) -> list[Attachment]:
    saved = []
    for upload in files:
        name = get_valid_filename(os.path.basename(upload.name)) or "attachment"
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachment = Attachment(
            ticket=ticket,
            message=message,
            filename=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
            created_at=at,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved


# --- submission -----------------------------------------------------------------------------


def _default_tier():
    return Tier.objects.order_by("level").first()


def submit_ticket(
    *,
    actor,
    subject: str,
    description: str,
    category: str,
    priority: str | None = None,
    requester=None,
    production_url: str = "",
    version_seen: str = "",
    browser: str = "",
    steps_to_reproduce: str = "",
    error_text: str = "",
    attachments: Sequence[UploadedFile] = (),
    linked_from: Ticket | None = None,
    at: datetime | None = None,
) -> Ticket:
    """A customer files a ticket (or an agent files one on a customer's behalf).

    It arrives Open in the Triage queue with its category's default priority.
    """
    at = at or timezone.now()
    requester = requester or actor
    if not policies.can_submit_ticket(actor):
        raise PermissionDenied("Only customers and agents may submit tickets.")
    if requester.pk != actor.pk and not roles.is_agent(actor):
        raise PermissionDenied("Only agents may file a ticket on someone else's behalf.")
    if not roles.is_customer(requester):
        raise ValidationFailed(
            "The requester must be a customer of an organization.",
            fields={"requester": ["Not a customer of any organization."]},
        )
    errors = {}
    if not (subject or "").strip():
        errors["subject"] = ["Tell us in a few words what this is about."]
    if not (description or "").strip():
        errors["description"] = ["Describe the problem or question."]
    if category not in Category.values:
        errors["category"] = [f"Choose one of: {', '.join(Category.values)}."]
    if priority and priority not in Priority.values:
        errors["priority"] = [f"Choose one of: {', '.join(Priority.values)}."]
    if errors:
        raise ValidationFailed("The ticket has invalid fields.", fields=errors)
    validate_uploads(attachments)

    with transaction.atomic():
        ticket = Ticket(
            subject=subject.strip(),
            description=description,
            category=category,
            priority=priority or CATEGORY_DEFAULT_PRIORITY[Category(category)],
            requester=requester,
            organization_id=requester.customer_profile.organization_id,
            tier=_default_tier(),
            production_url=production_url,
            version_seen=version_seen,
            browser=browser,
            steps_to_reproduce=steps_to_reproduce,
            error_text=error_text,
            linked_from=linked_from,
            created_at=at,
            updated_at=at,
            status_changed_at=at,
            last_customer_activity_at=at,
            last_word=Party.CUSTOMER,
        )
        ticket.save()
        signals.ticket_changed.send(sender=Ticket, ticket=ticket, at=at, created=True)
        if attachments:
            _save_attachments(ticket, None, attachments, actor, at)
        if linked_from is not None:
            notify.follow_up_opened(ticket, at)
        else:
            notify.ticket_received(ticket, at)
    return ticket


# --- messages -------------------------------------------------------------------------------


def _lock(ticket_id: int) -> Ticket:
    try:
        return Ticket.objects.select_for_update().get(pk=ticket_id)
    except Ticket.DoesNotExist:
        raise NotFound(f"Ticket {ticket_id} was not found.") from None


def _check_visible(actor, ticket: Ticket) -> None:
    if not policies.can_view_ticket(actor, ticket):
        raise NotFound(f"Ticket {ticket.pk} was not found.")


def _log(ticket: Ticket, name: str, source: str, actor, comment: str, at: datetime) -> None:
    TransitionLog.objects.create(
        ticket=ticket,
        transition=name,
        from_status=source,
        to_status=ticket.status,
        actor=actor,
        comment=comment,
        created_at=at,
    )
    signals.ticket_changed.send(sender=Ticket, ticket=ticket, at=at)


def add_system_note(ticket: Ticket, body: str, at: datetime | None = None) -> Message:
    """An internal note written by the helpdesk itself (timers, links between tickets)."""
    return Message.objects.create(
        ticket=ticket, kind=MessageKind.SYSTEM_NOTE, body=body, created_at=at or timezone.now()
    )


def post_message(
    ticket: Ticket,
    *,
    actor,
    kind: str | None,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    set_pending: bool = False,
) -> ReplyOutcome:
    """Route a message to the service for its kind, refusing kinds this user may not post."""
    _check_visible(actor, ticket)
    allowed = policies.message_kinds_user_may_post(actor)
    if kind is None:
        kind = MessageKind.CUSTOMER_REPLY if roles.is_customer(actor) else MessageKind.PUBLIC_REPLY
    if kind not in allowed:
        raise ValidationFailed(
            f"You may not post a message of kind {kind!r}.",
            fields={"kind": [f"Choose one of: {', '.join(sorted(allowed))}."]},
        )
    if kind == MessageKind.CUSTOMER_REPLY:
        return customer_reply(ticket, actor=actor, body=body, attachments=attachments)
    if kind == MessageKind.INTERNAL_NOTE:
        message = add_internal_note(ticket, actor=actor, body=body, attachments=attachments)
        return ReplyOutcome(message=message, ticket=message.ticket)
    return reply(ticket, actor=actor, body=body, attachments=attachments, set_pending=set_pending)


def note_linked_work(ticket: Ticket, *, actor, body: str, at: datetime) -> Message:
    """A line about work linked to the ticket (an engineering task) on its timeline: by the
    helpdesk (``actor`` None) a system note, by staff an internal note, by the customer their
    own words as a customer reply. A closed ticket keeps the customer's words without opening a
    follow-up ticket: the answer is about work already done. The caller holds its transaction."""
    if actor is None:
        message = add_system_note(ticket, body, at)
    elif roles.is_customer(actor) and ticket.status != Status.CLOSED:
        outcome = customer_reply(ticket, actor=actor, body=body)
        return outcome.message
    else:
        customer = roles.is_customer(actor)
        kind = MessageKind.CUSTOMER_REPLY if customer else MessageKind.INTERNAL_NOTE
        message = Message.objects.create(
            ticket=ticket, kind=kind, body=body, author=actor, created_at=at
        )
        if customer:
            Ticket.objects.filter(pk=ticket.pk).update(
                last_customer_activity_at=at, last_word=Party.CUSTOMER
            )
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=at)
    return message


def _require_body(body: str) -> None:
    if not (body or "").strip():
        raise ValidationFailed("The message is empty.", fields={"body": ["Write a message."]})


def reply(
    ticket: Ticket,
    *,
    actor,
    body: str,
    attachments: Sequence[UploadedFile] = (),
    set_pending: bool = False,
) -> ReplyOutcome:
    """An agent's public reply; with ``set_pending`` the ticket waits for the customer."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may write public replies.")
    _require_body(body)
    validate_uploads(attachments)
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        message = Message.objects.create(
            ticket=ticket, kind=MessageKind.PUBLIC_REPLY, body=body, author=actor, created_at=at
        )
        _save_attachments(ticket, message, attachments, actor, at)
        ticket.first_response_at = ticket.first_response_at or at
        ticket.last_staff_activity_at = at
        ticket.last_word = Party.STAFF
        ticket.updated_at = at
        if set_pending:
            if not policies.can_reply_and_set_pending(ticket):
                raise _not_allowed(ticket, "set_pending", actor)
            if ticket.status == Status.PENDING:
                # Answering again while Pending restarts the reminder clock.
                ticket.restart_pending(at)
                timers.arm(ticket, at)
            else:
                source = ticket.status
                _enter(ticket, "set_pending", at)
                _log(ticket, "set_pending", source, actor, "", at)
        ticket.save()
        notify.public_reply(ticket, message, at)
    return ReplyOutcome(message=message, ticket=ticket)


def add_internal_note(
    ticket: Ticket, *, actor, body: str, attachments: Sequence[UploadedFile] = ()
) -> Message:
    """A note only staff see; it does not change the status or who had the last word."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may write internal notes.")
    _require_body(body)
    validate_uploads(attachments)
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        message = Message.objects.create(
            ticket=ticket, kind=MessageKind.INTERNAL_NOTE, body=body, author=actor, created_at=at
        )
        _save_attachments(ticket, message, attachments, actor, at)
        ticket.updated_at = at
        ticket.save(update_fields=["updated_at"])
    return message


def customer_reply(
    ticket: Ticket, *, actor, body: str, attachments: Sequence[UploadedFile] = ()
) -> ReplyOutcome:
    """The customer answers. Pending / Waiting / Hold / Review / Resolved go back to Open; a
    reply to a Closed ticket opens a new ticket linked to it, and the customer is told so."""
    _check_visible(actor, ticket)
    if not roles.is_customer(actor):
        raise PermissionDenied("Only customers write customer replies.")
    _require_body(body)
    validate_uploads(attachments)
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if ticket.status == Status.CLOSED:
            new_ticket = submit_ticket(
                actor=actor,
                subject=ticket.subject,
                description=body,
                category=ticket.category,
                priority=ticket.priority,
                attachments=attachments,
                linked_from=ticket,
                at=at,
            )
            add_system_note(
                ticket,
                f"The customer replied after closing; that reply opened #{new_ticket.pk}.",
                at,
            )
            add_system_note(new_ticket, f"Opened by a customer reply to closed #{ticket.pk}.", at)
            return ReplyOutcome(message=None, ticket=new_ticket, opened_new_ticket=True)
        message = Message.objects.create(
            ticket=ticket, kind=MessageKind.CUSTOMER_REPLY, body=body, author=actor, created_at=at
        )
        _save_attachments(ticket, message, attachments, actor, at)
        ticket.last_customer_activity_at = at
        ticket.last_word = Party.CUSTOMER
        ticket.updated_at = at
        if can_proceed(ticket.customer_replied):
            # Back to Open: whatever countdown ran (reminder, auto-resolve, close) stops.
            source = ticket.status
            _enter(ticket, "customer_replied", at)
            _log(ticket, "customer_replied", source, actor, "", at)
        ticket.save()
    return ReplyOutcome(message=message, ticket=ticket)


# --- transitions ----------------------------------------------------------------------------


def _enter(ticket: Ticket, name: str, at: datetime, **arguments) -> None:
    """Take transition ``name`` and arm the timer of the status it enters. No save."""
    getattr(ticket, name)(at=at, **arguments)
    timers.arm(ticket, at)


def _not_allowed(ticket: Ticket, name: str, actor) -> TransitionNotAllowed:
    allowed = [item["name"] for item in available_transitions(ticket, actor)]
    return TransitionNotAllowed(
        f"Cannot {name.replace('_', ' ')} ticket #{ticket.pk}: it is "
        f"{ticket.get_status_display()}. Allowed now: {', '.join(allowed) or 'none'}.",
        current_status=ticket.status,
        allowed_transitions=allowed,
    )


def manual_transition_names() -> frozenset[str]:
    return frozenset(
        item.name for item in Ticket().get_all_status_transitions() if item.custom.get("manual")
    )


def transition(
    ticket: Ticket,
    *,
    actor,
    name: str,
    comment: str = "",
    hold_days: int | None = None,
    expected_status: str | None = None,
) -> Ticket:
    """A person moves a ticket to another status.

    ``expected_status`` is the status the person saw: if the ticket has moved since, the change
    is refused as a conflict rather than applied on top of someone else's.
    """
    _check_visible(actor, ticket)
    if name not in manual_transition_names():
        raise ValidationFailed(
            f"Unknown transition {name!r}.",
            fields={
                "transition": [f"Choose one of: {', '.join(sorted(manual_transition_names()))}."]
            },
        )
    comment = (comment or "").strip()
    if name == "request_review" and not comment:
        raise ValidationFailed(
            "Say what needs reviewing.", fields={"comment": ["A review needs a reason."]}
        )
    if name == "hold" and (hold_days is None or not 1 <= int(hold_days) <= MAX_HOLD_DAYS):
        raise ValidationFailed(
            "Say how many days to hold the ticket.",
            fields={"hold_days": [f"A whole number of days from 1 to {MAX_HOLD_DAYS}."]},
        )
    at = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if expected_status and ticket.status != expected_status:
            error = _not_allowed(ticket, name, actor)
            error.message = (
                f"Ticket #{ticket.pk} changed while you were looking at it: it is now "
                f"{ticket.get_status_display()}. Nothing was applied."
            )
            raise error
        method = getattr(ticket, name)
        if not can_proceed(method):
            raise _not_allowed(ticket, name, actor)
        if not has_transition_perm(method, actor):
            raise PermissionDenied(f"You may not {name.replace('_', ' ')} this ticket.")
        source = ticket.status
        if name == "hold":
            _enter(ticket, name, at, until=timers.hold_until(at, int(hold_days)))
        else:
            _enter(ticket, name, at)
        ticket.updated_at = at
        ticket.save()
        _log(ticket, name, source, actor, comment, at)
        if name == "close":
            notify.ticket_closed(ticket, at)
    return ticket


def system_transition(ticket: Ticket, name: str, *, note: str = "", at=None) -> Ticket:
    """A transition the helpdesk takes itself (timers). The caller holds the row lock."""
    at = at or timezone.now()
    source = ticket.status
    _enter(ticket, name, at)
    ticket.updated_at = at
    ticket.save()
    _log(ticket, name, source, None, note, at)
    if note:
        add_system_note(ticket, note, at)
    return ticket


# --- timers (called by tickets.sweeps on rows they hold locked) ------------------------------


def _when(instant: datetime) -> str:
    return timezone.localtime(instant).strftime("%a %d %b %Y %H:%M %Z")


def send_pending_reminder(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """Pending long enough: remind the customer once, and start the auto-resolve countdown."""
    at = at or timezone.now()
    if ticket.status != Status.PENDING or ticket.reminder_sent_at is not None:
        return ticket
    timers.after_reminder(ticket, at)
    ticket.save(update_fields=["reminder_sent_at", "remind_at", "auto_resolve_at"])
    add_system_note(
        ticket,
        "Reminder sent to the customer. Without a reply the ticket resolves itself on "
        f"{_when(ticket.auto_resolve_at)}.",
        at,
    )
    notify.pending_reminder(ticket, at)
    return ticket


def auto_resolve(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """Still no reply after the reminder: Resolved, with a system note and an email."""
    at = at or timezone.now()
    reminded = ticket.reminder_sent_at or at
    system_transition(
        ticket,
        "auto_resolve",
        note=f"Resolved automatically: no reply since the reminder of {_when(reminded)}.",
        at=at,
    )
    notify.auto_resolved(ticket, at)
    return ticket


def expire_wait(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """Waiting on Customer for too long: back to Open for staff (no email)."""
    since = ticket.waiting_since or ticket.status_changed_at
    return system_transition(
        ticket,
        "wait_expired",
        note=f"Back to Open: no reply from the customer since {_when(since)}.",
        at=at,
    )


def expire_hold(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """The hold ended: back to Open, with an internal note saying so."""
    return system_transition(
        ticket,
        "hold_expired",
        note=f"The hold ended on {_when(ticket.hold_until)}; the ticket is Open again.",
        at=at,
    )


def auto_close(ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    """Resolved for long enough: Closed, and the customer is told a reply opens a new ticket."""
    at = at or timezone.now()
    resolved = ticket.resolved_at or ticket.status_changed_at
    system_transition(
        ticket, "auto_close", note=f"Closed automatically; resolved since {_when(resolved)}.", at=at
    )
    notify.ticket_closed(ticket, at)
    return ticket


# --- assignment and tags --------------------------------------------------------------------


def assign(ticket: Ticket, *, actor, assignee) -> Ticket:
    """Give the ticket to an agent (``None`` unassigns). Agents take or release; leads reassign."""
    _check_visible(actor, ticket)
    if assignee is not None and not roles.is_agent(assignee):
        raise ValidationFailed(
            "Tickets can only be assigned to agents.", fields={"assignee": ["Not an agent."]}
        )
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if not policies.can_assign(actor, ticket, assignee):
            raise PermissionDenied(
                "Only a lead may reassign a ticket that another agent holds, or give it to "
                "someone else."
            )
        problem = policies.ticket_assignment_problem(ticket, assignee)
        if problem:
            raise ValidationFailed(problem, fields={"assignee": [problem]})
        ticket.assignee = assignee
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["assignee", "updated_at"])
    return ticket


def take(ticket: Ticket, *, actor) -> Ticket:
    return assign(ticket, actor=actor, assignee=actor)


def clean_tag_names(names: Iterable[str]) -> list[str]:
    """Tag names as typed: spaces folded, empty ones dropped, one per name case-blind."""
    cleaned: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        if len(name) > 100:
            raise ValidationFailed("A tag is at most 100 characters.", fields={"tags": [name]})
        cleaned.setdefault(name.lower(), name)
    return list(cleaned.values())


def tags_named(names: Sequence[str]) -> list[Tag]:
    """The tags of these (cleaned) names, case-blind, creating the missing ones: one query to
    find them and, when some are new, one insert and one read, however many names."""
    wanted = {name.lower(): name for name in names}
    if not wanted:
        return []

    def existing(keys) -> dict[str, Tag]:
        rows = Tag.objects.annotate(key=Lower("name")).filter(key__in=list(keys))
        return {tag.key: tag for tag in rows}

    found = existing(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        # Two agents adding the same new tag at once: the second insert is skipped.
        Tag.objects.bulk_create([Tag(name=wanted[key]) for key in missing], ignore_conflicts=True)
        found.update(existing(missing))
    return [found[key] for key in wanted]


def set_tags(ticket: Ticket, *, actor, names: Iterable[str]) -> Ticket:
    """Replace the ticket's tags, creating tags that do not exist yet (names are case-blind)."""
    _check_visible(actor, ticket)
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents may tag tickets.")
    cleaned = clean_tag_names(names)
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        ticket.tags.set(tags_named(cleaned))
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["updated_at"])
    return ticket


def add_tag(ticket: Ticket, *, actor, name: str) -> Ticket:
    current = list(ticket.tags.values_list("name", flat=True))
    return set_tags(ticket, actor=actor, names=[*current, name])


def move_to_tier(ticket: Ticket, *, actor, tier, note: str = "", at=None) -> Ticket:
    """Put the ticket in another tier's queue, unassigned, so that tier picks it up.

    The escalation app decides when and why (escalate up or down, split); this is the one write
    of ``Ticket.tier``, so SLA clocks and the timeline follow every move.
    """
    _check_visible(actor, ticket)
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents move tickets between tiers.")
    at = at or timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket.pk)
        if ticket.tier_id == tier.pk:
            raise ValidationFailed(
                f"Ticket #{ticket.pk} is already in {tier}.", fields={"tier": ["Same tier."]}
            )
        source = ticket.tier
        ticket.tier = tier
        ticket.assignee = None
        ticket.updated_at = at
        ticket.save(update_fields=["tier", "assignee", "updated_at"])
        body = f"Moved from {source} to {tier} by {actor.get_username()}."
        add_system_note(ticket, f"{body}\n\n{note}".strip(), at)
        signals.ticket_changed.send(sender=Ticket, ticket=ticket, at=at)
    return ticket


def move_messages(source: Ticket, target: Ticket, *, actor, message_ids, at=None) -> int:
    """Move messages (with their attachments) from ``source`` to ``target``: the write behind
    escalation's split. System notes stay. Who had the last word is recomputed on both."""
    if not roles.is_agent(actor):
        raise PermissionDenied("Only agents move messages between tickets.")
    if source.pk == target.pk:
        raise ValidationFailed("Choose another ticket to move the messages to.")
    at = at or timezone.now()
    wanted = {int(pk) for pk in message_ids}
    with transaction.atomic():
        for pk in sorted([source.pk, target.pk]):  # one lock order everywhere: no deadlock
            _lock(pk)
        moving = list(
            Message.objects.filter(ticket_id=source.pk, pk__in=wanted)
            .exclude(kind=MessageKind.SYSTEM_NOTE)
            .values_list("pk", flat=True)
        )
        missing = sorted(wanted - set(moving))
        if not moving or missing:
            raise ValidationFailed(
                f"Messages {missing or sorted(wanted)} are not messages of #{source.pk} "
                "that can move.",
                fields={"messages": ["Choose messages of this ticket (not system notes)."]},
            )
        Message.objects.filter(pk__in=moving).update(ticket_id=target.pk)
        Attachment.objects.filter(message_id__in=moving).update(ticket_id=target.pk)
        for ticket_id in (source.pk, target.pk):
            last = (
                Message.objects.filter(
                    ticket_id=ticket_id,
                    kind__in=[MessageKind.PUBLIC_REPLY, MessageKind.CUSTOMER_REPLY],
                )
                .order_by("-created_at", "-id")
                .values_list("kind", flat=True)
                .first()
            )
            word = Party.STAFF if last == MessageKind.PUBLIC_REPLY else Party.CUSTOMER
            Ticket.objects.filter(pk=ticket_id).update(last_word=word, updated_at=at)
    return len(moving)
