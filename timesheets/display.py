"""How time reads to people: in messages, emails, the admin and the templates."""


def duration(minutes: int) -> str:
    """``95`` → ``1 h 35 min``."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
