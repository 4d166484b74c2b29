"""The rules of an SLA clock under its tier's policy: which colour it has after how many
business minutes, and how it stands now in words a lead reads. Pure: no query, no write."""

from dataclasses import dataclass
from datetime import datetime

from .business_time import business_minutes_between
from .models import FirstResponseClock, SlaClock, SlaPolicy
from .states import ClockState, Colour


def colour_for(policy: SlaPolicy, elapsed_minutes: int) -> str:
    if elapsed_minutes >= policy.red_after_minutes:
        return Colour.RED
    if elapsed_minutes >= policy.yellow_after_minutes:
        return Colour.YELLOW
    return Colour.GREEN


@dataclass(frozen=True)
class ClockStanding:
    """How a clock stands now, in words a lead reads: "Red — 3h over"."""

    colour: str
    state: str
    minutes: int  # business minutes left to the next colour, or over Red
    over: bool

    @property
    def text(self) -> str:
        label = Colour(self.colour).label
        if self.state == ClockState.STOPPED:
            return f"{label} — stopped"
        paused = " (paused)" if self.state == ClockState.PAUSED else ""
        span = format_minutes(self.minutes)
        return f"{label} — {span} {'over' if self.over else 'left'}{paused}"


def elapsed_minutes(clock: SlaClock, now: datetime) -> int:
    """Business minutes the tier has held the ticket (pauses excluded), up to ``now``."""
    elapsed = clock.elapsed_minutes
    if clock.state == ClockState.RUNNING and clock.running_since is not None:
        elapsed += max(0, business_minutes_between(clock.policy.calendar, clock.running_since, now))
    return elapsed


def standing(clock: SlaClock, now: datetime) -> ClockStanding:
    policy = clock.policy
    elapsed = elapsed_minutes(clock, now)
    colour = colour_for(policy, elapsed)
    if colour == Colour.RED:
        return ClockStanding(colour, clock.state, elapsed - policy.red_after_minutes, True)
    limit = policy.yellow_after_minutes if colour == Colour.GREEN else policy.red_after_minutes
    return ClockStanding(colour, clock.state, limit - elapsed, False)


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(max(0, minutes), 60)
    if hours and rest:
        return f"{hours}h {rest}m"
    return f"{hours}h" if hours else f"{rest}m"


def business_span(minutes: int, day_minutes: int = 480) -> str:
    """A target in the words a support agent reads: "1 business hour", "90 business minutes",
    "2 business days" (whole days of the calendar's ``day_minutes``), "1.5 business hours"."""
    if day_minutes and minutes >= day_minutes and minutes % day_minutes == 0:
        days = minutes // day_minutes
        return f"{days} business day{'s' if days != 1 else ''}"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} business hour{'s' if hours != 1 else ''}"
    if minutes < 60 or minutes % 15:
        return f"{minutes} business minute{'s' if minutes != 1 else ''}"
    return f"{minutes / 60:g} business hours"


def first_response_colour(clock: FirstResponseClock, now: datetime) -> str:
    """The colour of a first-response clock at ``now``: stored once stopped, else from its
    instants (the sweep may not have run yet)."""
    if clock.state != ClockState.RUNNING:
        return clock.colour
    if now >= clock.due_at:
        return Colour.RED
    return Colour.YELLOW if now >= clock.yellow_at else Colour.GREEN


@dataclass(frozen=True)
class Deadline:
    """The next deadline of one clock, in words: "First response due in 45m",
    "T2: Yellow in 3h". ``at`` is the instant it falls due (None once overdue or not running),
    ``overdue``: a running clock already Red. The badge shows the nearest one (``nearest``)."""

    text: str
    colour: str
    at: datetime | None
    overdue: bool = False
    running: bool = True


def first_response_deadline(clock: FirstResponseClock, now: datetime) -> Deadline:
    colour = first_response_colour(clock, now)
    calendar = clock.calendar
    if clock.state == ClockState.RUNNING:
        if colour == Colour.RED:
            late = max(0, business_minutes_between(calendar, clock.due_at, now))
            return Deadline(f"First response overdue by {format_minutes(late)}", colour, None, True)
        left = max(0, business_minutes_between(calendar, now, clock.due_at))
        return Deadline(f"First response due in {format_minutes(left)}", colour, clock.due_at)
    if clock.responded_at is not None:
        took = format_minutes(clock.response_minutes or 0)
        suffix = " (late)" if clock.breached else ""
        return Deadline(f"First response in {took}{suffix}", colour, None, running=False)
    return Deadline("First response: stopped unanswered", colour, None, running=False)


def tier_deadline(clock: SlaClock, tier_name: str, now: datetime) -> Deadline:
    stand = standing(clock, now)
    span = format_minutes(stand.minutes)
    if clock.state != ClockState.RUNNING:
        label = Colour(stand.colour).label
        if clock.state == ClockState.STOPPED:
            return Deadline(f"{tier_name}: {label}, stopped", stand.colour, None, running=False)
        return Deadline(
            f"{tier_name}: {label}, paused ({span} left)", stand.colour, None, running=False
        )
    if stand.over:
        return Deadline(f"{tier_name}: Red, {span} over", stand.colour, None, True)
    nxt, instant = (
        ("Yellow", clock.yellow_at) if stand.colour == Colour.GREEN else ("Red", clock.red_at)
    )
    return Deadline(f"{tier_name}: {nxt} in {span}", stand.colour, instant)


def nearest(deadlines: list[Deadline]) -> Deadline | None:
    """The deadline a badge shows: an overdue clock first, then the soonest instant; when no
    clock runs, the first one given (the current tier's)."""
    running = [d for d in deadlines if d.running]
    if not running:
        return deadlines[0] if deadlines else None
    overdue = [d for d in running if d.overdue]
    if overdue:
        return overdue[0]
    return min(running, key=lambda d: d.at.timestamp() if d.at else float("inf"))


@dataclass(frozen=True)
class TimeBoxNudge:
    """Seed 003's time-boxes on the ticket page: "T1 time box: 10 min, 14 min spent —
    escalate?". Shown, never sent: no alert, no mail."""

    tier_code: str
    box_minutes: int
    spent_minutes: int

    @property
    def over(self) -> bool:
        return self.spent_minutes > self.box_minutes

    @property
    def text(self) -> str:
        return f"{self.tier_code} time box: {self.box_minutes} min, {self.spent_minutes} min spent"


def time_box_nudge(
    box_minutes: int, clock: SlaClock | None, tier_code: str, now: datetime
) -> TimeBoxNudge | None:
    """None when the tier has no time box or the ticket no clock in its current tier."""
    if not box_minutes or clock is None or clock.state == ClockState.STOPPED:
        return None
    return TimeBoxNudge(tier_code, box_minutes, elapsed_minutes(clock, now))
