"""Engineering tasks left for the engineering app (its 0001 took the tables over by state):
the tickets app forgets them without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("engineering", "0001_initial"),
        ("tickets", "0009_queue_all_statuses_index_and_counts"),
        ("timesheets", "0002_task_in_engineering"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="tasktransitionlog",
                    name="task",
                ),
                migrations.RemoveField(
                    model_name="tasktransitionlog",
                    name="actor",
                ),
                migrations.DeleteModel(
                    name="Task",
                ),
                migrations.DeleteModel(
                    name="TaskTransitionLog",
                ),
            ],
        )
    ]
