"""Business calendars: when the SLA clock runs."""

from datetime import date
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .business_time import CalendarSpec, compiled, standard_day_minutes
from .states import ClockEventKind, ClockState, Colour


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

    # A ``helpdesk.core.calendar.WorkCalendar``: whole business days forward and backward.
    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_working_day(self, day: date) -> bool:
        return compiled(self).is_working_day(day)


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
                condition=models.Q(end__gt=models.F("start")),
                name="interval_ends_after_start",
                violation_error_message="A working interval must end after it starts.",
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


class SlaPolicy(models.Model):
    """Green / Yellow / Red thresholds of one tier, in business minutes of its calendar."""

    tier = models.OneToOneField("tickets.Tier", on_delete=models.CASCADE, related_name="sla_policy")
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="+")
    yellow_after_minutes = models.PositiveIntegerField(
        help_text="Business minutes in the tier's queue before the ticket turns Yellow."
    )
    red_after_minutes = models.PositiveIntegerField(
        help_text="Business minutes in the tier's queue before the ticket turns Red."
    )
    pause_on_pending = models.BooleanField(default=True)
    pause_on_waiting = models.BooleanField("pause on Waiting on Customer", default=True)
    pause_on_hold = models.BooleanField(default=True)
    green_target_percent = models.PositiveSmallIntegerField(
        default=80, help_text="The dashboard warns when fewer of the tier's tickets are Green."
    )

    class Meta:
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"
        ordering = ["tier__level"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(red_after_minutes__gt=models.F("yellow_after_minutes")),
                name="sla_red_after_yellow",
                violation_error_message="Red must come after Yellow: give Red more hours.",
            )
        ]

    def __str__(self) -> str:
        return f"SLA of {self.tier}"

    def pausing_statuses(self) -> frozenset[str]:
        pairs = [
            (self.pause_on_pending, "pending"),
            (self.pause_on_waiting, "waiting_on_customer"),
            (self.pause_on_hold, "on_hold"),
        ]
        return frozenset(status for enabled, status in pairs if enabled)


class FirstAssignmentTarget(models.Model):
    """How soon a new ticket of a portal category should be assigned (seed 001)."""

    category = models.CharField(max_length=32, unique=True)
    minutes = models.PositiveIntegerField(
        help_text="Business minutes until the first response is due (Red)."
    )
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="+")
    yellow_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text="The clock turns Yellow when this share of the target has passed.",
    )

    class Meta:
        ordering = ["minutes"]

    def __str__(self) -> str:
        return f"{self.category}: {self.minutes} business minutes"

    @property
    def yellow_minutes(self) -> int:
        return max(1, self.minutes * self.yellow_percent // 100)


class SlaClock(models.Model):
    """The SLA clock of one ticket in one tier.

    It starts when the ticket first appears in the tier's queue, pauses in the policy's pausing
    statuses, resumes on Open, and stops when the ticket is resolved or leaves the tier; coming
    back resumes it. While it runs, ``yellow_at`` and ``red_at`` hold the absolute instants at
    which it changes colour, so the sweep is a range query.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_clocks"
    )
    tier = models.ForeignKey("tickets.Tier", on_delete=models.PROTECT, related_name="+")
    policy = models.ForeignKey(SlaPolicy, on_delete=models.PROTECT, related_name="clocks")
    state = models.CharField(max_length=16, choices=ClockState.choices, default=ClockState.RUNNING)
    colour = models.CharField(max_length=16, choices=Colour.choices, default=Colour.GREEN)
    started_at = models.DateTimeField(help_text="When the ticket first appeared in the tier.")
    running_since = models.DateTimeField(null=True, blank=True)
    elapsed_minutes = models.PositiveIntegerField(
        default=0, help_text="Business minutes counted before running_since."
    )
    yellow_at = models.DateTimeField(null=True, blank=True)
    red_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "SLA clock"
        verbose_name_plural = "SLA clocks"
        constraints = [
            models.UniqueConstraint(fields=["ticket", "tier"], name="one_clock_per_ticket_tier")
        ]
        indexes = [
            models.Index(
                fields=["yellow_at"],
                name="slaclock_yellow_due",
                condition=models.Q(state="running", colour="green"),
            ),
            models.Index(
                fields=["red_at"],
                name="slaclock_red_due",
                condition=models.Q(state="running") & ~models.Q(colour="red"),
            ),
            models.Index(fields=["tier", "state", "colour"], name="slaclock_dashboard"),
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id} in {self.tier_id}: {self.colour}"


class FirstResponseClock(models.Model):
    """How soon staff first answer a ticket, by its category's ``FirstAssignmentTarget``.

    One per ticket, across tiers: it starts when the ticket is created and stops at the first
    public staff reply (or when the ticket is resolved or closed unanswered). It does not pause
    (decision 0027). ``yellow_at`` and ``due_at`` are the instants at which it turns Yellow and
    Red, so the colour sweep is a range query, as for ``SlaClock``.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="first_response_clocks"
    )
    category = models.CharField(max_length=32, help_text="The category whose target applies.")
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="+")
    target_minutes = models.PositiveIntegerField(help_text="Business minutes until due.")
    state = models.CharField(max_length=16, choices=ClockState.choices, default=ClockState.RUNNING)
    colour = models.CharField(max_length=16, choices=Colour.choices, default=Colour.GREEN)
    started_at = models.DateTimeField()
    yellow_at = models.DateTimeField()
    due_at = models.DateTimeField(help_text="When it turns Red: the first response is late.")
    stopped_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    response_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Business minutes from creation to the first response."
    )
    breached_at = models.DateTimeField(
        null=True, blank=True, help_text="When it turned Red before any response."
    )
    backfilled = models.BooleanField(
        default=False, help_text="Given to an open ticket by the upgrade (migration 0010)."
    )

    class Meta:
        verbose_name = "first-response clock"
        constraints = [
            models.UniqueConstraint(fields=["ticket"], name="one_first_response_clock_per_ticket")
        ]
        indexes = [
            models.Index(
                fields=["yellow_at"],
                name="frclock_yellow_due",
                condition=models.Q(state="running", colour="green"),
            ),
            models.Index(
                fields=["due_at"],
                name="frclock_red_due",
                condition=models.Q(state="running") & ~models.Q(colour="red"),
            ),
            models.Index(fields=["category", "state", "colour"], name="frclock_dashboard"),
            models.Index(fields=["breached_at"], name="frclock_breached"),
            models.Index(fields=["responded_at"], name="frclock_responded"),
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id} first response: {self.colour}"

    @property
    def breached(self) -> bool:
        return self.breached_at is not None


class ClockEvent(models.Model):
    """What happened to a clock, so a lead can see why a ticket is Red."""

    clock = models.ForeignKey(SlaClock, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=ClockEventKind.choices)
    at = models.DateTimeField()
    elapsed_minutes = models.PositiveIntegerField(help_text="Business minutes counted so far.")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class DashboardSnapshot(models.Model):
    """The leads' dashboard figures, computed by the colour sweep every minute.

    Counting a million tickets takes longer than a page may; the colours only change when the
    sweep runs, so the dashboard reads the figures the last sweep computed (and computes them
    itself when the snapshot is missing or stale).
    """

    computed_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"SLA figures of {self.computed_at:%Y-%m-%d %H:%M}"
