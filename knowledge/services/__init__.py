"""Every write of the knowledge base, in small topic modules.

Each write a person causes checks the actor through ``knowledge.policies`` and runs in one
transaction that locks the article row. Tickets change only through ``tickets.services`` (the
timeline's line when an article is linked to a ticket).

- ``create_article``, ``update_article`` (``articles``: drafts; a lead's change to a published
  article is its next version)
- ``transition_article``, ``manual_transition_names``
  (``transitions``: submit, back to draft, publish, archive, rework)
- ``vote``, ``record_deflection`` (``feedback``: the help centre's readers, once per visitor)
- ``link_article``, ``unlink_article`` (``links``: "answered by" on a ticket)
- ``macros``: canned replies and their use (``knowledge.services.macros``)
- ``doc_requests``: the leads' queue of docs asked for (``start_article``, ``decline``,
  ``add_ticket``; opened from a ticket by ``request_from_ticket``), and ``doc_duplicates``:
  three resolved tickets with one answer and no article open one
"""

from . import doc_duplicates, doc_requests, macros  # noqa: F401
from .articles import EDITABLE, create_article, update_article
from .feedback import record_deflection, vote
from .links import link_article, unlink_article
from .transitions import manual_transition_names, transition_article

__all__ = [
    "EDITABLE",
    "create_article",
    "link_article",
    "manual_transition_names",
    "record_deflection",
    "transition_article",
    "unlink_article",
    "update_article",
    "vote",
]
