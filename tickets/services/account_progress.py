"""The account manager of an organization hears of its tickets' progress: a ticket filed, a
status changed, a customer reply (``events.Name.ACCOUNT_PROGRESS``, one event per change with a
dedupe key naming it). Never of their own action. When the profile says so, a new ticket is
assigned to them (``submit_ticket`` reads the account first: one query).

What goes in ``title`` and ``data`` is what staff may read anywhere: numbers, the subject, the
organization's name, statuses; never a message body, never a profile field.
"""

from dataclasses import dataclass
from datetime import datetime

from helpdesk.notifications import events

from ..models import Message, OrganizationProfile, Ticket, TransitionLog
from ..states import Status
from . import alerts


@dataclass(frozen=True)
class Account:
    """What a ticket's organization profile says about its manager."""

    organization: str
    manager_id: int | None
    assign_new_tickets: bool

    @property
    def assignee_id(self) -> int | None:
        """Who a new ticket goes to (None: it waits in its tier, as without a profile)."""
        return self.manager_id if self.assign_new_tickets else None


NO_ACCOUNT = Account(organization="", manager_id=None, assign_new_tickets=False)


def account_of(organization_id: int) -> Account:
    """One query; an inactive manager is no manager."""
    row = (
        OrganizationProfile.objects.filter(organization_id=organization_id)
        .values_list(
            "organization__name",
            "account_manager_id",
            "account_manager__is_active",
            "assign_new_tickets_to_manager",
        )
        .first()
    )
    if row is None:
        return NO_ACCOUNT
    name, manager_id, active, assign = row
    manager: int | None = manager_id if active else None
    return Account(name, manager, bool(assign and manager))


def _publish(
    ticket: Ticket, account: Account, *, key: str, title: str, at: datetime, actor_id, data
) -> None:
    if account.manager_id is None or account.manager_id == actor_id:
        return
    events.publish(
        events.Event(
            name=events.Name.ACCOUNT_PROGRESS,
            at=at,
            dedupe_key=f"account-progress:{key}",
            title=title,
            ticket_number=ticket.pk,
            url=alerts.desk_url(ticket.pk),
            recipients=(account.manager_id,),
            actor_id=actor_id,
            data={"ticket": ticket.pk, "organization": account.organization, **data},
        )
    )


def ticket_filed(ticket: Ticket, account: Account, *, actor, at: datetime) -> None:
    assigned = account.assignee_id is not None and ticket.assignee_id == account.assignee_id
    _publish(
        ticket,
        account,
        key=f"filed:{ticket.pk}",
        title=(
            f"New ticket #{ticket.pk} of {account.organization}: {ticket.subject}"
            + (" (assigned to you)" if assigned else "")
        ),
        at=at,
        actor_id=getattr(actor, "pk", None),
        data={"status": ticket.status, "assigned_to_manager": assigned},
    )


def status_changed(log: TransitionLog, ticket: Ticket) -> None:
    """A customer's reply that reopens a ticket is told once, as the reply."""
    if log.transition == "customer_replied":
        return
    account = account_of(ticket.organization_id)
    _publish(
        ticket,
        account,
        key=f"status:{ticket.pk}:{log.pk}",
        title=(
            f"#{ticket.pk} of {account.organization} {ticket.subject}: "
            f"{_label(log.from_status)} → {_label(log.to_status)}"
        ),
        at=log.created_at,
        actor_id=log.actor_id,
        data={"from_status": log.from_status, "to_status": log.to_status},
    )


def customer_replied(ticket: Ticket, message: Message, *, actor, at: datetime) -> None:
    account = account_of(ticket.organization_id)
    _publish(
        ticket,
        account,
        key=f"reply:{ticket.pk}:{message.pk}",
        title=f"Customer replied on #{ticket.pk} of {account.organization}: {ticket.subject}",
        at=at,
        actor_id=getattr(actor, "pk", None),
        data={"message": message.pk, "status": ticket.status},
    )


def _label(status: str) -> str:
    return Status(status).label if status in Status.values else status
