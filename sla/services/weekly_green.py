"""Seed 003, On-Call: "If there are enough on call issues that T4 is not meeting SLA Green
requirements by COB Tuesday, T4 assignee to email CS and Engineering leadership to request an
additional engineer on T4 on Wed to clear the backlog."

``check_t4_green(now)`` is a state-based check, run often (every 15 minutes, beat): from the
close of business on Tuesday in T4's calendar until the same time on Wednesday, it compares the
share of T4's open clocks that are Green with ``SlaPolicy.green_target_percent`` and, below it,
queues one email per lead under a dedupe key naming the ISO week. Outside that window, or run a
second time, it writes nothing.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.urls import reverse

from escalation.selectors import leads
from helpdesk.notifications import services as outbox
from helpdesk.notifications.models import Notification
from tickets.models import Tier

from ..selectors.calendars import GreenShare, green_share, policy_of

T4_CODE = "T4"
TUESDAY = 1
KIND = "sla_t4_below_green"
TEMPLATE = "sla/emails/t4_below_green"


@dataclass(frozen=True)
class GreenCheck:
    """What one run saw: ``due`` (inside the window), the share, and how many emails it queued."""

    due: bool
    share: GreenShare | None = None
    queued: int = 0


def close_of_tuesday(policy, now: datetime) -> datetime:
    """The close of business on the Tuesday of ``now``'s week in the policy's calendar: the end
    of Tuesday's last working interval (midnight for a 24×7 calendar or a Tuesday without
    hours)."""
    calendar = policy.calendar
    local = now.astimezone(calendar.tz)
    tuesday = local.date() - timedelta(days=local.weekday() - TUESDAY)
    ends = [end for _, end in calendar.spec().weekly.get(TUESDAY, ())]
    minutes = max(ends) if ends and not calendar.always_open else 24 * 60
    midnight = datetime.combine(tuesday, time(0), tzinfo=calendar.tz)
    return midnight + timedelta(minutes=minutes)


def check_t4_green(now: datetime) -> GreenCheck:
    tier = Tier.objects.filter(code=T4_CODE).first()
    policy = policy_of(tier) if tier is not None else None
    if tier is None or policy is None:
        return GreenCheck(due=False)
    cob = close_of_tuesday(policy, now)
    if not cob <= now < cob + timedelta(days=1):
        return GreenCheck(due=False)
    share = green_share(tier)
    if not share.below_target:
        return GreenCheck(due=True, share=share)
    year, week, _ = cob.isocalendar()
    context = {
        "tier": tier,
        "share": share,
        "wednesday": (cob + timedelta(days=1)).date(),
        "dashboard_path": reverse("sla-dashboard"),
    }
    keys = {
        lead.email: f"t4-green:{year}-W{week:02d}:{lead.email.lower()}"
        for lead in leads()
        if lead.email
    }
    sent = set(
        Notification.objects.filter(dedupe_key__in=keys.values()).values_list(
            "dedupe_key", flat=True
        )
    )
    queued = sum(
        outbox.enqueue(
            kind=KIND,
            recipient=email,
            template=TEMPLATE,
            context=context,
            dedupe_key=key,
            at=now,
        )
        for email, key in keys.items()
        if key not in sent
    )
    return GreenCheck(due=True, share=share, queued=queued)
