"""The rules of an SLA clock under its tier's policy: which colour it has after how many
business minutes, and how it stands now in words a lead reads. Pure: no query, no write."""

from dataclasses import dataclass
from datetime import datetime

from .business_time import business_minutes_between
from .models import SlaClock, SlaPolicy
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


def standing(clock: SlaClock, now: datetime) -> ClockStanding:
    policy, calendar = clock.policy, clock.policy.calendar
    elapsed = clock.elapsed_minutes
    if clock.state == ClockState.RUNNING and clock.running_since is not None:
        elapsed += max(0, business_minutes_between(calendar, clock.running_since, now))
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
