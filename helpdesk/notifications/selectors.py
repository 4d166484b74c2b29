"""Reads of the notifications: the bell's unread count, a person's list and settings, and the
signature the emails sign with."""

from django.db.models import QuerySet

from .models import InAppNotification, StaffSettings

PAGE = 50


def unread_count(user) -> int:
    """The bell: one COUNT on the partial index of unread rows."""
    return InAppNotification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def notifications_of(user, *, limit: int = PAGE) -> QuerySet[InAppNotification]:
    """``user``'s newest notifications (only theirs), read and unread."""
    return InAppNotification.objects.filter(user_id=user.pk).order_by("-created_at", "-id")[:limit]


def settings_of(user) -> StaffSettings:
    """The person's settings, unsaved defaults when they never changed them."""
    return StaffSettings.objects.filter(user_id=user.pk).first() or StaffSettings(user=user)


def signature_of(user_id: int | None) -> str:
    """The email signature of the user ``user_id`` (their ``StaffSettings``), "" when they have
    none. One query; nothing for ``None`` (an email the helpdesk writes itself)."""
    if user_id is None:
        return ""
    signature = (
        StaffSettings.objects.filter(user_id=user_id).values_list("signature", flat=True).first()
    )
    return (signature or "").strip()
