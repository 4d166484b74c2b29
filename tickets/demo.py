"""Demo data: organizations, every role, and a few dozen tickets in every status.

Idempotent: users and organizations are created or updated; tickets only when the demo
customers have none yet. Everything goes through the services, so the data obeys the rules.
"""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from helpdesk.core.roles import AGENTS_GROUP, LEADS_GROUP
from helpdesk.notifications import staff

from . import services
from .models import CustomerProfile, DeepDiveVersion, Organization, SavedView, Ticket, Tier
from .states import Category

PASSWORD = "demo"
# The view the lead publishes for T1, where T1's agents land on the desk.
T1_VIEW = ("Urgent, unassigned", "tier=t1&assignee=none&priority=top&sort=sla_due")
AGENTS = {"triage": "triage", "t1": "t1", "t2": "t2", "t3": "t3", "t4": "t4", "t5": "t5"}
AGENTS["oncall"] = "on-call"

SUBJECTS = [
    ("Checkout page shows a 500 error", Category.ISSUE_WITH_ERROR),
    ("Site is down after the last deploy", Category.URGENT_ISSUE),
    ("How do I export my invoices?", Category.QUESTION),
    ("Server disk almost full", Category.SERVER_ISSUE),
    ("Search results are in the wrong order", Category.ISSUE_NO_ERROR),
    ("Password reset email never arrives", Category.ISSUE_NO_ERROR),
    ("Payment webhook times out", Category.ISSUE_WITH_ERROR),
    ("Can we add a second admin user?", Category.QUESTION),
    ("Cron jobs stopped running", Category.SERVER_ISSUE),
    ("Images do not load on mobile", Category.ISSUE_NO_ERROR),
    ("API returns 401 with a valid key", Category.ISSUE_WITH_ERROR),
    ("Production database is unreachable", Category.URGENT_ISSUE),
]
# (services to apply after submission) — spreads the demo tickets over every status.
PLANS = [
    [],
    ["reply_pending"],
    ["wait_on_customer"],
    ["hold"],
    ["request_review"],
    ["resolve"],
    ["resolve", "close"],
    ["reply_pending", "customer_reply"],
    ["note"],
]


def _user(username: str, *, email: str = "", superuser: bool = False):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
    user.email = email or f"{username}@example.com"
    user.is_superuser = user.is_staff = superuser
    user.set_password(PASSWORD)
    user.save()
    return user


@transaction.atomic
def seed_demo() -> dict[str, int]:
    agents_group = Group.objects.get(name=AGENTS_GROUP)
    leads_group = Group.objects.get(name=LEADS_GROUP)
    acme, _ = Organization.objects.get_or_create(slug="acme", defaults={"name": "Acme"})
    globex, _ = Organization.objects.get_or_create(slug="globex", defaults={"name": "Globex"})

    customers = []
    for username, org, manager in [
        ("customer", acme, False),
        ("acme-manager", acme, True),
        ("customer2", globex, False),
    ]:
        user = _user(username)
        CustomerProfile.objects.update_or_create(
            user=user, defaults={"organization": org, "is_manager": manager}
        )
        customers.append(user)

    agents = []
    for username, tier_slug in AGENTS.items():
        user = _user(username)
        user.groups.add(agents_group)
        Tier.objects.get(slug=tier_slug).members.add(user)
        agents.append(user)
    lead = _user("lead")
    lead.groups.add(leads_group)
    for person in [*agents, lead]:  # the signature under their replies in customers' emails
        staff.update_profile(
            person,
            actor=person,
            preferences={},
            signature=f"{person.get_username().title()}\nSupport team, Helpdesk demo",
        )
    _user("admin", superuser=True)
    _acme_profile(acme, lead)
    t1 = Tier.objects.get(slug="t1")
    if not SavedView.objects.filter(shared_with_tier=t1, name=T1_VIEW[0]).exists():
        services.save_view(actor=lead, name=T1_VIEW[0], query=T1_VIEW[1], tier=t1, is_default=True)

    created = 0
    if not Ticket.objects.filter(requester__in=customers).exists():
        triage = agents[0]
        combos = zip(itertools.cycle(customers), itertools.cycle(PLANS), strict=False)
        for index, (customer, plan) in enumerate(itertools.islice(combos, 36)):
            subject, category = SUBJECTS[index % len(SUBJECTS)]
            ticket = services.submit_ticket(
                actor=customer,
                subject=subject,
                description=f"**{subject}.**\n\nSeen since this morning; steps below.",
                category=category,
                production_url="https://shop.example.com",
                version_seen="4.2.1",
                browser="Firefox 133",
                steps_to_reproduce="1. Open the page\n2. Click the button",
            )
            _apply(ticket, plan, customer, triage)
            created += 1
    return {"tickets_created": created, "tickets": Ticket.objects.count()}


def _apply(ticket, plan, customer, agent) -> None:
    for step in plan:
        if step == "reply_pending":
            services.reply(
                ticket, actor=agent, body="Thanks — could you try again now?", set_pending=True
            )
        elif step == "customer_reply":
            services.customer_reply(ticket, actor=customer, body="Still broken, sorry.")
        elif step == "note":
            services.add_internal_note(ticket, actor=agent, body="Looks like the cache layer.")
        elif step == "hold":
            services.transition(ticket, actor=agent, name="hold", hold_days=3)
        elif step == "request_review":
            services.transition(
                ticket, actor=agent, name="request_review", comment="Check the fix went out."
            )
        else:
            services.transition(ticket, actor=agent, name=step)


def _acme_profile(acme, lead) -> None:
    """Acme's profile (issue 15), its lead as the account manager, and a first Deep Dive."""
    services.edit_profile(
        acme,
        actor=lead,
        values={
            "custom_modules": "acme-checkout (payment flow)\nacme-rates (nightly price import)",
            "repository_url": "https://git.example.com/acme/shop",
            "test_site_url": "https://test.shop.example.com",
            "source_location": "GitLab, group acme, project shop",
            "versions": "Shop 4.2.1, PHP 8.2",
            "preferred_contact": "email",
            "account_manager": lead,
            "known_workflows": "- Place an order and pay by card\n- Import tomorrow's rates",
        },
    )
    if not DeepDiveVersion.objects.filter(organization=acme).exists():
        services.save_deep_dive(
            acme,
            actor=lead,
            body="# Acme\n\nA shop with two custom modules. Checkout talks to the payment "
            "provider; rates are imported every night at 02:00.",
        )
