"""Demo tasks: a card in every stage of the board, on the demo customers' tickets. Idempotent;
everything goes through the services, so the data obeys the rules."""

from django.contrib.auth import get_user_model
from django.db import transaction

from tickets import selectors as ticket_selectors
from tickets import services as ticket_services
from tickets.models import Ticket

from . import services as task_services
from .models import Task

# (title, path of transitions from Requirements, fields) — a card in every stage of the board.
DEMO_TASKS = [
    ("Add the VAT column to the invoice export", [], {}),
    ("Retry the payment webhook with backoff", [], {"billed": True, "estimate": "6"}),
    ("Fix the checkout rounding error", ["start_development"], {"billed": True, "approved": True}),
    ("Speed up the search ordering", ["start_development", "send_to_uat"], {"billed": True,
                                                                           "approved": True}),
    ("Second admin user on the account", ["start_development", "finish"], {"billed": True,
                                                                           "approved": True}),
    ("Migrate the cron jobs to the scheduler", ["cancel"], {"billed": True}),
]  # fmt: skip


@transaction.atomic
def seed_demo() -> str:
    """A few tasks on the demo customers' tickets, one set only (idempotent)."""
    users = get_user_model().objects.filter(username__in=["customer", "acme-manager", "customer2"])
    tickets = list(Ticket.objects.filter(requester__in=users).order_by("id")[: len(DEMO_TASKS)])
    if not tickets or Task.objects.filter(ticket__in=tickets).exists():
        return "Demo tasks: already there."
    lead = get_user_model().objects.get(username="lead")
    developer = get_user_model().objects.get(username="t3")  # a T3 engineer
    for ticket, (title, path, fields) in zip(tickets, DEMO_TASKS, strict=False):
        if ticket_selectors.needs_discussion(ticket):
            ticket_services.mark_discussed(ticket, actor=lead, note="Agreed on a call.")
        task = task_services.create_task(
            ticket,
            actor=lead,
            title=title,
            description=f"From #{ticket.pk}: {ticket.subject}.",
            assignee=developer if path else None,
            billing_reference="SO-2026/0042" if fields.get("billed") else "",
            subscription="PACK-ACME-40H" if fields.get("billed") else "",
            estimate_hours=fields.get("estimate") or ("4" if fields.get("approved") else None),
            tags=["PS Support"],
        )
        if fields.get("approved"):
            task_services.approve_estimate(task, actor=ticket.requester)
        for name in path:
            task_services.transition_task(
                task,
                actor=developer,
                name=name,
                comment="Please try it on staging." if name == "send_to_uat" else "",
                canceled_by="customer" if name == "cancel" else "",
            )
    return f"Demo tasks: {len(DEMO_TASKS)} created, one in every stage of the board."
