"""Posting on the public status page: who may, what is stored, and the public read model."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from knownissues import policies, selectors, services
from knownissues.models import KnownIssue, KnownIssueLink, OnCallLogEntry, StatusUpdate
from knownissues.states import IssueStatus, LogKind
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    LeadFactory,
    OrganizationFactory,
    TicketFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)


def make_issue(author, **fields) -> KnownIssue:
    fields.setdefault("title", "Calendar sync stalls")
    fields.setdefault("slug", "calendar-sync")
    fields.setdefault("created_at", NOW - timedelta(days=1))
    fields.setdefault("updated_at", fields["created_at"])
    return KnownIssue.objects.create(created_by=author, **fields)


# --- who may post ------------------------------------------------------------------------------


def test_leads_superusers_and_permission_holders_are_posters_and_agents_are_not(settings):
    settings.STATUS_POSTER_GROUPS = ["Leads"]
    agent = AgentFactory()
    granted = AgentFactory()
    granted.user_permissions.add(Permission.objects.get(codename="post_status"))
    sysops = AgentFactory()
    group = Group.objects.create(name="Sysops")
    group.permissions.add(Permission.objects.get(codename="post_status"))
    sysops.groups.add(group)
    admin = UserFactory(is_superuser=True)

    assert policies.may_post_status(LeadFactory()) is True
    assert policies.may_post_status(admin) is True
    assert policies.may_post_status(granted) is True
    assert policies.may_post_status(sysops) is True
    assert policies.may_post_status(agent) is False
    assert "Only status posters" in policies.poster_refusal(agent)
    assert policies.may_post_status(CustomerFactory()) is False


def test_the_poster_groups_come_from_settings(settings):
    settings.STATUS_POSTER_GROUPS = ["Agents"]
    lead = LeadFactory()

    assert policies.may_post_status(AgentFactory()) is True
    assert policies.may_post_status(lead) is False


def test_an_inactive_lead_may_not_post():
    lead = LeadFactory(is_active=False)

    assert policies.may_post_status(lead) is False


# --- post --------------------------------------------------------------------------------------


def test_a_lead_posts_a_known_issue_with_its_first_public_line(lead):
    issue = make_issue(lead, public_summary="draft")

    update = services.post_incident(
        issue, actor=lead, summary="  Calendar sync is delayed.  ", at=NOW
    )

    issue.refresh_from_db()
    assert (issue.is_public, issue.posted_at, issue.posted_by) == (True, NOW, lead)
    assert issue.public_summary == "Calendar sync is delayed."
    assert issue.updated_at == NOW
    assert (update.known_issue, update.status, update.summary, update.posted_by) == (
        issue,
        IssueStatus.INVESTIGATING,
        "Calendar sync is delayed.",
        lead,
    )
    assert update.created_at == NOW


def test_an_agent_who_is_not_a_poster_is_refused_and_nothing_changes(agent, lead):
    issue = make_issue(lead)

    with pytest.raises(PermissionDenied, match="Only status posters"):
        services.post_incident(issue, actor=agent, summary="Calendar sync is delayed.", at=NOW)

    issue.refresh_from_db()
    assert issue.is_public is False
    assert issue.posted_at is None
    assert StatusUpdate.objects.count() == 0


def test_an_empty_summary_is_refused(lead):
    issue = make_issue(lead)

    with pytest.raises(ValidationFailed) as error:
        services.post_incident(issue, actor=lead, summary="   ", at=NOW)

    assert error.value.details == {"fields": {"summary": ["Write what the public should read."]}}
    issue.refresh_from_db()
    assert issue.is_public is False
    assert StatusUpdate.objects.count() == 0


def test_posting_twice_is_a_conflict(lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Delayed.", at=NOW)

    with pytest.raises(Conflict, match="already on the status page"):
        services.post_incident(issue, actor=lead, summary="Again.", at=NOW + timedelta(minutes=1))

    assert list(StatusUpdate.objects.values_list("summary", flat=True)) == ["Delayed."]


def test_a_resolved_issue_cannot_be_posted(lead):
    issue = make_issue(lead, status=IssueStatus.RESOLVED, resolved_at=NOW)

    with pytest.raises(Conflict, match="is resolved"):
        services.post_incident(issue, actor=lead, summary="Delayed.", at=NOW)

    assert StatusUpdate.objects.count() == 0


def test_a_summary_naming_a_linked_customer_or_ticket_is_refused(lead):
    org = OrganizationFactory(name="Sunny Cabins")
    customer = CustomerFactory(
        first_name="Maria",
        last_name="Lopez",
        email="maria@sunny.example",
        customer_profile__organization=org,
    )
    ticket = TicketFactory(requester=customer)
    issue = make_issue(lead)
    KnownIssueLink.objects.create(known_issue=issue, ticket=ticket, linked_by=lead, linked_at=NOW)

    for text, named in [
        ("Sunny cabins cannot sync.", "Sunny Cabins"),
        ("Reported by maria lopez.", "Maria Lopez"),
        ("Contact maria@sunny.example", "maria@sunny.example"),
        (f"See #{ticket.pk}.", f"#{ticket.pk}"),
        (f"As in ticket {ticket.pk}.", f"#{ticket.pk}"),
    ]:
        with pytest.raises(ValidationFailed, match="names customers or tickets") as error:
            services.post_incident(issue, actor=lead, summary=text, at=NOW)
        assert named in error.value.message

    issue.refresh_from_db()
    assert issue.is_public is False
    assert StatusUpdate.objects.count() == 0
    # Words that merely contain a name are fine.
    services.post_incident(
        issue, actor=lead, summary="Sync for 1000 sunny-day bookings is slow.", at=NOW
    )


# --- updates and take-down ---------------------------------------------------------------------


def test_an_update_adds_a_line_with_the_current_status(lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Looking into it.", at=NOW)
    KnownIssue.objects.filter(pk=issue.pk).update(status=IssueStatus.KNOWN_ISSUE)

    update = services.add_incident_update(
        issue, actor=lead, summary="Cause found.", at=NOW + timedelta(hours=1)
    )

    issue.refresh_from_db()
    assert (update.status, update.summary) == (IssueStatus.KNOWN_ISSUE, "Cause found.")
    assert issue.public_summary == "Cause found."
    assert issue.updated_at == NOW + timedelta(hours=1)
    assert issue.posted_at == NOW


def test_an_update_on_an_issue_that_is_not_posted_is_a_conflict(lead):
    issue = make_issue(lead)

    with pytest.raises(Conflict, match="post it first"):
        services.add_incident_update(issue, actor=lead, summary="Cause found.", at=NOW)

    assert StatusUpdate.objects.count() == 0


def test_an_agent_may_not_post_an_update(agent, lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Looking into it.", at=NOW)

    with pytest.raises(PermissionDenied):
        services.add_incident_update(issue, actor=agent, summary="Cause found.", at=NOW)

    assert StatusUpdate.objects.count() == 1


def test_taking_down_hides_the_incident_and_logs_the_reason(lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Looking into it.", at=NOW)

    services.take_down_incident(issue, actor=lead, reason="Only one customer affected.", at=NOW)

    issue.refresh_from_db()
    assert issue.is_public is False
    entry = OnCallLogEntry.objects.get()
    assert (entry.kind, entry.author, entry.done_by, entry.done_at) == (
        LogKind.NOTE,
        lead,
        lead,
        NOW,
    )
    assert entry.text == (
        f"Took known issue {issue.pk} off the status page: Only one customer affected."
    )
    snapshot = selectors.status_snapshot(NOW + timedelta(minutes=1))
    assert (snapshot.incidents, snapshot.history) == ([], [])


def test_taking_down_needs_a_reason_and_a_posted_issue(lead):
    issue = make_issue(lead)
    with pytest.raises(Conflict, match="not on the status page"):
        services.take_down_incident(issue, actor=lead, reason="Mistake.", at=NOW)
    services.post_incident(issue, actor=lead, summary="Looking into it.", at=NOW)

    with pytest.raises(ValidationFailed, match="Say why"):
        services.take_down_incident(issue, actor=lead, reason=" ", at=NOW)

    issue.refresh_from_db()
    assert issue.is_public is True
    assert OnCallLogEntry.objects.count() == 0


def test_posting_again_after_a_take_down_does_not_bring_back_the_old_lines(lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Wrong text.", at=NOW)
    services.take_down_incident(
        issue, actor=lead, reason="Wrong text.", at=NOW + timedelta(minutes=5)
    )

    services.post_incident(issue, actor=lead, summary="Right text.", at=NOW + timedelta(minutes=10))

    snapshot = selectors.status_snapshot(NOW + timedelta(minutes=11))
    assert [line.summary for line in snapshot.history] == ["Right text."]
    assert [line.summary for line in snapshot.incidents[0].updates] == ["Right text."]


# --- the public read model ---------------------------------------------------------------------


def test_no_posted_incident_means_operational(lead):
    make_issue(lead)  # not posted

    snapshot = selectors.status_snapshot(NOW)

    assert snapshot.status == "operational"
    assert snapshot.incidents == []
    assert snapshot.as_json() == {
        "status": "operational",
        "incidents": [],
        "history": [],
        "history_days": 30,
        "generated_at": NOW.isoformat(),
    }


def test_current_incidents_are_posted_and_unresolved_with_their_latest_line(lead):
    first = make_issue(lead, slug="first")
    second = make_issue(lead, slug="second")
    services.post_incident(first, actor=lead, summary="First is slow.", at=NOW - timedelta(hours=3))
    services.add_incident_update(
        first, actor=lead, summary="First: fix deploying.", at=NOW - timedelta(hours=1)
    )
    services.post_incident(
        second, actor=lead, summary="Second is down.", at=NOW - timedelta(hours=2)
    )
    StatusUpdate.objects.create(
        known_issue=second,
        status=IssueStatus.RESOLVED,
        summary="Second is fixed.",
        posted_by=lead,
        created_at=NOW - timedelta(minutes=30),
    )
    KnownIssue.objects.filter(pk=second.pk).update(status=IssueStatus.RESOLVED)

    snapshot = selectors.status_snapshot(NOW)

    assert snapshot.status == "degraded"
    [incident] = snapshot.incidents
    assert (incident.number, incident.status, incident.latest_summary, incident.updated_at) == (
        first.pk,
        IssueStatus.INVESTIGATING,
        "First: fix deploying.",
        NOW - timedelta(hours=1),
    )
    assert [(line.number, line.status, line.summary) for line in snapshot.history] == [
        (second.pk, IssueStatus.RESOLVED, "Second is fixed."),
        (first.pk, IssueStatus.INVESTIGATING, "First: fix deploying."),
        (second.pk, IssueStatus.INVESTIGATING, "Second is down."),
        (first.pk, IssueStatus.INVESTIGATING, "First is slow."),
    ]


def test_history_keeps_the_last_30_days(lead, settings):
    settings.STATUS_HISTORY_DAYS = 30
    issue = make_issue(lead, created_at=NOW - timedelta(days=40))
    services.post_incident(issue, actor=lead, summary="Old news.", at=NOW - timedelta(days=31))
    services.add_incident_update(issue, actor=lead, summary="Recent.", at=NOW - timedelta(days=29))

    assert [line.summary for line in selectors.status_history(now=NOW)] == ["Recent."]
    assert [line.summary for line in selectors.status_history(7, now=NOW)] == []
    # The incident is still current: all of its lines are shown with it.
    [incident] = selectors.status_snapshot(NOW).incidents
    assert [line.summary for line in incident.updates] == ["Recent.", "Old news."]


def test_the_snapshot_takes_three_queries_whatever_the_number_of_incidents(
    lead, django_assert_num_queries
):
    posted = {}
    for n in range(5):
        issue = make_issue(lead, slug=f"issue-{n}")
        services.post_incident(
            issue, actor=lead, summary=f"Issue {n}.", at=NOW - timedelta(hours=n)
        )
        posted[issue.pk] = [f"Issue {n}."]

    with django_assert_num_queries(3):
        snapshot = selectors.status_snapshot(NOW)

    shown = {i.number: [line.summary for line in i.updates] for i in snapshot.incidents}
    assert shown == posted
    assert len(snapshot.incidents) == 5


def test_the_preview_shows_the_new_line_above_the_public_ones(lead):
    issue = make_issue(lead)
    services.post_incident(
        issue, actor=lead, summary="Looking into it.", at=NOW - timedelta(hours=1)
    )
    issue.refresh_from_db()

    incident = selectors.incident_preview(issue, "Cause found.", now=NOW)

    assert [line.summary for line in incident.updates] == ["Cause found.", "Looking into it."]
    assert incident.posted_at == NOW - timedelta(hours=1)


def test_timezone_aware_times_in_json(lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Looking into it.", at=NOW)

    data = selectors.status_snapshot(NOW + timedelta(minutes=1)).as_json()

    assert data["incidents"] == [
        {
            "number": issue.pk,
            "title": "Calendar sync stalls",
            "status": "investigating",
            "status_label": "Investigating",
            "summary": "Looking into it.",
            "posted_at": "2026-03-25T12:00:00+00:00",
            "updated_at": "2026-03-25T12:00:00+00:00",
            "updates": [
                {
                    "incident": issue.pk,
                    "title": "Calendar sync stalls",
                    "status": "investigating",
                    "status_label": "Investigating",
                    "summary": "Looking into it.",
                    "at": "2026-03-25T12:00:00+00:00",
                }
            ],
        }
    ]
    assert timezone.is_aware(NOW)


def test_resolving_a_posted_issue_moves_it_from_current_to_history(lead):
    """The contract with the tracker's services: they write the Resolved line themselves."""
    from knownissues import services as tracker

    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Calendar sync is delayed.")

    tracker.change_status(issue, actor=lead, status=IssueStatus.RESOLVED)

    snapshot = selectors.status_snapshot()
    assert snapshot.status == "operational"
    assert [(line.status, line.summary) for line in snapshot.history] == [
        (IssueStatus.RESOLVED, "Resolved. Thank you for your patience."),
        (IssueStatus.INVESTIGATING, "Calendar sync is delayed."),
    ]
