"""Reads of the notification centre: the bell's unread count and a person's list."""

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
