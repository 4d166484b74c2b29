"""Seed 002's custom-code cases: the Custom Code category (tickets 0024) gets the first-response
target its portal card promises, one business day (the "Business hours" calendar's 480 minutes),
so its tickets get a first-response clock like every other category. A target an admin already
set is kept; going back removes only a target still at this value."""

from django.db import migrations

CATEGORY, MINUTES = "custom_code", 480


def seed(apps, schema_editor):
    BusinessCalendar = apps.get_model("sla", "BusinessCalendar")
    FirstAssignmentTarget = apps.get_model("sla", "FirstAssignmentTarget")
    calendar = BusinessCalendar.objects.filter(name="Business hours").first()
    if calendar is None:
        calendar = BusinessCalendar.objects.order_by("id").first()
    if calendar is None:  # no calendar at all: nothing to measure against
        return
    FirstAssignmentTarget.objects.get_or_create(
        category=CATEGORY, defaults={"minutes": MINUTES, "calendar": calendar}
    )


def unseed(apps, schema_editor):
    FirstAssignmentTarget = apps.get_model("sla", "FirstAssignmentTarget")
    FirstAssignmentTarget.objects.filter(category=CATEGORY, minutes=MINUTES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0010_backfill_first_response_clocks"),
        ("tickets", "0024_custom_code_category"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
