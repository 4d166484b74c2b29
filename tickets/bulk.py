"""Bulk ticket data for benchmarks and load tests: many realistic rows, fast.

``seed_bulk(n)`` loads ``n`` tickets with two public messages each (a customer reply and a
public reply) into the configured database. It bypasses the services on purpose: going through
``submit_ticket`` and the transitions costs about ten queries a ticket, far too slow for 100,000
rows. The rows still obey the rules the services keep:

- every status, category, priority and tier occurs (weighted like a working desk);
- the state-entry fields match the status (``pending_since`` for Pending, ``hold_until`` for
  On Hold, ``resolved_at`` / ``closed_at``…, and the timers' due instants ``remind_at``,
  ``wait_until``, ``close_at`` when the model has them); tickets that are not Closed entered their
  status within the last day and their timers fall due days later, so no sweep finds anything
  due;
- ticket numbers grow with ``created_at``, which is spread over the past year;
- requesters are customers of the ticket's organization, message authors are the requester
  (customer replies) or an agent of the ticket's tier (public replies).

The few organizations, customers, agents and tags the tickets hang off are created
idempotently (``bulk-org-N``, ``bulk-customer-N-M``, ``bulk-agent-<tier>``; no usable password).

On PostgreSQL the rows go in with ``COPY`` (ticket numbers taken from the table's sequence first);
elsewhere, or with ``method="bulk_create"``, with ``bulk_create`` in batches.
"""

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models, reset_queries, transaction
from django.utils import timezone

from helpdesk.core.roles import AGENTS_GROUP

from .models import CustomerProfile, Message, Organization, Tag, Ticket, Tier
from .states import CATEGORY_DEFAULT_PRIORITY, Category, MessageKind, Party, Priority, Status

BULK_ORGANIZATIONS = 8
BULK_CUSTOMERS_PER_ORGANIZATION = 5
BULK_TAGS = ["checkout", "performance", "email", "deploy", "billing", "mobile"]
TAGGED_SHARE = 0.25
# Due instants of the status timers, in days after entering the status (tickets.timers'
# defaults), filled when the model has the field: (status, field, days).
DUE_INSTANTS = [
    (Status.PENDING, "remind_at", 3),
    (Status.WAITING_ON_CUSTOMER, "wait_until", 10),
    (Status.RESOLVED, "close_at", 3),
]
ASSIGNED_SHARE = 0.75
DEFAULT_BATCH_SIZE = 5000
METHODS = ("auto", "copy", "bulk_create")

# How a working desk's tickets are spread: mostly closed, a fifth open.
STATUS_WEIGHTS = {
    Status.OPEN: 20,
    Status.PENDING: 10,
    Status.WAITING_ON_CUSTOMER: 8,
    Status.ON_HOLD: 5,
    Status.REVIEW: 7,
    Status.RESOLVED: 10,
    Status.CLOSED: 40,
}
CATEGORY_WEIGHTS = {
    Category.URGENT_ISSUE: 5,
    Category.SERVER_ISSUE: 10,
    Category.ISSUE_WITH_ERROR: 35,
    Category.ISSUE_NO_ERROR: 30,
    Category.QUESTION: 20,
}
# By tier slug (escalation's data migration); a tier not listed here gets the default weight.
TIER_WEIGHTS = {"triage": 20, "t1": 25, "t2": 20, "t3": 15, "t4": 8, "t5": 5, "on-call": 7}
DEFAULT_TIER_WEIGHT = 5

SUBJECTS = {
    Category.URGENT_ISSUE: [
        "Site is down after the last deploy",
        "Production database is unreachable",
        "Checkout is broken for every customer",
    ],
    Category.SERVER_ISSUE: [
        "Server disk almost full",
        "Cron jobs stopped running",
        "Backups did not run last night",
    ],
    Category.ISSUE_WITH_ERROR: [
        "Checkout page shows a 500 error",
        "Payment webhook times out",
        "API returns 401 with a valid key",
        "Export fails with 'invalid date'",
    ],
    Category.ISSUE_NO_ERROR: [
        "Search results are in the wrong order",
        "Password reset email never arrives",
        "Images do not load on mobile",
        "Prices show without tax on the cart page",
    ],
    Category.QUESTION: [
        "How do I export my invoices?",
        "Can we add a second admin user?",
        "Which browsers do you support?",
    ],
}
BROWSERS = ["Firefox 133", "Chrome 131", "Safari 18.1", "Edge 131", ""]
VERSIONS = ["4.2.1", "4.2.0", "4.1.7", "3.9.12", ""]
DESCRIPTION = (
    "**{subject}.**\n\nSeen since {day} on {url}. It happens for most of our users; "
    "we have not changed anything on our side.\n\n- browser: {browser}\n- version: {version}\n"
)
CUSTOMER_BODIES = [
    "Still broken on our side, see the screenshot in the description.",
    "Thanks, that helped. One more question about the same page.",
    "It happened again this morning around nine.",
]
STAFF_BODIES = [
    "Thanks for the report. We are looking into it and will update you here.",
    "Could you try again now? We deployed a fix an hour ago.",
    "This is fixed in 4.2.1; please clear the cache and try again.",
]

DAY = 86_400.0
YEAR = 365 * DAY


@dataclass(frozen=True)
class Population:
    """What bulk tickets hang off: ids only, so generating rows costs no queries."""

    customers: list[tuple[int, int]]  # (user id, organization id)
    tiers: list[tuple[int, str]]  # (tier id, slug)
    agents_by_tier: dict[int, list[int]]
    tags: list[int]


@dataclass(frozen=True)
class BulkResult:
    tickets: int
    messages: int
    tags: int
    seconds: float
    method: str

    @property
    def tickets_per_second(self) -> float:
        return self.tickets / self.seconds if self.seconds else 0.0


def ensure_population() -> Population:
    """Create (or find) the bulk organizations, customers, agents and tags. Idempotent."""
    User = get_user_model()
    agents_group = Group.objects.get(name=AGENTS_GROUP)

    def user(username: str):
        found, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bulk.example.com"}
        )
        if created:
            found.set_unusable_password()
            found.save(update_fields=["password"])
        return found

    customers = []
    for org_number in range(1, BULK_ORGANIZATIONS + 1):
        org, _ = Organization.objects.get_or_create(
            slug=f"bulk-org-{org_number}", defaults={"name": f"Bulk Org {org_number}"}
        )
        for number in range(1, BULK_CUSTOMERS_PER_ORGANIZATION + 1):
            customer = user(f"bulk-customer-{org_number}-{number}")
            profile, _ = CustomerProfile.objects.get_or_create(
                user=customer, defaults={"organization": org, "is_manager": number == 1}
            )
            customers.append((customer.pk, profile.organization_id))

    tiers = list(Tier.objects.order_by("level").values_list("pk", "slug"))
    if not tiers:
        raise RuntimeError("No escalation tiers exist; run the migrations first.")
    agents_by_tier = {}
    for tier_id, slug in tiers:
        agent = user(f"bulk-agent-{slug}")
        agent.groups.add(agents_group)
        Tier.objects.get(pk=tier_id).members.add(agent)
        agents_by_tier[tier_id] = [agent.pk]

    tags = []
    for name in BULK_TAGS:
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag.pk)
    return Population(customers=customers, tiers=tiers, agents_by_tier=agents_by_tier, tags=tags)


# --- generating rows --------------------------------------------------------------------------


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
    fields = {f.attname for f in Ticket._meta.concrete_fields}
    due_instants = [item for item in DUE_INSTANTS if item[1] in fields]

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
        for due_status, field, days in due_instants:
            row[field] = changed + timedelta(days=days) if status == due_status else None
        tickets.append(row)
        messages.append(pair)
        tags.append(rng.choice(population.tags) if rng.random() < TAGGED_SHARE else None)
    return tickets, messages, tags


# --- writing rows -----------------------------------------------------------------------------


def _column_defaults(model: type[models.Model], given: Iterable[str], now: datetime) -> dict:
    """Values for the concrete fields the generator does not fill (fields added later).

    A NOT NULL field without a default cannot be guessed: say which one, rather than let the
    database fail halfway through.
    """
    given = set(given)
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.generated or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            raise RuntimeError(
                f"{model.__name__}.{field.name} is NOT NULL without a default; "
                "tickets/bulk.py must learn to fill it."
            )
        defaults[field.attname] = value
    return defaults


class _CopyWriter:
    """PostgreSQL: ticket numbers from the sequence, then one COPY per table and batch."""

    def __init__(self, now: datetime):
        self.now = now
        self.columns: dict[type[models.Model], tuple[list, dict]] = {}

    def _layout(self, model, sample: dict):
        if model not in self.columns:
            by_attname = {f.attname: f for f in model._meta.concrete_fields}
            defaults = {
                name: by_attname[name].get_db_prep_save(value, connection)
                for name, value in _column_defaults(model, sample, self.now).items()
            }
            fields = [
                f
                for f in model._meta.concrete_fields
                if not f.generated and (not f.primary_key or f.attname in sample)
            ]
            self.columns[model] = (fields, defaults)
        return self.columns[model]

    def _copy(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        fields, defaults = self._layout(model, rows[0])
        qn = connection.ops.quote_name
        names = [f.attname for f in fields]
        sql = (
            f"COPY {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
            "FROM STDIN"
        )
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[n] if n in row else defaults[n] for n in names])

    def write(self, tickets: list[dict], messages: list[list[dict]], tags: list) -> None:
        table = Ticket._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(tickets)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        for ticket_id, row in zip(ids, tickets, strict=True):
            row["id"] = ticket_id
        self._copy(Ticket, tickets)
        self._copy(
            Message,
            [
                {**m, "ticket_id": tid}
                for tid, pair in zip(ids, messages, strict=True)
                for m in pair
            ],
        )
        Through = Ticket.tags.through
        self._copy(
            Through,
            [
                {"ticket_id": tid, "tag_id": tag}
                for tid, tag in zip(ids, tags, strict=True)
                if tag is not None
            ],
        )


class _BulkCreateWriter:
    """Any database: ``bulk_create`` (ticket numbers come back from the INSERT)."""

    def __init__(self, batch_size: int):
        self.batch_size = batch_size

    def write(self, tickets: list[dict], messages: list[list[dict]], tags: list) -> None:
        objects = Ticket.objects.bulk_create(
            [Ticket(**row) for row in tickets], batch_size=self.batch_size
        )
        ids = [obj.pk for obj in objects]
        if None in ids:
            raise RuntimeError("This database does not return primary keys from bulk_create.")
        Message.objects.bulk_create(
            [
                Message(ticket_id=tid, **m)
                for tid, pair in zip(ids, messages, strict=True)
                for m in pair
            ],
            batch_size=self.batch_size,
        )
        Through = Ticket.tags.through
        Through.objects.bulk_create(
            [
                Through(ticket_id=tid, tag_id=tag)
                for tid, tag in zip(ids, tags, strict=True)
                if tag is not None
            ],
            batch_size=self.batch_size,
        )


def seed_bulk(
    tickets: int,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    seed: int | None = None,
    method: str = "auto",
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BulkResult:
    """Load ``tickets`` tickets (two messages each) in one transaction; see the module doc."""
    if tickets < 0:
        raise ValueError("tickets must be zero or more.")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}.")
    postgres = connection.vendor == "postgresql"
    if method == "auto":
        method = "copy" if postgres else "bulk_create"
    if method == "copy" and not postgres:
        raise ValueError("COPY needs PostgreSQL; use method='bulk_create'.")

    started = time.perf_counter()
    now = now or timezone.now()
    rng = random.Random(seed)
    writer = _CopyWriter(now) if method == "copy" else _BulkCreateWriter(batch_size)
    messages_written = tags_written = 0
    with transaction.atomic():
        population = ensure_population()
        for first in range(0, tickets, batch_size):
            count = min(batch_size, tickets - first)
            rows, messages, tags = generate_batch(
                rng, population, first_index=first, count=count, total=tickets, now=now
            )
            writer.write(rows, messages, tags)
            messages_written += sum(len(pair) for pair in messages)
            tags_written += sum(tag is not None for tag in tags)
            reset_queries()  # With DEBUG on, do not keep megabytes of INSERT text.
            if progress:
                progress(first + count, tickets)
        if postgres and tickets:
            # Fresh statistics, or the planner guesses at the new rows' distribution.
            with connection.cursor() as cursor:
                for model in (Ticket, Message, Ticket.tags.through):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return BulkResult(
        tickets=tickets,
        messages=messages_written,
        tags=tags_written,
        seconds=time.perf_counter() - started,
        method=method,
    )
