"""Give every open ticket still waiting for its first response a first-response clock, so an
upgraded desk measures the tickets already in its queues (decision 0027).

The clock starts at the ticket's creation on its category's target; one already past its Yellow
or due instant starts Yellow or Red (a Red one breached at its due instant) without an alert:
nobody should be paged for every old ticket at once. Reversing deletes the clocks made here.
"""

from django.db import migrations
from django.utils import timezone

from sla.business_time import CalendarSpec, add_business_minutes

FINISHED = ("resolved", "closed")


def _spec(calendar) -> CalendarSpec:
    """``BusinessCalendar.spec()`` for the historical model (which has no methods)."""
    weekly: dict[int, list[tuple[int, int]]] = {}
    for interval in calendar.intervals.all():
        weekly.setdefault(interval.weekday, []).append(
            (
                interval.start.hour * 60 + interval.start.minute,
                interval.end.hour * 60 + interval.end.minute,
            )
        )
    if calendar.always_open:
        weekly = {day: [(0, 24 * 60)] for day in range(7)}
    return CalendarSpec(
        timezone=calendar.timezone,
        weekly={day: tuple(sorted(pairs)) for day, pairs in weekly.items()},
        holidays=frozenset(calendar.custom_holidays.values_list("date", flat=True)),
        holiday_country=calendar.holiday_country,
        holiday_subdivision=calendar.holiday_subdivision,
        always_open=calendar.always_open,
    )


def backfill(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    Target = apps.get_model("sla", "FirstAssignmentTarget")
    Clock = apps.get_model("sla", "FirstResponseClock")
    now = timezone.now()
    targets = {t.category: t for t in Target.objects.select_related("calendar")}
    specs = {t.calendar_id: _spec(t.calendar) for t in targets.values()}
    waiting = (
        Ticket.objects.filter(first_response_at__isnull=True, category__in=list(targets))
        .exclude(status__in=FINISHED)
        .exclude(first_response_clocks__isnull=False)
        .values_list("pk", "category", "created_at")
        .order_by("pk")
    )
    batch = []
    for pk, category, created in waiting.iterator(chunk_size=2000):
        target = targets[category]
        spec = specs[target.calendar_id]
        yellow_minutes = max(1, target.minutes * target.yellow_percent // 100)
        yellow_at = add_business_minutes(spec, created, yellow_minutes)
        due_at = add_business_minutes(spec, created, target.minutes)
        colour = "red" if due_at <= now else "yellow" if yellow_at <= now else "green"
        batch.append(
            Clock(
                ticket_id=pk,
                category=category,
                calendar_id=target.calendar_id,
                target_minutes=target.minutes,
                state="running",
                colour=colour,
                started_at=created,
                yellow_at=yellow_at,
                due_at=due_at,
                breached_at=due_at if colour == "red" else None,
                backfilled=True,
            )
        )
        if len(batch) >= 2000:
            Clock.objects.bulk_create(batch)
            batch = []
    Clock.objects.bulk_create(batch)


def remove(apps, schema_editor):
    apps.get_model("sla", "FirstResponseClock").objects.filter(backfilled=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0009_first_response_clock"),
        ("tickets", "0023_findings"),
    ]
    operations = [migrations.RunPython(backfill, remove)]
