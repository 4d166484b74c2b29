"""The calendar file (``.ics``) sent with a technical call's invitation: one event per offered
time, in UTC, carrying the meeting link, the organiser and the ticket. Pure: no query, no I/O."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Helpdesk//Technical calls//EN"
CALL_LENGTH = timedelta(hours=1)


def call_uid(call_id: int, index: int, domain: str) -> str:
    return f"call-{call_id}-{index}@{domain}"


def build_ics(
    *,
    call_id: int,
    slots: Sequence[datetime],
    meeting_url: str,
    organiser_name: str,
    organiser_email: str,
    summary: str,
    description: str,
    domain: str,
    stamp: datetime,
) -> str:
    """A calendar with one event per slot. One slot: a confirmed booking (``METHOD:REQUEST``);
    several: tentative offers (``METHOD:PUBLISH``) the customer chooses from by replying."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST" if len(slots) == 1 else "PUBLISH")
    for index, start in enumerate(slots):
        event = Event()
        event.add("uid", call_uid(call_id, index, domain))
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", start.astimezone(UTC))
        event.add("dtend", (start + CALL_LENGTH).astimezone(UTC))
        event.add("summary", summary)
        event.add("description", f"{description}\n\nJoin: {meeting_url}")
        event.add("location", meeting_url)
        event.add("url", meeting_url)
        event.add("status", "CONFIRMED" if len(slots) == 1 else "TENTATIVE")
        organiser = vCalAddress(f"mailto:{organiser_email}" if organiser_email else "")
        organiser.params["cn"] = vText(organiser_name)
        event["organizer"] = organiser
        calendar.add_component(event)
    return calendar.to_ical().decode()
