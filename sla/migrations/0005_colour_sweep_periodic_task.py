"""The SLA colour sweep as a django-celery-beat periodic task, every minute (edit it in admin)."""

from django.db import migrations
from django.utils import timezone

NAME = "SLA: colour sweep"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    schedule = IntervalSchedule.objects.filter(every=1, period="minutes").order_by("pk").first()
    schedule = schedule or IntervalSchedule.objects.create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": "sla.sweep_colours",
            "interval": schedule,
            "args": "[]",
            "kwargs": "{}",
            "expire_seconds": 300,
            "description": "Turns SLA clocks Yellow and Red when their instant has passed.",
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0004_seed_policies"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
