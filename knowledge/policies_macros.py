"""The one place that answers "may this user use / write / edit this macro"."""

from helpdesk.core import roles

from .macro_models import Macro, MacroScope

# Scopes only leads write (and edit): a macro shared by a tier, a team or everyone.
SHARED_SCOPES = frozenset({MacroScope.TIER, MacroScope.TEAM, MacroScope.EVERYONE})


def may_use_macros(user) -> bool:
    """Macros are the desk's: agents, leads, admins. Customers never see one."""
    return roles.is_agent(user)


def may_see_all_macros(user) -> bool:
    """Leads see every macro with its use count, last use and staleness."""
    return roles.is_lead(user)


def may_write_scope(user, scope: str) -> bool:
    """Any agent writes their own macros; leads also write those of a tier, a team, everyone."""
    if not roles.is_agent(user):
        return False
    return scope == MacroScope.PERSON or roles.is_lead(user)


def may_edit(user, macro: Macro) -> bool:
    """A personal macro: its owner (and admins). A shared one: leads."""
    if not roles.is_agent(user):
        return False
    if user.is_superuser:
        return True
    if macro.scope == MacroScope.PERSON:
        return macro.owner_id == user.pk
    return roles.is_lead(user)


def edit_refusal(macro: Macro) -> str:
    """Why someone who may not edit ``macro`` is refused, in words."""
    if macro.scope == MacroScope.PERSON:
        return "Only its owner may change a personal macro."
    return f"Only leads may change a macro for {macro.get_scope_display().lower()}."
