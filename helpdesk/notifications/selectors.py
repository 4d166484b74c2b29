"""Reads for the emails: what a member of staff signs with."""

from .models import StaffSettings


def signature_of(user_id: int | None) -> str:
    """The email signature of the user ``user_id`` (their ``StaffSettings``), "" when they have
    none. One query; nothing for ``None`` (an email the helpdesk writes itself)."""
    if user_id is None:
        return ""
    signature = (
        StaffSettings.objects.filter(user_id=user_id).values_list("signature", flat=True).first()
    )
    return (signature or "").strip()
