from django.db import migrations

TIERS = [
    (0, "Triage", "triage", "First look at every new ticket."),
    (1, "T1", "t1", "Front-line support."),
    (2, "T2", "t2", "Experienced support."),
    (3, "T3", "t3", "Engineering 1."),
    (4, "T4", "t4", "Engineering 2."),
    (5, "T5", "t5", "Architecture."),
    (6, "On-Call", "on-call", "Urgent problems, any time of day."),
]


def seed(apps, schema_editor):
    Tier = apps.get_model("escalation", "Tier")
    for level, name, slug, description in TIERS:
        Tier.objects.update_or_create(
            slug=slug, defaults={"level": level, "name": name, "description": description}
        )
    Group = apps.get_model("auth", "Group")
    for name in ("Agents", "Leads"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
