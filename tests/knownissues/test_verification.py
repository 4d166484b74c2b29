"""T4 verifies a bug and decides hotfix or bug flow (seed 003-23/28), the fix's release day
(003-65), the changelog style of titles (003-59), and assigning an on-call log item (003-66)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from helpdesk.notifications.models import InAppNotification, StaffEvent
from knownissues import services
from knownissues.models import KnownIssue, OnCallLogEntry
from knownissues.services import changelog
from knownissues.states import FixPath, LogKind
from tests.factories import AgentFactory, CustomerFactory
from tests.knownissues.factories import KnownIssueFactory
from tickets.models import Tier

pytestmark = pytest.mark.django_db


def member(code: str, username: str):
    user = AgentFactory(username=username)
    Tier.objects.get(code=code).members.add(user)
    return user


def unchanged(issue: KnownIssue) -> tuple:
    issue.refresh_from_db()
    return (issue.verified_by_id, issue.verified_at, issue.fix_path, issue.fix_release_date)


# --- verification -------------------------------------------------------------------------------


def test_a_t4_agent_verifies_and_decides_an_on_call_hotfix():
    t4 = member("T4", "victor")
    issue = KnownIssueFactory(known=True)
    services.verify_issue(issue, actor=t4, fix_path=FixPath.ON_CALL_HOTFIX)
    issue.refresh_from_db()
    assert (issue.verified_by, issue.fix_path) == (t4, "on_call_hotfix")
    assert issue.verified_at is not None


@pytest.mark.parametrize("code", ["T5", "ONCALL"])
def test_tiers_above_t4_verify_too(code):
    issue = KnownIssueFactory()
    services.verify_issue(issue, actor=member(code, "uma"), fix_path=FixPath.NORMAL_BUG_FLOW)
    issue.refresh_from_db()
    assert issue.fix_path == "normal_bug_flow"


def test_a_lead_verifies(lead):
    issue = KnownIssueFactory()
    services.verify_issue(issue, actor=lead, fix_path=FixPath.NORMAL_BUG_FLOW)
    issue.refresh_from_db()
    assert issue.verified_by == lead


def test_t3_and_agents_in_no_tier_and_customers_may_not_verify(agent):
    issue = KnownIssueFactory()
    before = unchanged(issue)
    for actor in (member("T3", "theo"), agent):
        with pytest.raises(PermissionDenied, match=r"Only T4 .* and leads verify bugs"):
            services.verify_issue(issue, actor=actor, fix_path=FixPath.ON_CALL_HOTFIX)
    with pytest.raises(PermissionDenied, match=r"Only T4 agents and leads verify bugs\."):
        services.verify_issue(issue, actor=CustomerFactory(), fix_path=FixPath.ON_CALL_HOTFIX)
    assert unchanged(issue) == before == (None, None, "", None)


def test_verifying_needs_a_decision_and_an_open_issue(lead):
    issue = KnownIssueFactory()
    with pytest.raises(ValidationFailed) as refused:
        services.verify_issue(issue, actor=lead, fix_path="later")
    assert refused.value.details["fields"] == {
        "fix_path": ["Choose On-call hotfix or Normal bug flow."]
    }
    resolved = KnownIssueFactory(resolved=True)
    with pytest.raises(ValidationFailed, match="is Resolved"):
        services.verify_issue(resolved, actor=lead, fix_path=FixPath.ON_CALL_HOTFIX)
    assert unchanged(issue) == unchanged(resolved) == (None, None, "", None)


def test_a_release_day_is_set_for_a_verified_bug_only(lead, agent):
    issue = KnownIssueFactory()
    with pytest.raises(ValidationFailed, match="not verified yet"):
        services.schedule_fix(issue, actor=agent, release_date=date(2026, 12, 10))
    assert unchanged(issue)[3] is None
    services.verify_issue(issue, actor=lead, fix_path=FixPath.ON_CALL_HOTFIX)
    services.schedule_fix(issue, actor=agent, release_date=date(2026, 12, 10))
    assert unchanged(issue)[3] == date(2026, 12, 10)
    services.schedule_fix(issue, actor=agent, release_date=None)
    assert unchanged(issue)[3] is None
    with pytest.raises(PermissionDenied):
        services.schedule_fix(issue, actor=CustomerFactory(), release_date=date(2026, 12, 10))


def test_the_issue_page_shows_the_verification_and_verifies(lead):
    issue = KnownIssueFactory()
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("knownissues-detail", args=[issue.pk])).content.decode()
    assert "Not verified" in page
    response = client.post(
        reverse("knownissues-verify", args=[issue.pk]), {"fix_path": "on_call_hotfix"}
    )
    assert response.status_code == 302
    page = client.get(reverse("knownissues-detail", args=[issue.pk])).content.decode()
    assert "Verified by <strong>lena</strong>" in page
    assert "On-call hotfix</span>" in page


def test_the_issue_page_says_why_an_agent_may_not_verify(agent):
    issue = KnownIssueFactory()
    client = Client()
    client.force_login(agent)
    response = client.post(
        reverse("knownissues-verify", args=[issue.pk]), {"fix_path": "on_call_hotfix"}, follow=True
    )
    assert "leads verify bugs: escalate the ticket to T4 for verification." in (
        response.content.decode()
    )
    assert unchanged(issue) == (None, None, "", None)


# --- changelog-style titles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  fixed:   checkout 502 for large carts. ", "Fixed: checkout 502 for large carts"),
        ("ADDED : VAT column in the export", "Added: VAT column in the export"),
        ("calendar sync is late...", "Calendar sync is late"),
    ],
)
def test_titles_are_normalised_to_the_changelog_style(agent, typed, kept):
    issue = services.create_known_issue(actor=agent, title=typed, public_title=typed)
    assert (issue.title, issue.public_title) == (kept, kept)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Bug", "At least 5 characters"),
        ("x" * 121, "At most 120 characters"),
        ("Fixed: checkout fails for #1234", "No ticket numbers"),
        ("Why does checkout fail?", "no question or exclamation mark"),
        ("CHECKOUT IS DOWN", "Not in capitals"),
    ],
)
def test_titles_breaking_the_changelog_style_are_refused(agent, typed, message):
    with pytest.raises(ValidationFailed) as refused:
        services.create_known_issue(actor=agent, title=typed)
    assert message in refused.value.details["fields"]["title"][0]
    with pytest.raises(ValidationFailed) as refused:
        services.create_known_issue(actor=agent, title="Fixed: checkout 502", public_title=typed)
    assert message in refused.value.details["fields"]["public_title"][0]
    assert KnownIssue.objects.count() == 0


def test_the_form_shows_the_changelog_message(agent):
    client = Client()
    client.force_login(agent)
    response = client.post(
        reverse("knownissues-create"), {"title": "Checkout is down!", "status": "investigating"}
    )
    assert response.status_code == 400
    assert changelog.problems("Checkout is down!") == [
        "A changelog line states what changed: no question or exclamation mark."
    ]
    assert "no question or exclamation mark." in response.content.decode()


# --- assigning an on-call log item --------------------------------------------------------------


def entry(author) -> OnCallLogEntry:
    return services.add_log_entry(
        actor=author, kind=LogKind.OPEN_LOOP, text="Find out why the sync retried twice."
    )


def handovers(user) -> list[str]:
    return list(
        InAppNotification.objects.filter(user=user, event=StaffEvent.HANDOVER).values_list(
            "title", flat=True
        )
    )


def test_an_open_item_is_assigned_out_and_the_assignee_is_told(agent, lead):
    item = entry(lead)
    services.assign_log_entry(item, actor=lead, assignee=agent)
    item.refresh_from_db()
    assert (item.assignee, item.assigned_by) == (agent, lead)
    assert handovers(agent) == [
        "On-call log: open loop assigned to you by lena: Find out why the sync retried twice."
    ]
    # The same person again: nothing new, nobody told twice.
    services.assign_log_entry(item, actor=lead, assignee=agent)
    assert len(handovers(agent)) == 1


def test_a_done_item_or_a_customer_cannot_be_assigned(agent, lead):
    item = entry(lead)
    with pytest.raises(ValidationFailed, match="Assign it to an agent"):
        services.assign_log_entry(item, actor=lead, assignee=CustomerFactory())
    with pytest.raises(PermissionDenied):
        services.assign_log_entry(item, actor=CustomerFactory(), assignee=agent)
    services.mark_log_entry_done(item, actor=lead)
    with pytest.raises(Conflict, match="nothing left to assign"):
        services.assign_log_entry(item, actor=lead, assignee=agent)
    item.refresh_from_db()
    assert item.assignee is None
    assert handovers(agent) == []


def test_the_guard_page_assigns_an_item(agent, lead):
    item = entry(lead)
    client = Client()
    client.force_login(lead)
    response = client.post(reverse("guard-log-assign", args=[item.pk]), {"assignee": agent.pk})
    assert response.status_code == 302
    page = client.get(reverse("guard-week")).content.decode()
    assert "<strong data-assignee>assigned to tina</strong> by lena" in page
    response = client.post(reverse("guard-log-assign", args=[item.pk]), {}, follow=True)
    assert "Choose who takes it." in response.content.decode()
