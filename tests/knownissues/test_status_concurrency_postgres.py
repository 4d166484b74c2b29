"""Two status posters at once, on PostgreSQL: the known issue's row lock lets one post win; the
other gets a conflict, and the public page has one first line, not two."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.core.errors import Conflict
from knownissues import selectors, services
from knownissues.models import KnownIssue, StatusUpdate
from tests.factories import LeadFactory
from tests.support.race import at_once, raised, returned

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_posts_at_once_one_wins_the_other_is_a_conflict():
    first, second = LeadFactory(username="lena"), LeadFactory(username="leo")
    now = timezone.now()
    issue = KnownIssue.objects.create(
        title="Calendar sync stalls",
        slug="calendar-sync",
        created_by=first,
        created_at=now - timedelta(hours=1),
        updated_at=now - timedelta(hours=1),
    )

    outcomes = at_once(
        lambda: services.post_incident(issue, actor=first, summary="From Lena."),
        lambda: services.post_incident(issue, actor=second, summary="From Leo."),
    )

    conflicts = raised(outcomes, Conflict)
    posted = [o for o in returned(outcomes) if isinstance(o, StatusUpdate)]
    assert (len(posted), len(conflicts)) == (1, 1), outcomes
    assert "already on the status page" in conflicts[0].message
    assert list(StatusUpdate.objects.values_list("summary", flat=True)) == [posted[0].summary]
    [incident] = selectors.status_snapshot().incidents
    assert [line.summary for line in incident.updates] == [posted[0].summary]
