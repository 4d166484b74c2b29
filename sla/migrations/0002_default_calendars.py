from datetime import time

from django.db import migrations


def seed(apps, schema_editor):
    BusinessCalendar = apps.get_model("sla", "BusinessCalendar")
    WorkingInterval = apps.get_model("sla", "WorkingInterval")
    office, created = BusinessCalendar.objects.get_or_create(
        name="Business hours", defaults={"timezone": "UTC"}
    )
    if created:
        WorkingInterval.objects.bulk_create(
            WorkingInterval(calendar=office, weekday=day, start=time(9), end=time(17))
            for day in range(5)
        )
    BusinessCalendar.objects.get_or_create(
        name="24×7", defaults={"timezone": "UTC", "always_open": True}
    )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
