"""Bulk ticket rows, generated in memory from a seeded random generator: no queries.

The rows obey the rules the services keep (see ``bench.seeding``): state-entry fields and timer
due instants match the status, numbers grow with ``created_at``, requesters belong to the
ticket's organization and staff replies come from an agent of the ticket's tier.
"""

import random
from datetime import datetime, timedelta

from tickets.states import CATEGORY_DEFAULT_PRIORITY, Category, MessageKind, Party, Priority, Status

from .data import (
    ASSIGNED_SHARE,
    BROWSERS,
    CATEGORY_WEIGHTS,
    CUSTOMER_BODIES,
    DEFAULT_TIER_WEIGHT,
    DESCRIPTION,
    DUE_INSTANTS,
    STAFF_BODIES,
    STATUS_WEIGHTS,
    SUBJECTS,
    TAGGED_SHARE,
    TIER_WEIGHTS,
    VERSIONS,
)
from .population import Population

DAY = 86_400.0
YEAR = 365 * DAY


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


def generate_batch(
    rng: random.Random,
    population: Population,
    *,
    first_index: int,
    count: int,
    total: int,
    now: datetime,
) -> tuple[list[dict], list[list[dict]], list[int | None]]:
    """Rows for tickets ``first_index … first_index + count - 1`` of ``total``.

    Returns the ticket rows (attname → value, no pk), the two message rows of each ticket
    (without ``ticket_id``) and each ticket's tag id or ``None``.
    """
    statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=count)
    categories = rng.choices(
        list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()), k=count
    )
    tiers = rng.choices(
        population.tiers,
        weights=[TIER_WEIGHTS.get(slug, DEFAULT_TIER_WEIGHT) for _, slug in population.tiers],
        k=count,
    )
    customers = rng.choices(population.customers, k=count)
    triage_id = population.tiers[0][0]
    start = now - timedelta(seconds=YEAR)
    step = YEAR / max(total, 1)
    priorities = list(Priority)

    tickets, messages, tags = [], [], []
    for offset in range(count):
        index = first_index + offset
        status, category = statuses[offset], categories[offset]
        (tier_id, _), (requester_id, organization_id) = tiers[offset], customers[offset]
        # Numbers grow with created_at: ticket i of n is filed in the i-th slice of the year.
        created_at = start + timedelta(seconds=(index + rng.random()) * step)
        age = _seconds(now - created_at)
        if status == Status.CLOSED:
            changed = created_at + timedelta(seconds=age * rng.uniform(0.05, 1.0))
        else:
            # Entered its status within the last day: no timer is due yet.
            changed = now - timedelta(seconds=min(age, rng.uniform(60, DAY)) * rng.random())
        span = _seconds(changed - created_at)
        first_at = created_at + timedelta(seconds=span * rng.uniform(0.05, 0.5))
        second_at = first_at + timedelta(seconds=_seconds(changed - first_at) * rng.uniform(0.3, 1))

        assignee_id = None
        agents = population.agents_by_tier[tier_id]
        if not (status == Status.OPEN and tier_id == triage_id) and rng.random() < ASSIGNED_SHARE:
            assignee_id = rng.choice(agents)
        staff_id = assignee_id or rng.choice(agents)

        subject = rng.choice(SUBJECTS[category])
        url = f"https://shop{organization_id}.example.com"
        browser, version = rng.choice(BROWSERS), rng.choice(VERSIONS)
        priority = CATEGORY_DEFAULT_PRIORITY[category]
        if rng.random() < 0.2:
            priority = rng.choice(priorities)

        customer_reply = {
            "kind": MessageKind.CUSTOMER_REPLY,
            "body": rng.choice(CUSTOMER_BODIES),
            "author_id": requester_id,
        }
        public_reply = {
            "kind": MessageKind.PUBLIC_REPLY,
            "body": rng.choice(STAFF_BODIES),
            "author_id": staff_id,
        }
        if status == Status.OPEN:
            # Staff answered, then the customer replied: the ball is back with the desk.
            pair = [
                {**public_reply, "created_at": first_at},
                {**customer_reply, "created_at": second_at},
            ]
            last_word, customer_at, staff_at = Party.CUSTOMER, second_at, first_at
        else:
            pair = [
                {**customer_reply, "created_at": first_at},
                {**public_reply, "created_at": second_at},
            ]
            last_word, customer_at, staff_at = Party.STAFF, first_at, second_at

        row = {
            "subject": subject,
            "description": DESCRIPTION.format(
                subject=subject,
                day=created_at.strftime("%A"),
                url=url,
                browser=browser or "unknown",
                version=version or "unknown",
            ),
            "category": category.value,
            "priority": priority.value,
            "status": status.value,
            "requester_id": requester_id,
            "organization_id": organization_id,
            "assignee_id": assignee_id,
            "tier_id": tier_id,
            "linked_from_id": None,
            "production_url": url,
            "version_seen": version,
            "browser": browser,
            "steps_to_reproduce": (
                "" if category == Category.QUESTION else "1. Open the page\n2. Click the button"
            ),
            "error_text": "HTTP 500" if category == Category.ISSUE_WITH_ERROR else "",
            "created_at": created_at,
            "updated_at": changed,
            "first_response_at": staff_at,
            "last_customer_activity_at": customer_at,
            "last_staff_activity_at": staff_at,
            "last_word": last_word.value,
            "status_changed_at": changed,
            "pending_since": changed if status == Status.PENDING else None,
            "reminder_sent_at": None,
            "waiting_since": changed if status == Status.WAITING_ON_CUSTOMER else None,
            "hold_until": (
                changed + timedelta(days=rng.randint(3, 30)) if status == Status.ON_HOLD else None
            ),
            "resolved_at": None,
            "closed_at": changed if status == Status.CLOSED else None,
        }
        if status == Status.RESOLVED:
            row["resolved_at"] = changed
        elif status == Status.CLOSED and rng.random() < 0.7:
            row["resolved_at"] = created_at + timedelta(seconds=span * rng.uniform(0.5, 1.0))
        for due_status, field, days in DUE_INSTANTS:
            row[field] = changed + timedelta(days=days) if status == due_status else None
        tickets.append(row)
        messages.append(pair)
        tags.append(rng.choice(population.tags) if rng.random() < TAGGED_SHARE else None)
    return tickets, messages, tags
