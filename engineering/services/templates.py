"""New tasks copied from a template or from another task (seed 000: "ideally by copying this
template"; "if the ticket is not created by duplicating the templates, tags may not be accurate").

Both go through ``create_task``, so a copy obeys every rule of a new task: it starts in
Requirements, Unapproved (grey) until the Process Leader reviews it, with a fresh lead time, and
no approval of the estimate is copied (the customer approves each task's estimate).
"""

from django.db import transaction

from tickets.models import Ticket

from ..models import Task, TaskTemplate
from . import lead_times
from ._common import _label, _lock, _require_staff, _ticket_note
from .editing import create_task


def template_defaults(template: TaskTemplate) -> dict:
    """What a new task takes from ``template`` (the new-task form's initial values)."""
    return {
        "title": template.title,
        "description": template.description,
        "tags": [tag.name for tag in template.tags.all()],
        "estimate_hours": template.estimate_hours,
        "priority": template.priority,
        "card_colour": template.card_colour,
        "lead_time_business_days": template.lead_time_business_days,
    }


def create_task_from_template(
    ticket: Ticket, template: TaskTemplate, *, actor, **overrides
) -> Task:
    """A new task with the template's fields; ``overrides`` (what the person typed) win, blank
    ones fall back to the template. A blank priority is the ticket's."""
    _require_staff(actor, "create tasks")
    fields = template_defaults(template)
    for name, value in overrides.items():
        if value not in (None, "") or name not in fields:
            fields[name] = value
    return create_task(ticket, actor=actor, template=template, **fields)


def duplicate_task(task: Task, *, actor) -> Task:
    """A copy of ``task`` on the same ticket, in Requirements and Unapproved, with a fresh lead
    time of the same length (in business days by priority, or the template's)."""
    _require_staff(actor, "create tasks")
    with transaction.atomic():
        source = _lock(task.pk)
        template = source.template
        days = (
            template.lead_time_business_days
            if template is not None and template.lead_time_business_days is not None
            else lead_times.default_business_days(source.priority)
        )
        copy = create_task(
            source.ticket,
            actor=actor,
            title=source.title,
            description=source.description,
            tags=[tag.name for tag in source.tags.all()],
            billing_reference=source.billing_reference,
            subscription=source.subscription,
            estimate_hours=source.estimate_hours,
            card_colour=source.card_colour if source.lead_time_near_at is None else "",
            priority=source.priority,
            lead_time_business_days=days,
            template=template,
        )
        _ticket_note(copy, actor, f"{_label(copy)} is a copy of {_label(source)}.", copy.created_at)
    return copy
