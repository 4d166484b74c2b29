"""Time entries, timers and calls point at the engineering app's Task: the same table, so only
Django's state changes (the foreign keys in the database already reference it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engineering", "0001_initial"),
        ("timesheets", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="runningtimer",
                    name="task",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="engineering.task",
                    ),
                ),
                migrations.AlterField(
                    model_name="technicalcall",
                    name="task",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="technical_calls",
                        to="engineering.task",
                    ),
                ),
                migrations.AlterField(
                    model_name="timeentry",
                    name="task",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="time_entries",
                        to="engineering.task",
                    ),
                ),
            ],
        )
    ]
