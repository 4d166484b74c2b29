"""The roles of the helpdesk, answered in one place.

- Customer: a user with a customer profile (an organization); portal only.
- Agent: a member of the ``Agents`` group (Triage, T1-T5, On-Call); the desk.
- Lead: a member of the ``Leads`` group; the desk, dashboards and reassignment.
- Admin: a superuser; Django admin (and everything an agent and lead may do).

Answers are cached on the user object so a page asks the database at most once.
"""

from django.contrib.auth.models import AnonymousUser

AGENTS_GROUP = "Agents"
LEADS_GROUP = "Leads"


def _group_names(user) -> frozenset[str]:
    cached = getattr(user, "_helpdesk_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) if user.pk else frozenset()
        user._helpdesk_groups = cached
    return cached


def is_customer(user) -> bool:
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    return not is_agent(user) and hasattr(user, "customer_profile")


def is_agent(user) -> bool:
    """Agents, leads and superusers all work the desk."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & {AGENTS_GROUP, LEADS_GROUP})


def is_lead(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or LEADS_GROUP in _group_names(user)
