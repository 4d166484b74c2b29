"""A lead's "no" to a dashboard signal ("not a known issue", "not for the status page")."""

import re

from django.utils import timezone

from helpdesk.core.errors import PermissionDenied, ValidationFailed

from .. import policies
from ..models import DismissedSignal

# The keys ``selectors.tag_signal_key`` and ``selectors.post_signal_key`` give the signals.
SIGNAL_KEY = re.compile(r"tag:\S.{0,195}|post:\d{1,12}")


def dismiss_signal(*, actor, key: str, ticket_count: int) -> DismissedSignal:
    """Hide the signal ``key`` until more than ``ticket_count`` tickets share it. Dismissing it
    again replaces the earlier count."""
    if not policies.may_see_signals(actor):
        raise PermissionDenied("Only leads dismiss known-issue signals.")
    key = (key or "").strip().lower()
    if not SIGNAL_KEY.fullmatch(key) or ticket_count is None or not 0 <= ticket_count < 2**31:
        raise ValidationFailed(
            "That is not a signal of the dashboard.",
            fields={"key": ["Dismiss a signal from the dashboard's list."]},
        )
    signal, _ = DismissedSignal.objects.update_or_create(
        key=key,
        defaults={
            "ticket_count": ticket_count,
            "dismissed_by": actor,
            "dismissed_at": timezone.now(),
        },
    )
    return signal
