"""Seed 002's Professional Services team: a change the customer pays for (a billable change) is
handed off to it from any ticket. Admins rename or describe it in Django admin afterwards."""

from django.db import migrations

SLUG = "professional-services"


def seed(apps, schema_editor):
    Team = apps.get_model("escalation", "Team")
    Team.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Professional Services",
            "description": "Billable changes: new features and customizations the customer pays "
            "for (seed 002).",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("escalation", "0015_nudge_previous_t3_periodic_task")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
