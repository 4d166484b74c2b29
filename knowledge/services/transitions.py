"""State changes of an article: submit, back to draft, publish, archive, rework.

Publishing keeps the article's text as its next version (author: who last changed the text;
published by: the lead), and makes the doc requests drafting it Done. Every change is logged
(``ArticleTransitionLog``).
"""

from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from helpdesk.core import fsm
from helpdesk.core.errors import PermissionDenied

from ..models import Article, ArticleTransitionLog
from ..selectors import available_transitions
from ..states import ArticleState
from . import doc_requests
from ._common import lock_article
from .articles import keep_version

# Who may take each transition, in the words of a refusal.
WHO = {
    "submit": "agents",
    "withdraw": "agents",
    "publish": "leads",
    "archive": "leads",
    "rework": "leads",
}


def manual_transition_names() -> frozenset[str]:
    return fsm.manual_transition_names(Article, "state")


def _label(name: str) -> str:
    item = next(t for t in Article().get_all_state_transitions() if t.name == name)
    return str(item.custom.get("label", name))


def _not_allowed(article: Article, name: str, actor, message: str = "") -> fsm.TransitionNotAllowed:
    allowed = [item["name"] for item in available_transitions(article, actor)]
    message = message or (
        f"Article {article.pk} cannot be moved with “{_label(name)}”: it is "
        f"{article.get_state_display()}. Allowed now: "
        f"{', '.join(_label(n) for n in allowed) or 'nothing'}."
    )
    return fsm.refusal(message, field="state", state=article.state, allowed=allowed)


def transition_article(
    article: Article | int, *, actor, name: str, expected_state: str | None = None
) -> Article:
    """Move an article to another state. ``expected_state`` is the state the person saw: if it
    moved since, nothing is applied (409)."""
    fsm.check_manual(Article, "state", name)
    at = timezone.now()
    with transaction.atomic():
        article = lock_article(article)
        if expected_state and article.state != expected_state:
            raise _not_allowed(
                article,
                name,
                actor,
                f"Article {article.pk} changed while you were looking at it: it is now "
                f"{article.get_state_display()}. Nothing was applied.",
            )
        method = getattr(article, name)
        if not can_proceed(method, check_conditions=False):
            raise _not_allowed(article, name, actor)
        if not method._django_fsm.has_transition_perm(article, article.state, actor):
            raise PermissionDenied(f"Only {WHO[name]} may {_label(name).lower()} an article.")
        source = article.state
        method(at=at)
        article.save()
        if article.state == ArticleState.PUBLISHED:
            keep_version(article, actor=actor, at=at)
            doc_requests.article_published(article, at=at)
        ArticleTransitionLog.objects.create(
            article=article,
            transition=name,
            from_state=source,
            to_state=article.state,
            actor=actor,
            created_at=at,
        )
    return article
