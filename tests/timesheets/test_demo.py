"""The demo data: a pack at about 85%, a booked call, a follow-up; running it twice adds nothing."""

import pytest

from helpdesk.notifications.models import Notification
from tickets.demo import seed_demo as seed_tickets
from timesheets import demo, selectors
from timesheets.models import FollowUp, SupportPack, TechnicalCall, TimeEntry

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_shows_a_pack_at_85_percent():
    seed_tickets()

    first = demo.seed_demo()
    counts = (TimeEntry.objects.count(), TechnicalCall.objects.count(), FollowUp.objects.count())
    second = demo.seed_demo()

    pack = SupportPack.objects.get(reference=demo.PACK_REFERENCE)
    (usage,) = selectors.pack_usages(SupportPack.objects.filter(pk=pack.pk))
    assert usage.percent == 85
    assert counts == (16, 1, 1)
    assert (
        TimeEntry.objects.count(),
        TechnicalCall.objects.count(),
        FollowUp.objects.count(),
    ) == counts
    assert first.startswith("Timesheets demo: 16 entries added")
    assert second.startswith("Timesheets demo: 0 entries added (16 in all); pack ACME-PACK-20H 85%")
    assert Notification.objects.filter(dedupe_key=f"pack-80:{pack.pk}").count() == 1


def test_without_the_tickets_demo_it_says_so():
    assert demo.seed_demo() == "Timesheets demo skipped: run the tickets demo first."
