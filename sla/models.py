"""Business calendars: when the SLA clock runs."""

from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.db import models

from .business_time import CalendarSpec, standard_day_minutes


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not an IANA timezone (e.g. Europe/Madrid).")


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class BusinessCalendar(models.Model):
    name = models.CharField(max_length=100, unique=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    always_open = models.BooleanField(
        "24×7", default=False, help_text="Every minute counts; working intervals are ignored."
    )
    holiday_country = models.CharField(
        max_length=3, blank=True, help_text="ISO code for public holidays, e.g. US, ES, GB."
    )
    holiday_subdivision = models.CharField(
        max_length=10, blank=True, help_text="State or region code, e.g. CA for California."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def spec(self) -> CalendarSpec:
        weekly: dict[int, list[tuple[int, int]]] = {}
        for interval in self.intervals.all():
            weekly.setdefault(interval.weekday, []).append(
                (_minutes(interval.start), _minutes(interval.end))
            )
        if self.always_open:
            weekly = {day: [(0, 24 * 60)] for day in range(7)}
        return CalendarSpec(
            timezone=self.timezone,
            weekly={day: tuple(sorted(pairs)) for day, pairs in weekly.items()},
            holidays=frozenset(self.custom_holidays.values_list("date", flat=True)),
            holiday_country=self.holiday_country,
            holiday_subdivision=self.holiday_subdivision,
            always_open=self.always_open,
        )

    @property
    def business_day_minutes(self) -> int:
        return standard_day_minutes(self.spec())


def _minutes(moment) -> int:
    return moment.hour * 60 + moment.minute


class WorkingInterval(models.Model):
    """One stretch of working time on a weekday; a day may have several (09–12, 13–17)."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="intervals"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField(help_text="Exclusive. Use 23:59 for 'until midnight'.")

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="interval_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        overlapping = WorkingInterval.objects.filter(
            calendar_id=self.calendar_id,
            weekday=self.weekday,
            start__lt=self.end,
            end__gt=self.start,
        ).exclude(pk=self.pk)
        if self.calendar_id and overlapping.exists():
            raise ValidationError("This interval overlaps another one on the same day.")


class Holiday(models.Model):
    """A custom day off, on top of the country's public holidays."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="custom_holidays"
    )
    date = models.DateField()
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="holiday_once_per_calendar")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}".strip()
