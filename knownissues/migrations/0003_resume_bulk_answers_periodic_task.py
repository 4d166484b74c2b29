"""Resume bulk answers left Sending (worker lost, broker down) every 5 minutes.

The one source of truth for the schedule: admins see, pause and re-time it in Django admin.
"""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "Known issues: resume stalled bulk answers",
        "knownissues.resume_bulk_answers",
        "Delivers bulk answers still Sending five minutes after their last attempt. "
        "Idempotent: a ticket that already has the answer is skipped.",
    ),
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS, every_minutes=5)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("knownissues", "0002_link_by_tag_bulk_answer_sending"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
