"""What macros do on the desk's ticket page after its reply form sent a message: the hidden
``macro`` field names the macro the agent inserted; its actions are applied and its use is
counted through ``services.macros.apply_after_reply``, and the page says what happened."""

from django.contrib import messages
from django.http import QueryDict

from helpdesk.core.errors import DomainError
from tickets import hooks

from .services import macros as macro_services

NOTE = "note"


def register() -> None:
    """Called once from the app's ready()."""
    hooks.register_after_desk_reply(after_desk_reply)


def outcome_notices(outcome: macro_services.MacroOutcome) -> list[hooks.Notice]:
    """The page's messages for what a macro did with a sent reply."""
    label = f"Macro /{outcome.macro.shortcut}"
    if outcome.refused:
        return [
            (
                messages.ERROR,
                f"{label}: its actions were not applied, and the ticket is as it was. "
                f"{outcome.refused} The reply was sent.",
            )
        ]
    notices: list[hooks.Notice] = []
    if outcome.applied:
        notices.append((messages.SUCCESS, f"{label}: {', '.join(outcome.applied)}."))
    if outcome.skipped:
        notices.append((messages.WARNING, f"{label}: {', '.join(outcome.skipped)}."))
    return notices


def after_desk_reply(ticket, *, actor, action: str, data: QueryDict) -> list[hooks.Notice]:
    macro_id = (data.get("macro") or "").strip()
    if not macro_id:
        return []
    if action == NOTE:
        return [
            (
                messages.WARNING,
                "A macro's actions go with a public reply: this internal note applied none.",
            )
        ]
    try:
        outcome = macro_services.apply_after_reply(ticket, actor=actor, macro_id=macro_id)
    except DomainError as error:
        return [(messages.WARNING, f"{error.message} The reply was sent without its actions.")]
    return outcome_notices(outcome)
