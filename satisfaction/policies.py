"""The one place that answers "may this user see / do X" for customer satisfaction.

- The customer who asked (the ticket's requester) answers in the portal; a manager of their
  organization reads the ticket but does not answer for them.
- Anyone holding a link from the email answers with it: the signature is the permission.
- Leads read the figures on their dashboard; admins read the surveys in the Django admin.
"""

from helpdesk.core import roles


def may_answer_in_portal(user, ticket) -> bool:
    return bool(user and user.is_authenticated and ticket.requester_id == user.pk)


def may_see_figures(user) -> bool:
    return roles.is_lead(user)
