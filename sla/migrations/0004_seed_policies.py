"""The tier table of PRODUCT.md (seed 003) and the category targets of seed 001.

A business day is the "Business hours" calendar's 8 hours (480 minutes).
"""

from django.db import migrations

DAY = 480
POLICIES = {
    # tier slug: (calendar, yellow after, red after) in business minutes
    "triage": ("Business hours", 2 * 60, 1 * DAY),
    "t1": ("Business hours", 2 * 60, 1 * DAY),
    "t2": ("Business hours", 1 * DAY, 2 * DAY),
    "t3": ("Business hours", 1 * DAY, 2 * DAY),
    "t4": ("Business hours", 2 * DAY, 3 * DAY),
    "t5": ("Business hours", 2 * DAY, 3 * DAY),
    # acknowledged within one hour, any time of day
    "on-call": ("24×7", 30, 60),
}
FIRST_ASSIGNMENT = {
    "urgent_issue": 60,
    "server_issue": 4 * 60,
    "issue_with_error": 1 * DAY,
    "issue_no_error": 2 * DAY,
    "question": 3 * DAY,
}


def seed(apps, schema_editor):
    Tier = apps.get_model("escalation", "Tier")
    BusinessCalendar = apps.get_model("sla", "BusinessCalendar")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    FirstAssignmentTarget = apps.get_model("sla", "FirstAssignmentTarget")
    calendars = {c.name: c for c in BusinessCalendar.objects.all()}
    for slug, (calendar, yellow, red) in POLICIES.items():
        tier = Tier.objects.filter(slug=slug).first()
        if tier is not None:
            SlaPolicy.objects.get_or_create(
                tier=tier,
                defaults={
                    "calendar": calendars[calendar],
                    "yellow_after_minutes": yellow,
                    "red_after_minutes": red,
                },
            )
    for category, minutes in FIRST_ASSIGNMENT.items():
        FirstAssignmentTarget.objects.get_or_create(
            category=category,
            defaults={"minutes": minutes, "calendar": calendars["Business hours"]},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0003_firstassignmenttarget_slaclock_clockevent_slapolicy_and_more"),
        ("escalation", "0002_seed_tiers"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
