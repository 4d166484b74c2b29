"""How time reads to people: in messages, emails, the admin and the templates."""

from decimal import Decimal


def duration(minutes: int | Decimal) -> str:
    """``95`` → ``1 h 35 min``; fractions of a minute (a pack's hours × 60) are dropped."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def clock(minutes: int) -> str:
    """``12`` → ``0:12``, ``95`` → ``1:35``: a running timer's hours and minutes."""
    hours, rest = divmod(max(int(minutes), 0), 60)
    return f"{hours}:{rest:02d}"
