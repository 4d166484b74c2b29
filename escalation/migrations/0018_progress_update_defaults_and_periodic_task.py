"""Seed 004-04: each tier's progress-update period (decision 0035) and the hourly sweep that
reminds assignees, as a django-celery-beat periodic task (as migrations 0007 and 0015).

T1 1 and T2 2 business days (their time-boxes are minutes: a day of silence there is already
long), T3 2 (the T3 morning check's "still looking" after two business days), T4 3 and T5 5
(engineering and architecture work takes days; a weekly word). Triage and On-Call: none
(Triage tickets move on within the day; On-Call has its own acknowledgement chain)."""

from django.db import migrations

from helpdesk.core.beat import add_periodic_tasks, remove_periodic_tasks

DAYS = {"T1": 1, "T2": 2, "T3": 2, "T4": 3, "T5": 5}
TASKS = [
    (
        "Escalation: remind assignees to update the customer",
        "escalation.remind_progress_updates",
        "Tells the assignee of each Open ticket whose customer has had no public reply for the "
        "tier's progress-update period (business days) to write where it stands. Idempotent: "
        "once per ticket and period.",
    ),
]


def forwards(apps, schema_editor):
    Tier = apps.get_model("tickets", "Tier")
    TierRules = apps.get_model("escalation", "TierRules")
    for tier in Tier.objects.filter(code__in=list(DAYS)):
        rules, _ = TierRules.objects.get_or_create(tier=tier)
        rules.progress_update_business_days = DAYS[tier.code]
        rules.save(update_fields=["progress_update_business_days"])
    add_periodic_tasks(apps, TASKS, every_minutes=60)


def backwards(apps, schema_editor):
    remove_periodic_tasks(apps, TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0017_progress_update_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
