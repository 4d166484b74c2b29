"""Macros: write them (placeholders checked, scope and edit rights enforced), and send a reply
with one: the reply through ``tickets.services.reply``, then the macro's actions through the
ticket services (tags, category and priority, status), then its use counted.

Choices (docs/decisions/0016-macros.md): the reply is never held back by an action. The actions
are applied all or nothing, in one transaction after the reply: a refused one (the status cannot
be reached from where the ticket is) undoes the others and is reported, and the reply stays sent.
The use is counted once per reply sent, whatever the actions did.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from helpdesk.core.errors import DomainError, PermissionDenied, ValidationFailed
from tickets import services as tickets
from tickets.models import Ticket
from tickets.states import Category, Language, Priority, Status

from .. import macro_text, policies_macros, selectors_macros
from ..macro_models import SHORTCUT_PATTERN, Macro, MacroScope, MacroStatus, MacroUse

# The status each macro status action moves a ticket to: already there, nothing to do.
STATUS_TARGET = {
    MacroStatus.SET_PENDING: Status.PENDING,
    MacroStatus.WAIT_ON_CUSTOMER: Status.WAITING_ON_CUSTOMER,
    MacroStatus.RESOLVE: Status.RESOLVED,
    MacroStatus.CLOSE: Status.CLOSED,
}
FIELDS = (
    "name",
    "shortcut",
    "language",
    "body",
    "scope",
    "tier",
    "team",
    "set_status",
    "add_tags",
    "set_category",
    "set_priority",
    "link_article",
)

# Linking an article to a ticket is the knowledge base's ("answered by"); it registers its
# service here. Until it does, a macro's article is kept and reported as not linked.
ArticleLinker = Callable[..., object]
_article_linker: list[ArticleLinker] = []


def register_article_linker(linker: ArticleLinker) -> None:
    """``linker(ticket, article_id, *, actor)`` links the article as the ticket's answer."""
    _article_linker[:] = [linker]


# --- writing macros ---------------------------------------------------------------------------


def _clean(values: dict) -> dict:
    """The macro's fields checked and normalised; ValidationFailed naming every bad field."""
    errors: dict[str, list[str]] = {}
    values = dict(values)
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        errors["name"] = ["Give the macro a name."]
    values["shortcut"] = str(values.get("shortcut") or "").strip().lstrip("/").lower()
    if not re.match(SHORTCUT_PATTERN, values["shortcut"]):
        errors["shortcut"] = [
            "A shortcut is 1 to 20 lower-case letters, digits or dashes, such as fr1."
        ]
    values["body"] = str(values.get("body") or "").strip()
    if not values["body"]:
        errors["body"] = ["Write the macro's text."]
    elif found := macro_text.problems(values["body"]):
        errors["body"] = found
    if values.get("language") not in Language.values:
        errors["language"] = ["Choose English or Spanish."]
    scope = values.get("scope")
    if scope not in MacroScope.values:
        errors["scope"] = ["Choose who may use the macro."]
    if scope == MacroScope.TIER and not values.get("tier"):
        errors["tier"] = ["Choose the tier whose macro this is."]
    if scope == MacroScope.TEAM and not values.get("team"):
        errors["team"] = ["Choose the team whose macro this is."]
    if scope != MacroScope.TIER:
        values["tier"] = None
    if scope != MacroScope.TEAM:
        values["team"] = None
    choices = {
        "set_status": MacroStatus.values,
        "set_category": Category.values,
        "set_priority": Priority.values,
    }
    for name, allowed in choices.items():
        values[name] = values.get(name) or ""
        if values[name] and values[name] not in allowed:
            errors[name] = [f"Choose one of: {', '.join(allowed)}."]
    try:
        names = tickets.clean_tag_names(str(values.get("add_tags") or "").split(","))
    except ValidationFailed as error:
        errors["add_tags"] = [error.message]
    else:
        values["add_tags"] = ", ".join(names)
    article = values.get("link_article")
    if article in ("", None):
        values["link_article"] = None
    elif not str(article).isdigit() or not 1 <= int(article) < 2**63:
        errors["link_article"] = ["An article number is a whole number from 1."]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(f"The macro was not saved: {first}", fields=errors)
    return values


def _refuse_taken_shortcut(values: dict, macro: Macro | None) -> None:
    taken = Macro.objects.filter(shortcut__iexact=values["shortcut"], language=values["language"])
    if macro is not None:
        taken = taken.exclude(pk=macro.pk)
    if taken.exists():
        language = Language(values["language"]).label
        message = f"/{values['shortcut']} already exists in {language}: choose another shortcut."
        raise ValidationFailed(message, fields={"shortcut": [message]})


def _save(macro: Macro, values: dict) -> Macro:
    _refuse_taken_shortcut(values, macro if macro.pk else None)
    for name in FIELDS:
        setattr(macro, name, values.get(name))
    macro.updated_at = timezone.now()
    try:
        with transaction.atomic():
            macro.save()
    except IntegrityError:  # the same shortcut saved by someone else a moment ago
        _refuse_taken_shortcut(values, macro if macro.pk else None)
        raise
    return macro


def create_macro(*, actor, **values) -> Macro:
    """A new macro. Any agent writes their own (scope person, owned by them); leads write those
    of a tier, a team or everyone."""
    values = _clean(values)
    if not policies_macros.may_write_scope(actor, values["scope"]):
        raise PermissionDenied("Only leads may write macros for a tier, a team or everyone.")
    now = timezone.now()
    macro = Macro(created_by=actor, created_at=now)
    macro.owner = actor if values["scope"] == MacroScope.PERSON else None
    return _save(macro, values)


def update_macro(macro: Macro, *, actor, **changes) -> Macro:
    """Change a macro: its owner may change a personal one, leads a shared one. A personal
    macro made shared (by a lead) loses its owner; a shared one made personal becomes the
    lead's."""
    if not policies_macros.may_edit(actor, macro):
        raise PermissionDenied(policies_macros.edit_refusal(macro))
    values = _clean({**{name: getattr(macro, name) for name in FIELDS}, **changes})
    if values["scope"] != macro.scope and not policies_macros.may_write_scope(
        actor, values["scope"]
    ):
        raise PermissionDenied("Only leads may write macros for a tier, a team or everyone.")
    if values["scope"] == MacroScope.PERSON:
        macro.owner = macro.owner if macro.scope == MacroScope.PERSON else actor
    else:
        macro.owner = None
    return _save(macro, values)


def delete_macro(macro: Macro, *, actor) -> None:
    if not policies_macros.may_edit(actor, macro):
        raise PermissionDenied(policies_macros.edit_refusal(macro))
    macro.delete()


# --- replying with a macro --------------------------------------------------------------------


@dataclass(frozen=True)
class MacroOutcome:
    """What a macro did with a sent reply: its actions applied (in words), or why none were."""

    macro: Macro
    applied: list[str] = field(default_factory=list)
    refused: str = ""
    skipped: list[str] = field(default_factory=list)


def record_use(macro: Macro, *, actor, ticket: Ticket, at: datetime) -> MacroUse:
    """One use: a row for the log and the macro's count and last use, in one transaction."""
    with transaction.atomic():
        use = MacroUse.objects.create(macro=macro, agent=actor, ticket=ticket, at=at)
        Macro.objects.filter(pk=macro.pk).update(use_count=F("use_count") + 1, last_used_at=at)
    return use


def _apply_actions(ticket: Ticket, *, actor, macro: Macro) -> tuple[list[str], list[str]]:
    """The actions through the ticket services, in one transaction (the caller's). Returns what
    was applied and what was skipped, in words."""
    applied: list[str] = []
    skipped: list[str] = []
    label = f"/{macro.shortcut}"
    names = selectors_macros.tag_names(macro)
    if names:
        change = tickets.change_tags(ticket, actor=actor, add=names)
        applied += [f"tagged {name}" for name in change.added]
    edits = {}
    if macro.set_category and macro.set_category != ticket.category:
        edits["category"] = macro.set_category
    if macro.set_priority and macro.set_priority != ticket.priority:
        edits["priority"] = macro.set_priority
    if edits:
        ticket = tickets.edit_ticket(ticket, actor=actor, changes=edits)
        words = []
        if "category" in edits:
            words.append(f"the category to {ticket.get_category_display()}")
        if "priority" in edits:
            words.append(f"the priority to {ticket.get_priority_display()}")
        tickets.record_event(
            ticket, f"{actor.get_username()} set {' and '.join(words)} ({label}).", actor=actor
        )
        applied += [f"set {w}" for w in words]
    if macro.set_status:
        current = Ticket.objects.values_list("status", flat=True).get(pk=ticket.pk)
        if current != STATUS_TARGET[MacroStatus(macro.set_status)]:
            ticket = tickets.transition(
                ticket, actor=actor, name=macro.set_status, comment=f"With macro {label}."
            )
            applied.append(f"set the status to {ticket.get_status_display()}")
    if macro.link_article:
        if _article_linker:
            _article_linker[0](ticket, macro.link_article, actor=actor)
            applied.append(f"linked article {macro.link_article}")
        else:
            skipped.append(f"article {macro.link_article} is not linked: link it by hand")
    return applied, skipped


def apply_after_reply(ticket: Ticket, *, actor, macro_id) -> MacroOutcome:
    """The agent's reply written with macro ``macro_id`` was sent: count the use and apply the
    macro's actions, all or none (a refusal is in ``refused``, nothing of the actions changed).
    NotFound when the agent may not use the macro on this ticket."""
    macro = selectors_macros.usable_macro(actor, ticket, macro_id)
    record_use(macro, actor=actor, ticket=ticket, at=timezone.now())
    try:
        with transaction.atomic():
            applied, skipped = _apply_actions(ticket, actor=actor, macro=macro)
    except DomainError as error:
        return MacroOutcome(macro=macro, refused=error.message)
    return MacroOutcome(macro=macro, applied=applied, skipped=skipped)


def reply_with_macro(
    ticket: Ticket, *, actor, macro_id, body: str | None = None, set_pending: bool = False
) -> tuple[tickets.ReplyOutcome, MacroOutcome]:
    """The API's apply: a public reply with the macro's text filled in for the ticket (or
    ``body``, the agent's edit of it), then ``apply_after_reply``."""
    if not policies_macros.may_use_macros(actor):
        raise PermissionDenied("Macros are for agents.")
    macro = selectors_macros.usable_macro(actor, ticket, macro_id)
    if body is None:
        body = selectors_macros.render_for(macro, ticket, actor).text
    outcome = tickets.reply(ticket, actor=actor, body=body, set_pending=set_pending)
    return outcome, apply_after_reply(outcome.ticket, actor=actor, macro_id=macro.pk)
