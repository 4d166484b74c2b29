"""Seed 003's tier settings (codes, time-boxes, transition-comment rules, the on-call tier) and
the three teams. Admins change all of it in Django admin afterwards."""

from django.db import migrations

# slug: (code, research minutes, answer minutes, transition comment rule, on call)
TIERS = {
    "triage": ("TRIAGE", None, None, "customer_last", False),
    "t1": ("T1", 5, 5, "customer_last", False),
    "t2": ("T2", 15, 15, "always", False),
    "t3": ("T3", 20, None, "never", False),
    "t4": ("T4", None, None, "never", False),
    "t5": ("T5", None, None, "never", False),
    "on-call": ("ONCALL", None, None, "never", True),
}
TEAMS = [
    ("Engagement", "engagement", "Account health: cancellations, invoice disputes, security."),
    ("Product", "product", "Told by the Notify Product flag, never by escalation."),
    ("Marketing", "marketing", "Partners, partner problems, merchandise."),
]


def seed(apps, schema_editor):
    Tier = apps.get_model("escalation", "Tier")
    Team = apps.get_model("escalation", "Team")
    for tier in Tier.objects.all():
        code, research, answer, rule, on_call = TIERS.get(
            tier.slug, (tier.slug.upper()[:20], None, None, "never", False)
        )
        tier.code = code
        tier.research_minutes = research
        tier.answer_minutes = answer
        tier.transition_comment = rule
        tier.is_on_call = on_call
        tier.save()
    for name, slug, description in TEAMS:
        Team.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("escalation", "0004_tier_config_teams_oncall_escalations")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
