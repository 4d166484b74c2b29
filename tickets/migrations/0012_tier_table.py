"""The tier tables take the tickets app's names (``escalation_tier`` → ``tickets_tier``, and its
members' table with it: a rename, no row moves), and the admin's content type and permissions
follow the model."""

from django.db import migrations


def _move_content_type(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="tier").exists():
        ContentType.objects.filter(app_label=old, model="tier").update(app_label=new)


def forwards(apps, schema_editor):
    _move_content_type(apps, "escalation", "tickets")


def backwards(apps, schema_editor):
    _move_content_type(apps, "tickets", "escalation")


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0011_tier_from_escalation"),
        ("escalation", "0009_tier_moved_to_tickets"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="tier", table=None),
        migrations.RunPython(forwards, backwards),
    ]
