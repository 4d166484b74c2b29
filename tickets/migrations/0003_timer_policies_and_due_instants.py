"""The default timer policies, and due instants for tickets already waiting in a timed status."""

from datetime import timedelta

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce

POLICIES = [
    ("pending_reminder", 3),
    ("pending_auto_resolve", 4),
    ("waiting_expiry", 10),
    ("hold_expiry", None),
    ("auto_close", 3),
]


def forwards(apps, schema_editor):
    TimerPolicy = apps.get_model("tickets", "TimerPolicy")
    for timer, days in POLICIES:
        TimerPolicy.objects.get_or_create(
            timer=timer, defaults={"days": days, "unit": "calendar_days"}
        )

    Ticket = apps.get_model("tickets", "Ticket")
    entered = lambda name: Coalesce(F(name), F("status_changed_at"))  # noqa: E731
    Ticket.objects.filter(
        status="pending", reminder_sent_at__isnull=True, remind_at__isnull=True
    ).update(remind_at=entered("pending_since") + timedelta(days=3))
    Ticket.objects.filter(
        status="pending", reminder_sent_at__isnull=False, auto_resolve_at__isnull=True
    ).update(auto_resolve_at=F("reminder_sent_at") + timedelta(days=4))
    Ticket.objects.filter(status="waiting_on_customer", wait_until__isnull=True).update(
        wait_until=entered("waiting_since") + timedelta(days=10)
    )
    Ticket.objects.filter(status="resolved", close_at__isnull=True).update(
        close_at=entered("resolved_at") + timedelta(days=3)
    )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0002_timers")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
