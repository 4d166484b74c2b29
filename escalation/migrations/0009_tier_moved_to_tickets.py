"""The tier left for the tickets app (tickets 0011 took its table over by state): escalations
and the tier's rules point at ``tickets.Tier``, and this app forgets the model, all without
touching the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0008_tier_rules"),
        ("tickets", "0011_tier_from_escalation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="escalation",
                    name="from_tier",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tickets.tier",
                    ),
                ),
                migrations.AlterField(
                    model_name="escalation",
                    name="to_tier",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tickets.tier",
                    ),
                ),
                migrations.AlterField(
                    model_name="tierrules",
                    name="tier",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="rules",
                        serialize=False,
                        to="tickets.tier",
                    ),
                ),
                migrations.DeleteModel(name="Tier"),
            ],
        )
    ]
