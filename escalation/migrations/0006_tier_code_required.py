from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("escalation", "0005_seed_tier_config_and_teams")]

    operations = [
        migrations.AlterField(
            model_name="tier",
            name="code",
            field=models.CharField(
                help_text="Short code agents and the API use to name the tier, e.g. T2.",
                max_length=20,
                unique=True,
            ),
        ),
    ]
