"""Telling the staff: each event's recipients get an in-app line and/or an email, as each of them
chose in their profile (``StaffSettings.preferences``: event → channel).

Registered as an ``events`` handler (``apps.NotificationsConfig.ready``): it runs in the
publisher's transaction, so an alert of a change that rolls back is never written. The
publisher names the recipients (user ids); the actor is never told about their own action.

Defaults (an event missing from a person's preferences, or a value no longer offered):
- email and in-app (``both``): a customer replied, a ticket was assigned to you, escalated to
  your tier, you were @mentioned, an On-Call page, the SLA of your ticket turned Red, a
  customer answered Not good about a ticket of the tier you lead;
  your tier, you were @mentioned, an On-Call page, the SLA of your ticket turned Red, a ticket
  of an account you manage was filed, changed status or got a customer reply;
- in-app only: a ticket you follow changed (frequent, and followers chose to watch, not to act).

The On-Call page is always emailed by the paging chain itself (``escalation``'s on-call
service: a page must reach the person whatever they chose); the preference only says whether
it also shows in the desk, so its choices are "both" and "email".

Bulk: ``deliver`` takes many events at once (one query for the settings of every recipient, one
INSERT of in-app rows, one of emails); a sweep publishing many events wraps them in
``batched()`` so the handler collects them and delivers once at the end of the block.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from helpdesk.core import roles
from helpdesk.core.errors import NotFound, PermissionDenied, ValidationFailed

from . import events, services
from .models import Channel, InAppNotification, StaffEvent, StaffSettings

EVENTS: dict[str, StaffEvent] = {
    events.Name.CUSTOMER_REPLIED: StaffEvent.CUSTOMER_REPLIED,
    events.Name.ASSIGNED: StaffEvent.ASSIGNED,
    events.Name.ESCALATED: StaffEvent.ESCALATED,
    events.Name.MENTIONED: StaffEvent.MENTIONED,
    events.Name.FOLLOWED_CHANGED: StaffEvent.FOLLOWED_CHANGED,
    events.Name.ON_CALL_PAGE: StaffEvent.ON_CALL_PAGE,
    events.Name.SLA_RED: StaffEvent.SLA_RED,
    events.Name.DOC_REQUEST_OPENED: StaffEvent.DOC_REQUEST_OPENED,
    events.Name.CSAT_NOT_GOOD: StaffEvent.CSAT_NOT_GOOD,
    events.Name.ACCOUNT_PROGRESS: StaffEvent.ACCOUNT_PROGRESS,
    events.Name.TASK_ASSIGNED: StaffEvent.ASSIGNED,
    events.Name.HANDOVER: StaffEvent.HANDOVER,
    # Seed 004-04: about a ticket assigned to you, so the "assigned" preference (decision 0035).
    events.Name.PROGRESS_UPDATE_DUE: StaffEvent.ASSIGNED,
}
DEFAULTS: dict[str, str] = {
    **{event.value: Channel.BOTH.value for event in StaffEvent},
    StaffEvent.FOLLOWED_CHANGED: Channel.IN_APP,
}
# Events whose email the publisher sends itself, whatever the preference.
EMAILED_BY_PUBLISHER = frozenset({StaffEvent.ON_CALL_PAGE.value})
_ALL_CHANNELS = tuple(Channel.values)
CHOICES: dict[str, tuple[str, ...]] = {
    **{event.value: _ALL_CHANNELS for event in StaffEvent},
    StaffEvent.ON_CALL_PAGE: (Channel.BOTH, Channel.EMAIL),
}
TEMPLATE = "notifications/staff/alert"


def channel_of(preferences: dict[str, Any] | None, event: str) -> str:
    """The channel ``event`` reaches a person on, given their stored preferences."""
    chosen = (preferences or {}).get(event)
    return chosen if chosen in CHOICES[event] else DEFAULTS[event]


def wants_in_app(channel: str) -> bool:
    return channel in (Channel.IN_APP, Channel.BOTH)


def wants_email(channel: str, event: str) -> bool:
    return channel in (Channel.EMAIL, Channel.BOTH) and event not in EMAILED_BY_PUBLISHER


def deliver(batch: Sequence[events.Event]) -> tuple[int, int]:
    """Write the in-app lines and outbox emails of ``batch`` in the caller's transaction.
    Returns (in-app rows, emails) offered to the database (duplicates are ignored there)."""
    wanted = [(event, EVENTS[event.name]) for event in batch if event.name in EVENTS]
    user_ids = {
        user_id
        for event, _ in wanted
        for user_id in event.recipients
        if user_id is not None and user_id != event.actor_id
    }
    if not user_ids:
        return 0, 0
    people = {
        pk: (email, name, preferences)
        for pk, email, name, preferences in get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values_list("pk", "email", "first_name", "staff_settings__preferences")
    }
    inapp: list[InAppNotification] = []
    mails: list[services.Outgoing] = []
    for event, kind in wanted:
        for user_id in dict.fromkeys(event.recipients):
            if user_id == event.actor_id or user_id not in people:
                continue
            email, name, preferences = people[user_id]
            channel = channel_of(preferences, kind)
            if wants_in_app(channel):
                inapp.append(
                    InAppNotification(
                        user_id=user_id,
                        event=kind,
                        ticket_number=event.ticket_number,
                        title=event.title[:255],
                        url=event.url[:500],
                        dedupe_key=f"{event.dedupe_key}:{user_id}"[:255],
                        created_at=event.at,
                    )
                )
            if wants_email(channel, kind) and email:
                mails.append(_email(event, kind, user_id, email, name))
    if inapp:
        InAppNotification.objects.bulk_create(inapp, ignore_conflicts=True, batch_size=1000)
    if mails:
        services.enqueue_many(mails, at=max(event.at for event, _ in wanted))
    return len(inapp), len(mails)


def _email(event: events.Event, kind: StaffEvent, user_id: int, email: str, name: str):
    subject, text, html = services.render(
        TEMPLATE, {"event": event, "label": kind.label, "name": name}
    )
    return services.Outgoing(
        kind=f"staff_{kind.value}",
        recipient=email,
        subject=subject,
        body_text=text,
        body_html=html,
        dedupe_key=f"staff-mail:{event.dedupe_key}:{user_id}",
        ticket_number=event.ticket_number,
    )


_collecting: ContextVar[list[events.Event] | None] = ContextVar("staff_alerts", default=None)


@contextmanager
def batched() -> Iterator[None]:
    """Collect the events published inside the block and deliver them together at its end
    (a sweep publishing one event per ticket: a few queries per batch, not per ticket)."""
    if _collecting.get() is not None:  # already inside a batch: the outer one delivers
        yield
        return
    collected: list[events.Event] = []
    token = _collecting.set(collected)
    try:
        yield
    finally:
        _collecting.reset(token)
    deliver(collected)


def handle(event: events.Event) -> None:
    """The ``events`` handler."""
    collected = _collecting.get()
    if collected is not None:
        collected.append(event)
    else:
        deliver([event])


# --- the notification centre and the profile ----------------------------------------------------


def mark_read(user, notification_id: int, *, at: datetime | None = None) -> InAppNotification:
    """Mark one of ``user``'s notifications read (again: nothing changes). Someone else's is
    not found, as if it did not exist."""
    with transaction.atomic():
        row = (
            InAppNotification.objects.select_for_update()
            .filter(pk=notification_id, user_id=user.pk)
            .first()
        )
        if row is None:
            raise NotFound(f"Notification {notification_id} was not found.")
        if row.read_at is None:
            row.read_at = at or timezone.now()
            row.save(update_fields=["read_at"])
    return row


def mark_all_read(user, *, at: datetime | None = None) -> int:
    """Mark every unread notification of ``user`` read; returns how many were unread."""
    return InAppNotification.objects.filter(user_id=user.pk, read_at__isnull=True).update(
        read_at=at or timezone.now()
    )


def update_profile(
    user, *, actor, preferences: dict[str, str], signature: str | None = None
) -> StaffSettings:
    """Save a member of staff's channels per event and their email signature. Only they may."""
    if actor.pk != user.pk or not roles.is_agent(actor):
        raise PermissionDenied("Only you may change your notification settings.")
    wrong = {
        event: [f"Choose one of: {', '.join(CHOICES[event])}."]
        for event, channel in preferences.items()
        if event not in CHOICES or channel not in CHOICES[event]
    }
    if wrong:
        raise ValidationFailed("Some choices are not offered.", fields=wrong)
    with transaction.atomic():
        settings, _ = StaffSettings.objects.select_for_update().get_or_create(user=user)
        settings.preferences = {**settings.preferences, **preferences}
        if signature is not None:
            settings.signature = signature.strip()
        settings.save()
    return settings


events.register(handle)
