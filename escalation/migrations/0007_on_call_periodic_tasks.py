"""The on-call chain and its webhook delivery as django-celery-beat periodic tasks, every minute.

The one source of truth for the schedule: admins see, pause and re-time them in Django admin.
"""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "Escalation: on-call acknowledgement chain",
        "escalation.sweep_on_call",
        "Pages on-call when an On-Call ticket is not acknowledged in time, then the contact "
        "list. Idempotent; the minutes are set on the On-Call tier.",
    ),
    (
        "Escalation: deliver on-call webhooks",
        "escalation.deliver_webhooks",
        "POSTs each page to the person's webhook URL, with retries. Idempotent.",
    ),
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0006_tier_code_required"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
