"""Seed 003-26: a new T4 question goes to the Architecture group. Admins change the team (its
inbox, its members) in Django admin afterwards."""

from django.db import migrations

ARCHITECTURE = (
    "Architecture",
    "architecture",
    "Technical questions a T4 cannot answer (seed 003: new T4s ask the Architecture group).",
)


def seed(apps, schema_editor):
    Team = apps.get_model("escalation", "Team")
    name, slug, description = ARCHITECTURE
    Team.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


def unseed(apps, schema_editor):
    apps.get_model("escalation", "Team").objects.filter(slug=ARCHITECTURE[1]).delete()


class Migration(migrations.Migration):
    dependencies = [("escalation", "0011_agent_topics")]
    operations = [migrations.RunPython(seed, unseed)]
