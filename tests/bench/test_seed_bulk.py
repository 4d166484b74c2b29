"""``manage.py seed_bulk``: the bulk benchmark data and its DEBUG guard.

The command belongs to the ``bench`` app, which only ``bench.settings`` installs; the suite runs
on the helpdesk's settings, so it calls the command object itself.
"""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from bench.management.commands.seed_bulk import Command
from bench.seeding import DUE_INSTANTS
from tickets.models import Message, Ticket
from tickets.states import MessageKind, Status

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_bulk_loads_tickets_with_two_messages_each():
    call_command(Command(), tickets=200, force=True, stdout=StringIO())

    assert Ticket.objects.count() == 200
    assert Message.objects.count() == 400
    assert Ticket.objects.values("status").distinct().count() > 1
    assert not Ticket.objects.filter(tier__isnull=True).exists()
    assert not Ticket.objects.filter(organization__isnull=True).exists()
    kinds = set(Message.objects.values_list("kind", flat=True).distinct())
    assert kinds == {MessageKind.CUSTOMER_REPLY, MessageKind.PUBLIC_REPLY}
    # The requester is a customer of the ticket's organization.
    assert not Ticket.objects.exclude(
        organization_id=F("requester__customer_profile__organization_id")
    ).exists()


@pytest.mark.django_db
def test_seed_bulk_state_fields_match_the_status():
    call_command(Command(), tickets=200, force=True, seed=3, stdout=StringIO())

    assert not Ticket.objects.filter(status=Status.PENDING, pending_since__isnull=True).exists()
    assert not Ticket.objects.filter(status=Status.ON_HOLD, hold_until__isnull=True).exists()
    assert not Ticket.objects.filter(status=Status.RESOLVED, resolved_at__isnull=True).exists()
    assert not Ticket.objects.filter(status=Status.CLOSED, closed_at__isnull=True).exists()
    # Timers are armed but not due: a sweep right after seeding finds nothing to do.
    now = timezone.now()
    assert not Ticket.objects.filter(status=Status.ON_HOLD, hold_until__lte=now).exists()
    for status, field, _days in DUE_INSTANTS:
        assert not Ticket.objects.filter(status=status, **{f"{field}__isnull": True}).exists()
        assert not Ticket.objects.filter(status=status, **{f"{field}__lte": now}).exists()


@pytest.mark.django_db
def test_seed_bulk_is_repeatable_and_adds_to_what_is_there():
    call_command(Command(), tickets=50, force=True, stdout=StringIO())
    call_command(Command(), tickets=30, force=True, stdout=StringIO())

    assert Ticket.objects.count() == 80
    assert Message.objects.count() == 160


@pytest.mark.django_db
def test_seed_bulk_refuses_without_debug_or_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command(Command(), tickets=10)
    assert Ticket.objects.count() == 0


def test_seed_bulk_is_a_command_of_the_bench_settings_only(settings):
    help_text = subprocess.run(
        [sys.executable, "manage.py", "help", "seed_bulk", "--settings=bench.settings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout

    assert "Load N bulk tickets" in help_text
    assert "bench" not in settings.INSTALLED_APPS


@pytest.mark.django_db
def test_seed_bulk_writes_the_search_documents_the_triggers_would():
    from django.db import connection

    from tickets.models import SearchDocument

    if connection.vendor != "postgresql":
        pytest.skip("The search documents and their triggers are PostgreSQL's.")
    call_command(Command(), tickets=30, force=True, seed=5, stdout=StringIO())
    seeded = {
        (d.ticket_id, d.message_id): (d.public, d.language, str(d.vector))
        for d in SearchDocument.objects.all()
    }
    assert len(seeded) == 30 + 60
    # The triggers rewrite every document of a ticket when its language changes: switched
    # there and back, they write what the seeding wrote.
    flip = "UPDATE tickets_ticket SET language = CASE WHEN language = 'es' THEN 'en' ELSE 'es' END"
    with connection.cursor() as cursor:
        cursor.execute(flip)
        cursor.execute(flip)
    rewritten = {
        (d.ticket_id, d.message_id): (d.public, d.language, str(d.vector))
        for d in SearchDocument.objects.all()
    }
    assert rewritten == seeded
    # Oldest first, as the migration's backfill writes them (the search walks newest first).
    ordered = list(SearchDocument.objects.order_by("id").values_list("ticket_id", flat=True))
    assert ordered[0] <= ordered[-1]
