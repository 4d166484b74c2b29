"""Demo time: entries over the last four weeks, Acme's support pack at about 85% used, a
technical call booked for tomorrow and a follow-up due today. Idempotent: each part is added
only when it is missing. Everything goes through the services, so the data obeys the rules
(the 80% crossing queues the consultant's email like real time would)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from tickets.models import Organization, Ticket

from . import services
from .models import FollowUp, SupportPack, TechnicalCall, TimeEntry
from .states import Activity, CallStatus

PACK_REFERENCE = "ACME-PACK-20H"
# (days ago, agent, minutes, activity, billable) on Acme tickets: 1,020 billable minutes = 85%.
ACME_TIME = [
    (25, "t1", 90, Activity.RESEARCH, True),
    (24, "t1", 45, Activity.EMAIL, True),
    (20, "t2", 120, Activity.SAMPLE_CODE, True),
    (18, "t2", 60, Activity.CALL, True),
    (17, "t3", 30, Activity.MEETING, False),
    (13, "t3", 150, Activity.RESEARCH, True),
    (11, "t1", 75, Activity.EMAIL, True),
    (10, "t2", 105, Activity.SAMPLE_CODE, True),
    (6, "t3", 60, Activity.CALL, True),
    (5, "t3", 45, Activity.FOLLOW_UP, False),
    (4, "t1", 135, Activity.RESEARCH, True),
    (3, "t2", 90, Activity.SAMPLE_CODE, True),
    (1, "t3", 90, Activity.EMAIL, True),
]
OTHER_TIME = [
    (19, "t2", 60, Activity.SELF_LEARNING),
    (9, "t1", 40, Activity.RESEARCH),
    (2, "t3", 30, Activity.SELF_LEARNING),
]


def _users():
    User = get_user_model()
    return {
        user.username: user for user in User.objects.filter(username__in=["t1", "t2", "t3", "lead"])
    }


@transaction.atomic
def seed_demo() -> str:
    users = _users()
    acme = Organization.objects.filter(slug="acme").first()
    acme_tickets = list(Ticket.objects.filter(organization=acme).order_by("id")[:4])
    if acme is None or not acme_tickets or not {"t1", "t2", "t3"} <= set(users):
        return "Timesheets demo skipped: run the tickets demo first."
    today = timezone.localdate()
    pack = SupportPack.objects.filter(reference=PACK_REFERENCE).first()
    if pack is None:
        pack = services.save_pack(
            SupportPack(
                reference=PACK_REFERENCE,
                organization=acme,
                hours=Decimal("20"),
                valid_from=today - timedelta(days=60),
                valid_until=today + timedelta(days=305),
                consultant=users.get("lead"),
            )
        )
    entries = 0
    if not pack.time_entries.exists():
        for index, (days, name, minutes, activity, billable) in enumerate(ACME_TIME):
            services.log_time(
                actor=users[name],
                ticket=acme_tickets[index % len(acme_tickets)],
                date=today - timedelta(days=days),
                minutes=minutes,
                activity=activity,
                billable=billable,
                note="Demo time.",
            )
            entries += 1
        other = Ticket.objects.exclude(organization=acme).order_by("id").first()
        for days, name, minutes, activity in OTHER_TIME:
            if activity != Activity.SELF_LEARNING and other is None:
                continue
            services.log_time(
                actor=users[name],
                ticket=None if activity == Activity.SELF_LEARNING else other,
                date=today - timedelta(days=days),
                minutes=minutes,
                activity=activity,
                note="Demo time.",
            )
            entries += 1
    t3 = users["t3"]
    tomorrow = today + timedelta(days=1)
    calls = TechnicalCall.objects.filter(agent=t3, status=CallStatus.SCHEDULED)
    if (
        not calls.exists()
        and not TechnicalCall.objects.filter(agent=t3, scheduled_on=tomorrow).exists()
    ):
        services.schedule_call(
            actor=t3,
            ticket=acme_tickets[0],
            scheduled_at=timezone.make_aware(datetime.combine(tomorrow, time(10, 0))),
            meeting_url="https://meet.example.com/acme-staging",
            note="Walk through the Odoo.sh staging branch; the consultant sent the questions.",
        )
    if not FollowUp.objects.filter(agent=t3, done_at__isnull=True).exists():
        services.add_follow_up(
            actor=t3,
            ticket=acme_tickets[1 % len(acme_tickets)],
            due_on=today,
            note="Follow up on the email about the export: no answer for a week.",
        )
    used = sum(pack.time_entries.values_list("minutes", flat=True))
    return (
        f"Timesheets demo: {entries} entries added ({TimeEntry.objects.count()} in all); "
        f"pack {pack.reference} {used * 100 // int(pack.hours * 60)}% used; "
        + ngettext("%(n)d call booked for t3.", "%(n)d calls booked for t3.", calls.count())
        % {"n": calls.count()}
    )
