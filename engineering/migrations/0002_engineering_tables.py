"""The task tables take the engineering app's names (a rename: no row moves), the admin's
content types follow the models, and the UAT auto-done periodic task runs the engineering task
(its beat schedule, enabled state and run history are kept)."""

from django.db import migrations

from helpdesk.core.beat import rename_periodic_tasks

RENAMED_TASKS = {"tickets.sweep_uat_auto_done": "engineering.sweep_uat_auto_done"}


def _rename(apps, old: str, new: str, tasks: dict[str, str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("task", "tasktransitionlog"):
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
    rename_periodic_tasks(apps, tasks)


def forwards(apps, schema_editor):
    _rename(apps, "tickets", "engineering", RENAMED_TASKS)


def backwards(apps, schema_editor):
    _rename(apps, "engineering", "tickets", {new: old for old, new in RENAMED_TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("engineering", "0001_initial"),
        ("tickets", "0010_tasks_moved_to_engineering"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AlterModelTable(name="task", table=None),
        migrations.AlterModelTable(name="tasktransitionlog", table=None),
        migrations.RunPython(forwards, backwards),
    ]
