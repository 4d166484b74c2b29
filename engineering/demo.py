"""Demo tasks: a card in every stage of the board, on the demo customers' tickets. Idempotent;
everything goes through the services, so the data obeys the rules."""

from django.contrib.auth import get_user_model
from django.db import transaction

from tickets import selectors as ticket_selectors
from tickets import services as ticket_services
from tickets.models import Ticket

from . import selectors as task_selectors
from . import services as task_services
from .models import Task

# (title, path of transitions from Requirements, fields) — a card in every stage of the board.
DEMO_TASKS = [
    ("Add the VAT column to the invoice export", [], {}),
    ("Retry the payment webhook with backoff", [], {"billed": True, "estimate": "6"}),
    ("Fix the checkout rounding error", ["start_development"], {"billed": True, "approved": True}),
    ("Speed up the search ordering", ["start_development", "tested", "send_to_uat"],
     {"billed": True, "approved": True}),
    ("Round the VAT per invoice line", ["start_development", "tested", "send_to_uat",
                                        "accept_uat_to_mtp"],
     {"billed": True, "approved": True, "mtp": True}),
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
            task_services.update_task(task, actor=lead, kanban_state="ready")  # reviewed
        if fields.get("mtp"):  # this organization releases through MTP (seed 001)
            ticket_services.edit_profile(ticket.organization, actor=lead, values={"uses_mtp": True})
        for name in path:
            if name == "tested":  # the PM's test, and the lead runs the known workflows
                for item in task_selectors.checklist(task):
                    who = lead if item.kind == "workflow" else developer
                    task_services.check_item(task, actor=who, item=item.key)
                continue
            task_services.transition_task(
                task,
                actor=developer,
                name=name,
                comment="Please try it on staging." if name == "send_to_uat" else "",
                canceled_by="customer" if name == "cancel" else "",
            )
    return f"Demo tasks: {len(DEMO_TASKS)} created, one in every stage of the board."
