"""Reads with more than one caller, scoped by who is asking, with their joins."""

from django.db.models import Prefetch, Q, QuerySet
from django_fsm import has_transition_perm

from helpdesk.core import roles
from helpdesk.core.errors import NotFound

from .models import Attachment, Message, Tag, Ticket, TransitionLog
from .states import PUBLIC_MESSAGE_KINDS


def tickets_visible_to(user) -> QuerySet[Ticket]:
    """Agents see the desk; a customer their own tickets (a manager the organization's)."""
    qs = Ticket.objects.all()
    if roles.is_agent(user):
        return qs
    if roles.is_customer(user):
        profile = user.customer_profile
        if profile.is_manager:
            return qs.filter(Q(requester=user) | Q(organization_id=profile.organization_id))
        return qs.filter(requester=user)
    return qs.none()


def ticket_list(user) -> QuerySet[Ticket]:
    """The rows of a queue or ticket list: one query for the page, one for its tags."""
    return (
        tickets_visible_to(user)
        .select_related("requester", "organization", "assignee", "tier")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
    )


def get_ticket(user, number) -> Ticket:
    """A ticket this user may see, or NotFound (never 403: its existence is not disclosed)."""
    try:
        return ticket_list(user).get(pk=int(number))
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Ticket {number} was not found.") from None


def messages_visible_to(user, ticket: Ticket) -> QuerySet[Message]:
    qs = (
        Message.objects.filter(ticket=ticket)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
    )
    if not roles.is_agent(user):
        qs = qs.filter(kind__in=PUBLIC_MESSAGE_KINDS)
    return qs


def ticket_attachments(ticket: Ticket) -> QuerySet[Attachment]:
    """Files attached to the ticket's description."""
    return Attachment.objects.filter(ticket=ticket, message__isnull=True)


def transitions_of(ticket: Ticket) -> QuerySet[TransitionLog]:
    return TransitionLog.objects.filter(ticket=ticket).select_related("actor")


def available_transitions(ticket: Ticket, user) -> list[dict[str, str]]:
    """The transitions this user may take on this ticket now: ``{name, target, label}``."""
    result = []
    for item in ticket.get_available_status_transitions():
        if not item.custom.get("manual"):
            continue
        if not has_transition_perm(getattr(ticket, item.name), user):
            continue
        result.append(
            {
                "name": item.name,
                "target": str(item.target),
                "label": item.custom.get("label", item.name),
                "needs": item.custom.get("needs", ""),
            }
        )
    return result
