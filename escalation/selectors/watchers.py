"""Seed 003-55: who follows a ticket, and who may be added."""

from django.contrib.auth import get_user_model

from tickets import selectors as ticket_selectors


def watchers_of(ticket_id: int) -> list:
    """The staff who follow the ticket, by username, in one query."""
    return list(
        get_user_model()
        .objects.filter(followed_tickets__ticket_id=ticket_id)
        .order_by("username")
        .only("id", "username", "first_name", "last_name")
    )


def watcher_candidates() -> list:
    """Who may be added as a watcher: active agents, leads and admins, in one query."""
    return list(ticket_selectors.assignable_agents().only("id", "username"))
