"""``python -m bench.inbound``: its mix of messages is what the pipeline threads, and it measures.

The benchmark itself runs on PostgreSQL (`make bench`); this runs its parts on a few tickets.
"""

import pytest

from bench import inbound
from helpdesk.notifications.addresses import parse
from helpdesk.notifications.models import Notification
from mailgate.models import ReceivedMail
from mailgate.services.receive import parse as parse_mail


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(inbound, "CUSTOMERS", 3)
    monkeypatch.setattr(inbound, "TICKETS", 4)
    monkeypatch.setattr(inbound, "MESSAGES", 12)
    monkeypatch.setattr(inbound, "WARMUP", 2)


@pytest.mark.django_db
def test_the_mix_answers_real_tickets_by_reply_address_and_in_reply_to(small):
    tickets = inbound.seed()
    batch = inbound.messages(tickets, "run1")

    kinds = [kind for kind, _raw in batch]
    assert kinds == ["new", "reply_address", "in_reply_to"] * 4
    by_number = {t["number"]: t for t in tickets}
    for kind, raw in batch:
        message = parse_mail(raw)
        sender = message["From"].addresses[0].addr_spec
        if kind == "reply_address":
            address = parse(str(message["To"]))
            assert address is not None
            assert by_number[address.ticket_number]["email"] == sender
        elif kind == "in_reply_to":
            sent = Notification.objects.get(message_id=str(message["In-Reply-To"]))
            assert by_number[sent.ticket_number]["email"] == sender
        else:
            assert sender in {t["email"] for t in tickets}


@pytest.mark.django_db
def test_a_run_receives_every_message_once_and_reports_per_kind(small):
    tickets = inbound.seed()
    mailbox_id = inbound.warm_up(inbound.messages(tickets, "warmup"))

    run = inbound.measure(inbound.messages(tickets, "run1"), mailbox_id, processes=1)

    assert (run["messages"], run["stored"]) == (12, 12)
    assert ReceivedMail.objects.filter(message_id__startswith="<bench-run1-").count() == 12
    assert {kind: figures["messages"] for kind, figures in run["kinds"].items()} == {
        "new": 4,
        "reply_address": 4,
        "in_reply_to": 4,
    }
    floor = {"per_second": 1.0, "ms": 1.0, "synchronous_commit": "on"}
    machine = {"nproc": 2, "cpu": "x"}
    section = inbound.render(
        {"date": "d", "database": "db", "postgresql": "15", "machine": machine,
         "load_before": "0", "load_after": "0", "floor": floor, "runs": [run]}
    )  # fmt: skip
    assert section.startswith(inbound.START)
    assert section.endswith(inbound.END)
