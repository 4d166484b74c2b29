from dataclasses import dataclass


@dataclass
class Outcome:
    """What the pipeline made of a message."""

    result: str
    reason: str = ""
    ticket_number: int | None = None
    ticket_message_id: int | None = None
