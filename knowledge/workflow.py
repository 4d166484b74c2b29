"""The article state machine: Draft → In review → Published → Archived, and back to Draft to
rework. Guards and state-entry fields, no I/O, no ``save()``: ``knowledge.services`` calls the
transitions inside a transaction on a locked row.

Who may take each one is ``permission=`` (checked by the service with ``has_transition_perm``):
agents write drafts and submit them; leads publish, archive and send a published or archived
article back to Draft. ``custom["label"]`` is the button's words on the desk and in admin.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django_fsm import Transition, transition

from helpdesk.core import roles

from .states import ArticleState

S = ArticleState


def agents(instance, user) -> bool:
    return roles.is_agent(user)


def leads(instance, user) -> bool:
    return roles.is_lead(user)


class ArticleWorkflow:
    """Mixed into ``Article``; the field is ``state``."""

    pk: Any
    state: str
    state_changed_at: datetime
    published_at: datetime | None
    get_all_state_transitions: Callable[[], Iterator[Transition]]
    get_available_state_transitions: Callable[[], Iterator[Transition]]

    def _entered(self, at: datetime) -> None:
        self.state_changed_at = at

    @transition(
        field="state",
        source=S.DRAFT,
        target=S.IN_REVIEW,
        permission=agents,
        custom={"manual": True, "label": "Submit for review"},
    )
    def submit(self, at: datetime) -> None:
        self._entered(at)

    @transition(
        field="state",
        source=S.IN_REVIEW,
        target=S.DRAFT,
        permission=agents,
        custom={"manual": True, "label": "Back to draft"},
    )
    def withdraw(self, at: datetime) -> None:
        """The writer takes it back, or the reviewer asks for changes."""
        self._entered(at)

    @transition(
        field="state",
        # A lead may publish their own draft without reviewing it twice (Zendesk's publishers).
        source=[S.DRAFT, S.IN_REVIEW],
        target=S.PUBLISHED,
        permission=leads,
        custom={"manual": True, "label": "Publish"},
    )
    def publish(self, at: datetime) -> None:
        self._entered(at)
        self.published_at = at

    @transition(
        field="state",
        source=[S.DRAFT, S.IN_REVIEW, S.PUBLISHED],
        target=S.ARCHIVED,
        permission=leads,
        custom={"manual": True, "label": "Archive"},
    )
    def archive(self, at: datetime) -> None:
        self._entered(at)

    @transition(
        field="state",
        source=[S.PUBLISHED, S.ARCHIVED],
        target=S.DRAFT,
        permission=leads,
        custom={"manual": True, "label": "Rework as a draft"},
    )
    def rework(self, at: datetime) -> None:
        """Off the help centre until published again; its published versions stay."""
        self._entered(at)
