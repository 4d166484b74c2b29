"""Two status posters at once, on PostgreSQL: the known issue's row lock lets one post win; the
other gets a conflict, and the public page has one first line, not two."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from helpdesk.core.errors import Conflict
from knownissues import status
from knownissues.models import KnownIssue, StatusUpdate
from tests.factories import LeadFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _threads(*targets):
    outcomes = [None] * len(targets)

    def run(index, target):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '5s'")
            outcomes[index] = target()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


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
    barrier = threading.Barrier(2)

    def poster(actor, text):
        def go():
            barrier.wait(timeout=10)
            return status.post(issue, actor=actor, summary=text)

        return go

    outcomes = _threads(poster(first, "From Lena."), poster(second, "From Leo."))

    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    posted = [o for o in outcomes if isinstance(o, StatusUpdate)]
    assert (len(posted), len(conflicts)) == (1, 1), outcomes
    assert "already on the status page" in conflicts[0].message
    assert list(StatusUpdate.objects.values_list("summary", flat=True)) == [posted[0].summary]
    [incident] = status.status_snapshot().incidents
    assert [line.summary for line in incident.updates] == [posted[0].summary]
