"""Seed 003-74: who a known issue affects, and who has not filed a ticket about it.

Affected organizations are the distinct organizations of the linked tickets; affected customers
the distinct requesters. The audience of a notice is the other customers of those organizations:
colleagues of someone who filed, who may meet the problem too and have not written (decision
0033: the helpdesk knows no other link between a customer and a problem)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet

from tickets.models import Ticket

from ..models import KnownIssue


@dataclass(frozen=True)
class Affected:
    tickets: int
    organizations: int
    customers: int


def affected_of(issue: KnownIssue, links=None) -> Affected:
    """Linked tickets, their distinct organizations and requesters: one query, or none when
    the caller already read the issue's ``links`` (``linked_tickets``)."""
    if links is not None:
        tickets = [link.ticket for link in links]
        return Affected(
            tickets=len(tickets),
            organizations=len({t.organization_id for t in tickets}),
            customers=len({t.requester_id for t in tickets}),
        )
    counts = Ticket.objects.filter(known_issue_links__known_issue=issue).aggregate(
        tickets=Count("pk", distinct=True),
        organizations=Count("organization", distinct=True),
        customers=Count("requester", distinct=True),
    )
    return Affected(**counts)


def unfiled_audience(issue: KnownIssue) -> QuerySet:
    """Active customers of the affected organizations who filed none of the linked tickets,
    with an address, by id."""
    linked = Ticket.objects.filter(known_issue_links__known_issue=issue)
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            customer_profile__organization__in=linked.values("organization"),
        )
        .exclude(pk__in=linked.values("requester"))
        .exclude(email="")
        .order_by("pk")
    )
