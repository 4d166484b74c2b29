"""Changing of the Guard: the week's known issues, On-Call escalations and the on-call log."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from escalation import services as escalation
from escalation.models import OnCallShift, TierRules
from helpdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from helpdesk.core.weeks import Week, week_of
from knownissues import selectors, services
from knownissues.models import KnownIssue, OnCallLogEntry
from knownissues.states import IssueStatus, LogKind
from tests.factories import AgentFactory, CustomerFactory, TicketFactory
from tickets import services as tickets
from tickets.models import Tier

pytestmark = pytest.mark.django_db


def local(*args):
    return datetime(*args, tzinfo=ZoneInfo(settings.TIME_ZONE))


MONDAY = local(2026, 3, 23, 9)  # ISO week 2026-W13
WEEK = Week(date(2026, 3, 23))


def make_issue(author, created_at, **fields) -> KnownIssue:
    fields.setdefault("title", "Calendar sync stalls")
    fields.setdefault("slug", "calendar-sync")
    fields.setdefault("updated_at", created_at)
    return KnownIssue.objects.create(created_by=author, created_at=created_at, **fields)


def log(author, at, text="Open loop.", **fields) -> OnCallLogEntry:
    fields.setdefault("kind", LogKind.OPEN_LOOP)
    return OnCallLogEntry.objects.create(author=author, created_at=at, text=text, **fields)


# --- weeks -------------------------------------------------------------------------------------


def test_weeks_are_iso_weeks_and_bad_input_means_this_week():
    with time_machine.travel(local(2026, 3, 26, 12), tick=False):
        assert week_of("2026-W13") == WEEK
        assert week_of(None).monday == date(2026, 3, 23)
        assert week_of("nonsense").monday == date(2026, 3, 23)
        assert week_of("2026-W99").monday == date(2026, 3, 23)
        assert WEEK.is_current is True
    assert (WEEK.iso, WEEK.previous.iso, WEEK.next.iso) == ("2026-W13", "2026-W12", "2026-W14")
    assert week_of("2027-W01").monday == date(2027, 1, 4)
    assert (WEEK.start, WEEK.end) == (local(2026, 3, 23), local(2026, 3, 30))


# --- known issues of the week ------------------------------------------------------------------


def test_known_issues_opened_changed_and_resolved_in_the_week(agent):
    opened = make_issue(agent, MONDAY, slug="opened")
    changed = make_issue(
        agent, MONDAY - timedelta(days=10), slug="changed", updated_at=MONDAY + timedelta(days=1)
    )
    resolved = make_issue(
        agent,
        MONDAY - timedelta(days=3),
        slug="resolved",
        status=IssueStatus.RESOLVED,
        resolved_at=MONDAY + timedelta(days=2),
        updated_at=MONDAY + timedelta(days=2),
    )
    both = make_issue(
        agent,
        MONDAY + timedelta(hours=1),
        slug="both",
        status=IssueStatus.RESOLVED,
        resolved_at=MONDAY + timedelta(days=1),
        updated_at=MONDAY + timedelta(days=1),
    )
    make_issue(agent, MONDAY - timedelta(days=10), slug="quiet")
    make_issue(agent, MONDAY + timedelta(days=7), slug="next-week")

    issues = selectors.known_issues_of_week(WEEK)

    assert issues.opened == [opened]
    assert issues.changed == [changed]
    assert issues.resolved == [resolved, both]
    assert len(issues) == 4


# --- On-Call escalations -----------------------------------------------------------------------


def test_tickets_escalated_to_on_call_in_the_week(agent):
    customer = CustomerFactory()
    t2 = Tier.objects.get(code="T2")
    on_call = Tier.objects.get(code="ONCALL")
    t2.members.add(agent)
    # Monday in working hours: not about the lead's confirmation (test_lead_confirmation.py).
    TierRules.objects.filter(tier=on_call).update(lead_confirms_in_hours=False)

    def escalate(at, target):
        with time_machine.travel(at, tick=False):
            ticket = tickets.submit_ticket(
                actor=customer, subject="Sync down", description="Down.", category="server_issue"
            )
            tickets.move_to_tier(ticket, actor=agent, tier=t2)
            escalation.escalate_up(
                ticket,
                actor=agent,
                questions=["Why?"],
                target_tier=target,
                customer_message="We are escalating.",
            )
        return ticket

    this_week = escalate(MONDAY + timedelta(hours=2), on_call)
    escalate(MONDAY - timedelta(days=2), on_call)  # last week
    escalate(MONDAY + timedelta(hours=3), Tier.objects.get(code="T3"))  # not On-Call
    acknowledger = AgentFactory(username="oscar")
    on_call.members.add(acknowledger)
    with time_machine.travel(MONDAY + timedelta(hours=2, minutes=20), tick=False):
        escalation.acknowledge(this_week, actor=acknowledger)

    rows = list(selectors.on_call_escalations(WEEK))

    assert [(row.ticket_id, row.from_tier.code, row.actor) for row in rows] == [
        (this_week.pk, "T2", agent)
    ]
    assert rows[0].acknowledged_at == MONDAY + timedelta(hours=2, minutes=20)
    assert rows[0].acknowledged_by_name == "oscar"


# --- the on-call log ---------------------------------------------------------------------------


def test_an_agent_adds_a_log_entry_with_an_optional_ticket(agent):
    ticket = TicketFactory()

    entry = services.add_log_entry(
        actor=agent,
        kind=LogKind.SCRIPT,
        text="  Ran fix_dupes.sql  ",
        ticket_number=ticket.pk,
        at=MONDAY,
    )

    entry.refresh_from_db()
    assert (entry.kind, entry.text, entry.ticket, entry.author, entry.created_at) == (
        LogKind.SCRIPT,
        "Ran fix_dupes.sql",
        ticket,
        agent,
        MONDAY,
    )
    assert (entry.done_at, entry.done_by) == (None, None)


def test_a_bad_log_entry_is_refused_with_every_problem_and_nothing_is_written(agent):
    with pytest.raises(ValidationFailed) as error:
        services.add_log_entry(actor=agent, kind="party", text=" ", ticket_number=999999)

    assert error.value.details == {
        "fields": {
            "kind": ["Choose one of: Hotfix, Script run, Open loop, Note."],
            "text": ["Write what was done or what is still open."],
            "ticket": ["There is no ticket #999999."],
        }
    }
    assert OnCallLogEntry.objects.count() == 0


def test_customers_cannot_write_on_the_log():
    with pytest.raises(PermissionDenied):
        services.add_log_entry(actor=CustomerFactory(), kind=LogKind.NOTE, text="Hi")

    assert OnCallLogEntry.objects.count() == 0


def test_mark_done_records_who_and_when_and_only_once(agent, lead):
    entry = log(agent, MONDAY)

    services.mark_log_entry_done(entry, actor=lead, at=MONDAY + timedelta(days=1))
    with pytest.raises(Conflict, match="already marked done by lena"):
        services.mark_log_entry_done(entry, actor=agent, at=MONDAY + timedelta(days=2))

    entry.refresh_from_db()
    assert (entry.done_by, entry.done_at) == (lead, MONDAY + timedelta(days=1))


def test_open_entries_are_carried_forward_until_done(agent, lead):
    old_open = log(agent, MONDAY - timedelta(days=14), "Old loop, still open.")
    old_done_before = log(
        agent,
        MONDAY - timedelta(days=14),
        "Closed before this week.",
        done_at=MONDAY - timedelta(days=1),
        done_by=lead,
    )
    old_done_during = log(
        agent,
        MONDAY - timedelta(days=7),
        "Closed during this week.",
        done_at=MONDAY + timedelta(days=1),
        done_by=lead,
    )
    this_week = log(agent, MONDAY + timedelta(hours=1), "Hotfix deployed.", kind=LogKind.HOTFIX)
    log(agent, MONDAY + timedelta(days=7), "Next week.")

    week_log = selectors.log_of_week(WEEK)

    assert week_log.carried == [old_open, old_done_during]
    assert week_log.this_week == [this_week]
    assert week_log.open_count == 2
    assert old_done_before not in week_log.carried
    # The next week still carries what is open.
    assert selectors.log_of_week(WEEK.next).carried == [old_open, this_week]


# --- the page ----------------------------------------------------------------------------------


def test_the_page_shows_the_week(agent):
    make_issue(agent, MONDAY, title="Fixed: payouts stuck")
    log(agent, MONDAY - timedelta(days=7), "Chase the sync retries.")
    OnCallShift.objects.create(
        agent=AgentFactory(username="olga", first_name="Olga", last_name="Ng"),
        starts_at=MONDAY,
        ends_at=MONDAY + timedelta(days=7),
    )
    client = Client()
    client.force_login(agent)

    response = client.get(reverse("guard-week"), {"week": "2026-W13"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Week 2026-W13: Mon 23 Mar 2026 to Sun 29 Mar 2026." in body
    assert "Fixed: payouts stuck" in body
    assert "Chase the sync retries." in body
    assert "Olga Ng" in body
    assert "New entries go on the current week" in body  # not the current week: no form


def test_adding_an_entry_from_the_page(agent):
    client = Client()
    client.force_login(agent)

    response = client.post(
        reverse("guard-log-add"), {"kind": "hotfix", "text": "Patched the sync job."}
    )

    entry = OnCallLogEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('guard-week')}#log-{entry.pk}"
    assert (entry.kind, entry.text, entry.author) == (
        LogKind.HOTFIX,
        "Patched the sync job.",
        agent,
    )


def test_a_bad_entry_comes_back_with_its_errors(agent):
    client = Client()
    client.force_login(agent)

    response = client.post(
        reverse("guard-log-add"), {"kind": "note", "text": "See it.", "ticket_number": "999999"}
    )

    assert response.status_code == 400
    assert "There is no ticket #999999." in response.content.decode()
    assert OnCallLogEntry.objects.count() == 0


def test_mark_done_from_the_page_returns_to_the_week(agent):
    entry = log(agent, MONDAY)
    client = Client()
    client.force_login(agent)

    response = client.post(reverse("guard-log-done", args=[entry.pk]), {"week": "2026-W13"})
    again = client.post(reverse("guard-log-done", args=[entry.pk]), {"week": "2026-W13"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('guard-week')}?week=2026-W13#log-{entry.pk}"
    assert again.status_code == 302
    entry.refresh_from_db()
    assert entry.done_by == agent
    assert client.get(reverse("guard-week"), {"week": "2026-W13"}).status_code == 200


def test_mark_done_of_a_missing_entry_is_404(agent):
    client = Client()
    client.force_login(agent)

    assert client.post(reverse("guard-log-done", args=[999999])).status_code == 404


def test_the_page_query_count_is_the_same_for_5_and_50_rows(agent, django_assert_num_queries):
    client = Client()
    client.force_login(agent)
    t2 = Tier.objects.get(code="T2")
    on_call = Tier.objects.get(code="ONCALL")
    # Monday in working hours: not about the lead's confirmation (test_lead_confirmation.py).
    TierRules.objects.filter(tier=on_call).update(lead_confirms_in_hours=False)
    customer = CustomerFactory()

    rows = {"issues": [], "tickets": [], "entries": []}

    def add_rows(count):
        for n in range(len(rows["issues"]), len(rows["issues"]) + count):
            rows["issues"].append(
                make_issue(agent, MONDAY + timedelta(minutes=n), slug=f"i{n}", title=f"Issue {n}")
            )
            ticket = TicketFactory(requester=customer, tier=t2)
            rows["tickets"].append(ticket)
            rows["entries"] += [
                log(agent, MONDAY + timedelta(minutes=n), f"Entry {n}", ticket=ticket),
                log(agent, MONDAY - timedelta(days=7, minutes=n), f"Old {n}"),
            ]
            OnCallShift.objects.create(
                agent=agent,
                starts_at=MONDAY + timedelta(hours=n),
                ends_at=MONDAY + timedelta(hours=n + 1),
            )
            with time_machine.travel(MONDAY + timedelta(minutes=n), tick=False):
                escalation.escalate_up(
                    ticket,
                    actor=agent,
                    questions=["Why?"],
                    target_tier=on_call,
                    customer_message="Escalating.",
                )

    def page():
        response = client.get(reverse("guard-week"), {"week": "2026-W13"})
        assert response.status_code == 200
        return response.content.decode()

    def assert_shown(body, count):
        assert body.count('data-done="no"') == 2 * count
        assert body.count('id="escalation-') == count
        assert body.count('<strong>tina</strong> <span class="muted">(') == count  # the shifts
        for issue in rows["issues"]:
            assert f'id="issue-opened-{issue.pk}"' in body
            assert f"</strong>: {issue.title}</a>" in body
        for ticket in rows["tickets"]:
            assert f">#{ticket.pk} {ticket.subject}</a>" in body
        for entry in rows["entries"]:
            assert f'id="log-{entry.pk}"' in body
            assert f'<span class="guard-log-text">{entry.text}</span>' in body

    # session, user, groups, known issues, escalations, log, the bell's unread count
    # + the running timer of the desk header (timesheets, one indexed query)
    # + the rotas of this and last week (2: Triage/T3, On-Call), the T3 hand-over, the fixes
    #   released this week, the tasks in UAT, the people a log item may be assigned to
    add_rows(5)
    with django_assert_num_queries(14):
        body = page()
    assert_shown(body, 5)
    assert 'id="bell"' in body
    add_rows(45)
    with django_assert_num_queries(14):
        body = page()
    assert_shown(body, 50)
