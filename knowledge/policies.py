"""The one place that answers "may this user see / do X" in the knowledge base.

- Anyone, signed in or not, reads the help centre: public articles once published.
- Agents (and leads, admins) read every article on the desk, write drafts, submit them for
  review, and link articles to tickets ("answered by").
- Leads publish, archive and rework; a published article's text changes only by a lead (each
  change a new published version).
- Doc requests: agents see the queue (they asked for the docs); leads act on it (start the
  article, decline, add a ticket).
"""

from helpdesk.core import roles

from .states import ArticleState, Audience


def may_use_desk(user) -> bool:
    """The desk's knowledge base (every state, internal articles): agents."""
    return roles.is_agent(user)


def may_write(user) -> bool:
    """Create articles and edit drafts and articles in review: agents."""
    return roles.is_agent(user)


def may_publish(user) -> bool:
    """Publish, archive, rework, and change a published article's text: leads."""
    return roles.is_lead(user)


def may_link_tickets(user) -> bool:
    """Link an article to a ticket as its answer, unlink it: agents."""
    return roles.is_agent(user)


def may_see_stats(user) -> bool:
    """Deflections and votes per article on the leads' dashboard."""
    return roles.is_lead(user)


def may_see_doc_requests(user) -> bool:
    """The doc requests' queue and a ticket's "Doc requested": agents."""
    return roles.is_agent(user)


def may_act_on_doc_requests(user) -> bool:
    """Start a requested article, decline a request, add a ticket to one: leads."""
    return roles.is_lead(user)


def in_help_centre(article) -> bool:
    """Public and published: what anyone may read at /help/."""
    return article.audience == Audience.PUBLIC and article.state == ArticleState.PUBLISHED


def may_read(user, article) -> bool:
    """Agents read every article; everyone else only the help centre's."""
    return may_use_desk(user) or in_help_centre(article)


def edit_refusal(user, article) -> str:
    """Why ``user`` may not change the article's text now; empty when they may."""
    if not may_write(user):
        return "Only agents may edit articles."
    if article.state == ArticleState.ARCHIVED:
        return "This article is archived: a lead reworks it as a draft before it changes."
    if article.state == ArticleState.PUBLISHED and not may_publish(user):
        return (
            "This article is published: only a lead changes its text (each change is a new "
            "version). Ask a lead, or to rework it as a draft."
        )
    return ""


def may_edit(user, article) -> bool:
    return not edit_refusal(user, article)
