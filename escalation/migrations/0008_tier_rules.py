"""A tier's escalation rules leave the tier's row for a row of their own, one-to-one with it
(``TierRules``): every tier's values are copied over, then the tier table drops the columns.
Reversible: going back copies the rules onto the tiers again. Tickets 0011 then takes the tier
itself over, by state only."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

RULES = [
    "research_minutes",
    "answer_minutes",
    "transition_comment",
    "is_on_call",
    "page_after_minutes",
    "contact_list_after_minutes",
]


def copy_rules(apps, schema_editor):
    Tier = apps.get_model("escalation", "Tier")
    TierRules = apps.get_model("escalation", "TierRules")
    TierRules.objects.bulk_create(
        TierRules(tier_id=row.pop("pk"), **row) for row in Tier.objects.values("pk", *RULES)
    )


def copy_rules_back(apps, schema_editor):
    Tier = apps.get_model("escalation", "Tier")
    TierRules = apps.get_model("escalation", "TierRules")
    for row in TierRules.objects.values("tier_id", *RULES):
        Tier.objects.filter(pk=row.pop("tier_id")).update(**row)


class Migration(migrations.Migration):
    dependencies = [("escalation", "0007_on_call_periodic_tasks")]

    operations = [
        # The constraint's name moves to the rules' table (index names are per schema).
        migrations.RemoveConstraint(model_name="tier", name="one_on_call_tier"),
        migrations.CreateModel(
            name="TierRules",
            fields=[
                (
                    "tier",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="rules",
                        serialize=False,
                        to="escalation.tier",
                    ),
                ),
                (
                    "research_minutes",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Time-box to find the solution before escalating (seed 003: T1 5, T2 15, T3 20).",
                        null=True,
                    ),
                ),
                (
                    "answer_minutes",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Time-box to write the answer once found (T1 5, T2 15).",
                        null=True,
                    ),
                ),
                (
                    "transition_comment",
                    models.CharField(
                        choices=[
                            ("never", "Not required"),
                            ("customer_last", "When the customer had the last word"),
                            ("always", "Always"),
                        ],
                        default="never",
                        help_text="When an agent escalating out of this tier must also write to the customer.",
                        max_length=16,
                    ),
                ),
                (
                    "is_on_call",
                    models.BooleanField(
                        default=False,
                        help_text="Tickets escalated here must be acknowledged, or the on-call chain pages.",
                        verbose_name="on-call tier",
                    ),
                ),
                (
                    "page_after_minutes",
                    models.PositiveSmallIntegerField(
                        default=60,
                        help_text="On-call tier: page when a ticket is not acknowledged within this many minutes.",
                        validators=[django.core.validators.MinValueValidator(1)],
                    ),
                ),
                (
                    "contact_list_after_minutes",
                    models.PositiveSmallIntegerField(
                        default=30,
                        help_text="On-call tier: notify the contact list this many minutes after the page.",
                        validators=[django.core.validators.MinValueValidator(1)],
                    ),
                ),
            ],
            options={
                "verbose_name": "escalation rules",
                "verbose_name_plural": "escalation rules",
                "ordering": ["tier__level"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_on_call", True)),
                        fields=("is_on_call",),
                        name="one_on_call_tier",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_rules, copy_rules_back),
        *[migrations.RemoveField(model_name="tier", name=name) for name in RULES],
    ]
