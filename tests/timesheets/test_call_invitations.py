"""Technical calls reach the customer (seed 000): booking emails an invitation with the meeting
link and an .ics (organiser, time in UTC), delivered through a real SMTP server and parsed back
with icalendar; the portal shows the call; "call held" asks for a summary the customer receives.
"""

import asyncio
import email
import socket
from datetime import UTC, datetime, timedelta
from email import policy

import pytest
import time_machine
from aiosmtpd.controller import Controller
from icalendar import Calendar

from helpdesk.core.errors import ValidationFailed
from helpdesk.notifications import sender
from helpdesk.notifications.models import Notification
from tests.factories import CustomerFactory, TicketFactory
from tickets.models import Message
from timesheets import services
from timesheets.models import TechnicalCall, TimeEntry

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC (the desk's timezone)
LINK = "https://meet.example.com/abc-defg-hij"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; Django's SMTP backend talks to it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()
        asyncio.set_event_loop(None)


def _ticket():
    customer = CustomerFactory(username="carla", email="carla@acme.example")
    return TicketFactory(requester=customer, subject="Cron stuck")


def _calendar_of(message) -> Calendar:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_filename().endswith(".ics")
    return Calendar.from_ical(part.get_content())


def test_booking_emails_an_invitation_whose_ics_carries_link_organiser_and_utc_time(
    agent, smtp, settings
):
    settings.DEFAULT_FROM_EMAIL = "Support <support@help.example.com>"
    agent.first_name, agent.last_name = "Tina", "Tech"
    agent.save()
    ticket = _ticket()
    start = NOW + timedelta(days=1, hours=1)

    call = services.schedule_call(actor=agent, ticket=ticket, scheduled_at=start, meeting_url=LINK)
    result = sender.send_pending()

    assert result.sent == 1
    (message,) = smtp.messages
    assert message["To"] == "carla@acme.example"
    assert message["Subject"] == f"[#{ticket.pk}] Cron stuck"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Tuesday 3 March 2026, 10:00 UTC" in text
    assert f"Join the call: {LINK}" in text
    (event,) = _calendar_of(message).walk("VEVENT")
    assert event.decoded("dtstart") == start
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == start + timedelta(hours=1)
    assert str(event["url"]) == LINK
    assert LINK in str(event["description"])
    assert str(event["organizer"]) == "mailto:support@help.example.com"
    assert event["organizer"].params["cn"] == "Tina Tech"
    assert str(event["status"]) == "CONFIRMED"
    row = Notification.objects.get()
    assert (row.kind, row.dedupe_key) == ("call_invitation", f"call-invitation:{call.pk}")


def test_offered_times_are_listed_and_the_call_holds_the_earliest(agent, smtp):
    ticket = _ticket()
    later, earliest, middle = (NOW + timedelta(days=d, hours=2) for d in (4, 1, 2))

    call = services.schedule_call(
        actor=agent, ticket=ticket, scheduled_at=later, slots=[earliest, middle], meeting_url=LINK
    )
    sender.send_pending()

    assert call.scheduled_at == earliest
    assert call.offered_slots == [t.isoformat() for t in (earliest, middle, later)]
    (message,) = smtp.messages
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Reply to this email with the time that suits you." in text
    calendar = _calendar_of(message)
    assert str(calendar["method"]) == "PUBLISH"
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [earliest, middle, later]
    assert {str(e["status"]) for e in events} == {"TENTATIVE"}


@pytest.mark.parametrize(
    "link",
    ["", "javascript:alert(1)", "ftp://files.example.com/x", "mailto:a@b.c", "meet.example.com"],
)
def test_a_link_that_is_not_http_or_https_is_refused_and_nothing_is_written(agent, link):
    ticket = _ticket()

    with pytest.raises(ValidationFailed) as refused:
        services.schedule_call(
            actor=agent, ticket=ticket, scheduled_at=NOW + timedelta(days=1), meeting_url=link
        )

    assert refused.value.details["fields"] == {"meeting_url": ["An http:// or https:// link."]}
    assert TechnicalCall.objects.count() == 0
    assert Notification.objects.count() == 0
    assert Message.objects.filter(ticket=ticket).count() == 0


def test_more_than_five_offered_times_are_refused(agent):
    slots = [NOW + timedelta(days=d) for d in range(1, 7)]

    with pytest.raises(ValidationFailed) as refused:
        services.schedule_call(actor=agent, ticket=_ticket(), slots=slots, meeting_url=LINK)

    assert "at most 5" in refused.value.message.lower()
    assert TechnicalCall.objects.count() == 0


def test_a_held_call_needs_a_summary_and_nothing_changes_without_one(agent):
    call = services.schedule_call(
        actor=agent, ticket=_ticket(), scheduled_at=NOW + timedelta(hours=1), meeting_url=LINK
    )
    Notification.objects.all().delete()

    with (
        time_machine.travel(NOW + timedelta(hours=2), tick=False),
        pytest.raises(ValidationFailed) as refused,
    ):
        services.call_held(call, actor=agent, minutes=40, summary="   ")

    assert refused.value.details["fields"] == {
        "summary": ["What was discussed and agreed (the customer reads it)."]
    }
    call.refresh_from_db()
    assert (call.status, call.summary) == ("scheduled", "")
    assert TimeEntry.objects.count() == 0
    assert Notification.objects.count() == 0


def test_the_summary_is_emailed_and_the_minutes_and_internal_note_go_to_the_time_entry(agent, smtp):
    call = services.schedule_call(
        actor=agent, ticket=_ticket(), scheduled_at=NOW + timedelta(hours=1), meeting_url=LINK
    )
    sender.send_pending()

    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        entry = services.call_held(
            call,
            actor=agent,
            minutes=40,
            summary="We restarted the cron worker; you will test the export tomorrow.",
            note="Customer's admin was unsure about workers; internal only.",
        )
        sender.send_pending()

    assert (entry.minutes, entry.activity) == (40, "call")
    assert entry.note == "Customer's admin was unsure about workers; internal only."
    summary_mail = smtp.messages[-1]
    text = summary_mail.get_body(preferencelist=("plain",)).get_content()
    assert "We restarted the cron worker; you will test the export tomorrow." in text
    assert "internal only" not in text
    assert summary_mail["In-Reply-To"]  # on the ticket's thread
    assert Notification.objects.filter(kind="call_summary").count() == 1


def test_the_portal_shows_the_call_and_its_link_but_not_the_agent_s_notes(agent, client):
    ticket = _ticket()
    services.schedule_call(
        actor=agent,
        ticket=ticket,
        scheduled_at=NOW + timedelta(days=1),
        meeting_url=LINK,
        note="Customer is grumpy; keep it short.",
    )
    client.force_login(ticket.requester)

    page = client.get(f"/portal/tickets/{ticket.pk}/").content.decode()

    assert "Technical calls" in page
    assert "Tuesday 3 March 2026, 09:00 UTC" in page
    assert f'href="{LINK}"' in page
    assert "Join the call" in page
    assert "grumpy" not in page
    assert "Meeting link:" not in page  # the internal booking note stays internal
