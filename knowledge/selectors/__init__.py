"""Reads of the knowledge base with more than one caller, with what their pages show loaded in a
fixed number of queries.

- ``articles``: the desk's list, the help centre's shelves, one article, its variants, related
  articles, versions and state log, the ticket page's "answered by" links
- ``search``: the one article search (PostgreSQL full text, SQLite ``icontains``)
- ``versions``: the difference between two texts, escaped, as table rows
- ``stats``: deflections per article (the leads' dashboard), votes, tickets answered
- ``doc_requests``: the leads' queue of docs asked for, a ticket's live requests, the counts
"""

from .articles import (
    answered_count,
    available_transitions,
    categories,
    category_articles,
    desk_articles,
    english_originals,
    get_article,
    get_category,
    get_version,
    help_categories,
    help_centre_articles,
    linked_article_ids,
    links_of_ticket,
    readable_articles,
    related_articles,
    state_log,
    tickets_answered,
    variants,
    versions_of,
)
from .doc_requests import (
    doc_request_figures,
    doc_requests,
    live_requests_of_ticket,
    status_counts,
)
from .search import Hit, search
from .stats import deflections_by_article, feedback, knowledge_figures, visitor_vote
from .versions import DiffRow, diff_rows, title_change

__all__ = [
    "DiffRow",
    "Hit",
    "answered_count",
    "available_transitions",
    "categories",
    "category_articles",
    "deflections_by_article",
    "desk_articles",
    "diff_rows",
    "doc_request_figures",
    "doc_requests",
    "english_originals",
    "feedback",
    "get_article",
    "get_category",
    "get_version",
    "help_categories",
    "help_centre_articles",
    "knowledge_figures",
    "linked_article_ids",
    "links_of_ticket",
    "live_requests_of_ticket",
    "readable_articles",
    "related_articles",
    "search",
    "state_log",
    "status_counts",
    "tickets_answered",
    "title_change",
    "variants",
    "versions_of",
    "visitor_vote",
]
