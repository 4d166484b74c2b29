"""SLA policies and clocks point at the tickets app's Tier: the same table, so only Django's
state changes (the foreign keys in the database already reference it). Runs before escalation
drops the tier from its state (escalation 0009), so the sla app need not be named there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0006_dashboard_snapshot"),
        ("tickets", "0011_tier_from_escalation"),
    ]
    run_before = [("escalation", "0009_tier_moved_to_tickets")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="slaclock",
                    name="tier",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tickets.tier",
                    ),
                ),
                migrations.AlterField(
                    model_name="slapolicy",
                    name="tier",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sla_policy",
                        to="tickets.tier",
                    ),
                ),
            ],
        )
    ]
