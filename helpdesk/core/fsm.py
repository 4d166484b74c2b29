"""The state-machine scaffolding that tickets (status) and engineering tasks (stage) share.

Both machines are django-fsm ``@transition`` methods on a workflow mixin, marked
``custom={"manual": True, "label": …}`` when a person may take them. Around them, every service
does the same things, which live here once:

- ``lock``: the row, ``SELECT … FOR UPDATE``, or ``NotFound`` in the domain's words;
- ``manual_transition_names`` / ``check_manual``: the transitions a person may ask for by name;
- ``available``: those a user may take now (guards pass, permission granted);
- ``TransitionNotAllowed``: the one refusal (HTTP 409, ``transition_not_allowed``), carrying the
  current state and what is allowed instead;
- ``TransitionLog``: the abstract log row (who, when, which transition, why); each machine adds
  its own object and from/to fields.
"""

from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django_fsm import has_transition_perm

from .errors import Conflict, NotFound, ValidationFailed

M = TypeVar("M", bound=models.Model)


class TransitionNotAllowed(Conflict):
    """A transition that is not allowed now; ``details`` say the current state
    (``current_status`` / ``current_stage``) and ``allowed_transitions``."""

    code = "transition_not_allowed"


def lock(model: type[M], pk: int, label: str) -> M:
    """The row of ``model`` with primary key ``pk``, locked for this transaction."""
    try:
        return model._default_manager.select_for_update().get(pk=pk)
    except ObjectDoesNotExist:  # get() raises model.DoesNotExist, a subclass of it
        raise NotFound(f"{label} {pk} was not found.") from None


def manual_transition_names(model: type[models.Model], field: str) -> frozenset[str]:
    """The names of the transitions of ``model.<field>`` that a person may take by name."""
    transitions = getattr(model(), f"get_all_{field}_transitions")()
    return frozenset(item.name for item in transitions if item.custom.get("manual"))


def check_manual(model: type[models.Model], field: str, name: str) -> None:
    """Refuse (400) a transition name that is not one a person may ask for."""
    names = manual_transition_names(model, field)
    if name not in names:
        raise ValidationFailed(
            f"Unknown transition {name!r}.",
            fields={"transition": [f"Choose one of: {', '.join(sorted(names))}."]},
        )


def describe(item) -> dict[str, str]:
    """A transition as the API, the pages and refusals show it."""
    return {
        "name": item.name,
        "target": str(item.target),
        "label": item.custom.get("label", item.name),
        "needs": item.custom.get("needs", ""),
    }


def available(instance: models.Model, field: str, user) -> list[dict[str, str]]:
    """The manual transitions ``user`` may take on ``instance`` now: guards pass, permitted."""
    return [
        describe(item)
        for item in getattr(instance, f"get_available_{field}_transitions")()
        if item.custom.get("manual") and has_transition_perm(getattr(instance, item.name), user)
    ]


def refusal(
    message: str, *, field: str, state: str, allowed: list[str], **extra: Any
) -> TransitionNotAllowed:
    """The refusal of a transition, in the one shape both machines answer with."""
    return TransitionNotAllowed(
        message, **{f"current_{field}": state}, allowed_transitions=allowed, **extra
    )


class TransitionLog(models.Model):
    """Every transition of a machine: which, by whom (empty: the helpdesk), when, why."""

    transition = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the system made the change.",
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
