"""The tier moves here from the escalation app without moving a row.

The table ``escalation_tier`` (with ``escalation_tier_members``) exists; this migration only tells
Django's state that the model now belongs to the tickets app (``SeparateDatabaseAndState`` with
no database operation) and that tickets point at it. Escalation kept the tier's rules in a table
of its own first (escalation 0008); sla 0007 and escalation 0009 repoint their foreign keys and
drop the model from escalation's state, and 0012 here renames the tables.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0010_tasks_moved_to_engineering"),
        ("escalation", "0008_tier_rules"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Tier",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                help_text="Short code agents and the API use to name the tier, e.g. T2.",
                                max_length=20,
                                unique=True,
                            ),
                        ),
                        ("name", models.CharField(max_length=50, unique=True)),
                        ("slug", models.SlugField(unique=True)),
                        (
                            "level",
                            models.PositiveSmallIntegerField(
                                help_text="Order of escalation: Triage is 0, T5 is 5, On-Call last.",
                                unique=True,
                                verbose_name="order",
                            ),
                        ),
                        ("description", models.CharField(blank=True, max_length=200)),
                        (
                            "lead",
                            models.ForeignKey(
                                blank=True,
                                help_text="Told when a ticket of this tier turns Yellow or Red.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="led_tiers",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "members",
                            models.ManyToManyField(
                                blank=True, related_name="tiers", to=settings.AUTH_USER_MODEL
                            ),
                        ),
                    ],
                    options={"ordering": ["level"], "db_table": "escalation_tier"},
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="tier",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="tickets.tier",
                    ),
                ),
            ],
        )
    ]
