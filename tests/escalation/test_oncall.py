"""The On-Call acknowledgement chain, time-travelled: nothing after acknowledgement; the page at
60 minutes to the on-call agent and the authorized escalators; the contact list at 90; each
exactly once."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from escalation import services, webhooks
from escalation.errors import NoOpenAlert
from escalation.models import OnCallAlert, OnCallContact, OnCallShift, Page
from escalation.states import AlertState, WebhookStatus
from escalation.sweeps import run_on_call_chain
from helpdesk.core.errors import PermissionDenied
from helpdesk.notifications.models import Notification
from tests.escalation.conftest import speaker
from tests.factories import AgentFactory
from tickets import services as tickets
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 7, 2, 0, tzinfo=UTC)  # a Saturday night: On-Call is any time of day


def minutes(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


@pytest.fixture
def rota(staff):
    oscar = AgentFactory(username="oscar")
    OnCallShift.objects.create(agent=oscar, starts_at=T0 - timedelta(days=1), ends_at=minutes(600))
    OnCallShift.objects.create(
        agent=staff["T4"], starts_at=T0 - timedelta(days=9), ends_at=T0 - timedelta(days=2)
    )
    rex = speaker(AgentFactory(username="rex"), spanish=False, authorized_escalator=True)
    speaker(
        AgentFactory(username="adria"),
        spanish=False,
        authorized_escalator=True,
        webhook_url="https://pager.example.com/hook",
    )
    OnCallContact.objects.create(name="Chris", email="chris@example.com", position=1)
    OnCallContact.objects.create(name="PW", phone="+1 555 0100", position=2)
    OnCallContact.objects.create(name="Gone", email="gone@example.com", active=False)
    return {"oscar": oscar, "rex": rex}


@pytest.fixture
def on_call_ticket(in_tier, staff, rota):
    with time_machine.travel(minutes(-10), tick=False):
        ticket = in_tier("T2")
    with time_machine.travel(T0, tick=False):
        services.escalate_up(
            ticket,
            actor=staff["T2"],
            target_tier="ONCALL",
            questions=["Checkout is down for every customer. Can on-call look now?"],
            customer_message="Our on-call engineers are on it.",
        )
    return ticket


def sent() -> Counter:
    return Counter(
        Notification.objects.filter(kind__startswith="oncall_").values_list("kind", "recipient")
    )


NEW = {("oncall_new", "oscar@example.com"): 1}
PAGE = {
    ("oncall_page", "oscar@example.com"): 1,
    ("oncall_page", "rex@example.com"): 1,
    ("oncall_page", "adria@example.com"): 1,
}
CONTACTS = {("oncall_contacts", "chris@example.com"): 1}


def test_unacknowledged_the_chain_pages_at_60_and_calls_the_contact_list_at_90_once_each(
    on_call_ticket,
):
    alert = OnCallAlert.objects.get(ticket=on_call_ticket)
    assert (alert.state, alert.page_at) == (AlertState.WAITING, minutes(60))
    assert sent() == Counter(NEW)

    assert run_on_call_chain(now=minutes(59)) == 0
    assert sent() == Counter(NEW)

    assert run_on_call_chain(now=minutes(60)) == 1
    assert sent() == Counter({**NEW, **PAGE})
    alert.refresh_from_db()
    assert (alert.state, alert.paged_at, alert.contact_at) == (
        AlertState.PAGED,
        minutes(60),
        minutes(90),
    )
    for at in (60, 61, 75, 89):
        assert run_on_call_chain(now=minutes(at)) == 0
    assert sent() == Counter({**NEW, **PAGE})

    assert run_on_call_chain(now=minutes(90)) == 1
    assert sent() == Counter({**NEW, **PAGE, **CONTACTS})
    alert.refresh_from_db()
    assert (alert.state, alert.contacted_at) == (AlertState.CONTACTED, minutes(90))
    for at in (91, 120, 24 * 60):
        assert run_on_call_chain(now=minutes(at)) == 0
    assert sent() == Counter({**NEW, **PAGE, **CONTACTS})

    # The contact without an email is still recorded (phone list); the webhook waits to go out.
    pages = Counter(Page.objects.values_list("step", "recipient"))
    assert pages == Counter(
        {
            ("new", "oscar"): 1,
            ("page", "oscar"): 1,
            ("page", "rex"): 1,
            ("page", "adria"): 1,
            ("contacts", "Chris"): 1,
            ("contacts", "PW"): 1,
        }
    )
    assert Page.objects.get(recipient="adria").webhook_status == WebhookStatus.PENDING
    events = Message.objects.filter(ticket=on_call_ticket, kind=MessageKind.EVENT)
    assert list(events.values_list("body", flat=True))[-2:] == [
        "On-Call: not acknowledged within 60 minutes. Paged oscar, adria, rex.",
        "On-Call: the page was not answered. Notified the contact list: Chris, PW.",
    ]


def test_a_late_sweep_still_pages_first_and_replays_send_nothing_twice(on_call_ticket):
    assert run_on_call_chain(now=minutes(180)) == 2  # beat was down: both steps, in order
    assert sent() == Counter({**NEW, **PAGE, **CONTACTS})
    # Replay the whole chain as if the row had been restored from a backup: dedupe keys hold.
    OnCallAlert.objects.update(state=AlertState.WAITING, page_at=minutes(60), contact_at=None)
    assert run_on_call_chain(now=minutes(200)) == 2
    assert sent() == Counter({**NEW, **PAGE, **CONTACTS})
    assert Page.objects.count() == 6


def test_acknowledged_before_the_hour_nothing_more_is_sent(on_call_ticket, rota):
    with time_machine.travel(minutes(30), tick=False):
        services.acknowledge(on_call_ticket, actor=rota["oscar"], note="Looking at the LB.")

    for at in (60, 90, 120, 24 * 60):
        assert run_on_call_chain(now=minutes(at)) == 0
    assert sent() == Counter(NEW)
    alert = OnCallAlert.objects.get(ticket=on_call_ticket)
    assert (alert.state, alert.acknowledged_by, alert.acknowledged_at) == (
        AlertState.ACKNOWLEDGED,
        rota["oscar"],
        minutes(30),
    )
    on_call_ticket.refresh_from_db()
    assert on_call_ticket.assignee == rota["oscar"]
    note = on_call_ticket.messages.filter(kind=MessageKind.INTERNAL_NOTE).last()
    assert note.body == "**On-Call:** seen, and oscar is handling it.\n\nLooking at the LB."


def test_acknowledged_after_the_page_the_contact_list_is_not_called(on_call_ticket, rota):
    run_on_call_chain(now=minutes(60))
    with time_machine.travel(minutes(70), tick=False):
        services.acknowledge(on_call_ticket, actor=rota["rex"])
    assert run_on_call_chain(now=minutes(90)) == 0
    assert sent() == Counter({**NEW, **PAGE})


def test_acknowledging_twice_is_a_conflict(on_call_ticket, rota):
    services.acknowledge(on_call_ticket, actor=rota["oscar"])
    with pytest.raises(NoOpenAlert, match="no On-Call alert waiting"):
        services.acknowledge(on_call_ticket, actor=rota["rex"])


def test_customers_cannot_acknowledge(on_call_ticket, staff):
    with pytest.raises(PermissionDenied):
        services.acknowledge(on_call_ticket, actor=staff["customer"])
    assert OnCallAlert.objects.get().state == AlertState.WAITING


def test_leaving_on_call_cancels_the_chain(on_call_ticket, staff):
    with time_machine.travel(minutes(20), tick=False):
        services.escalate_down(
            on_call_ticket, actor=staff["ONCALL"], outcome="answered", answer="Fixed."
        )
    assert OnCallAlert.objects.get().state == AlertState.CANCELED
    assert run_on_call_chain(now=minutes(90)) == 0
    assert sent() == Counter(NEW)


def test_a_ticket_resolved_meanwhile_is_not_paged(on_call_ticket, staff):
    tickets.transition(on_call_ticket, actor=staff["ONCALL"], name="resolve")
    assert run_on_call_chain(now=minutes(60)) == 1
    assert OnCallAlert.objects.get().state == AlertState.CANCELED
    assert sent() == Counter(NEW)


def test_an_authorized_escalator_may_page_at_once(on_call_ticket, rota, staff):
    with pytest.raises(PermissionDenied):
        services.page_now(on_call_ticket, actor=staff["T2"])
    with time_machine.travel(minutes(5), tick=False):
        services.page_now(on_call_ticket, actor=rota["rex"])
    alert = OnCallAlert.objects.get()
    assert (alert.state, alert.contact_at) == (AlertState.PAGED, minutes(35))
    assert sent() == Counter({**NEW, **PAGE})


def test_without_a_shift_the_on_call_tier_members_are_paged(in_tier, staff):
    with time_machine.travel(minutes(-10), tick=False):
        ticket = in_tier("T3")
    with time_machine.travel(T0, tick=False):
        services.escalate_up(ticket, actor=staff["T3"], target_tier="ONCALL", questions=["Q?"])
    run_on_call_chain(now=minutes(60))
    assert sent() == Counter(
        {("oncall_new", "oncall@example.com"): 1, ("oncall_page", "oncall@example.com"): 1}
    )


def test_webhooks_are_delivered_once_and_retried_with_backoff(on_call_ticket, monkeypatch):
    run_on_call_chain(now=minutes(60))
    calls = []

    def refuse(url, body):
        calls.append((url, body["event"], body["ticket"]))
        raise OSError("connection refused")

    monkeypatch.setattr(webhooks, "post_json", refuse)
    result = webhooks.deliver_pending(now=minutes(61))
    assert (result.sent, result.retrying) == (0, 1)
    page = Page.objects.get(recipient="adria")
    assert page.webhook_attempts == 1
    assert page.webhook_next_at > minutes(61)
    assert webhooks.deliver_pending(now=minutes(61)).processed == 0  # not due again yet

    monkeypatch.setattr(webhooks, "post_json", lambda url, body: calls.append(body["event"]))
    assert webhooks.deliver_pending(now=minutes(120)).sent == 1
    assert webhooks.deliver_pending(now=minutes(180)).processed == 0
    page.refresh_from_db()
    assert (page.webhook_status, page.webhook_sent_at) == (WebhookStatus.SENT, minutes(120))
    assert calls == [
        ("https://pager.example.com/hook", "oncall.page", on_call_ticket.pk),
        "oncall.page",
    ]
