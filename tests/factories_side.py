"""Side threads (seed 003) for tests: a ticket of a customer with a colleague and a CC, and an
agent's thread on it with a partner and an internal list."""

from django.utils import timezone

from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tickets import services
from tickets.models import Message, SideThread, TicketCC
from tickets.states import MessageKind

PARTNER = "ops@partner.example"
DEV_LIST = "dev@ownerrez.example"
TIER2_LIST = "tier2@ownerrez.example"


def customer_ticket(**kwargs):
    """A ticket of ``alice`` (her organization has a manager, ``mona``; ``carol@home.example``
    is copied on it)."""
    requester = CustomerFactory(username=kwargs.pop("requester_name", "alice"))
    org = requester.customer_profile.organization
    CustomerFactory(
        username="mona", customer_profile__organization=org, customer_profile__is_manager=True
    )
    ticket = TicketFactory(requester=requester, **kwargs)
    TicketCC.objects.create(
        ticket=ticket, email="carol@home.example", source=TicketCC.Source.AGENT,
        added_at=timezone.now(),
    )  # fmt: skip
    return ticket


def side_thread(ticket, agent=None, *, body="Could you check booking 4411 on your side?"):
    agent = agent or AgentFactory(username="tina")
    return services.start_side_thread(
        ticket,
        actor=agent,
        to=[PARTNER],
        cc=[DEV_LIST, TIER2_LIST],
        subject="Channel sync of booking 4411",
        body=body,
    )


def inbound_answer(thread: SideThread, body: str) -> Message:
    """A partner's answer as the inbound pipeline stores it: an internal note on the thread."""
    return Message.objects.create(
        ticket=thread.ticket,
        kind=MessageKind.INTERNAL_NOTE,
        body=body,
        side_thread=thread,
        created_at=timezone.now(),
    )
