"""The IMAP sweep as a django-celery-beat periodic task, every minute (edit it in admin)."""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

TASKS = [
    (
        "Mail: poll IMAP mailboxes",
        "mailgate.poll_mailboxes",
        "Fetches the unseen messages of every active mailbox and receives each once; a message "
        "is marked seen (or moved) only after it was stored. Idempotent.",
    )
]


def forwards(apps, schema_editor):
    add_periodic_tasks(apps, TASKS)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("mailgate", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
