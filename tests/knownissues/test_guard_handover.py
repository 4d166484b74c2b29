"""Changing of the Guard names this and last week's designees (seed 003-64), lists the outgoing
T3's unfinished tickets (003-67) and the changes going out this week (003-65)."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engineering.models import Task
from escalation.models import OnCallShift, RotaShift
from helpdesk.core.weeks import Week
from knownissues.models import KnownIssue, OnCallLogEntry
from knownissues.states import LogKind
from tests.factories import AgentFactory, CustomerFactory, TaskFactory, TicketFactory
from tickets import services as tickets
from tickets.models import Message, Tier

pytestmark = pytest.mark.django_db

WEEK = Week(date(2026, 3, 23))  # 2026-W13
NOON = datetime.combine(date(2026, 3, 25), time(12), tzinfo=timezone.get_current_timezone())


def shift(rota, agent, week):
    if rota == "on_call":
        return OnCallShift.objects.create(agent=agent, starts_at=week.start, ends_at=week.end)
    return RotaShift.objects.create(rota=rota, agent=agent, starts_at=week.start, ends_at=week.end)


@pytest.fixture
def people():
    t3 = Tier.objects.get(code="T3")
    names = ["olga", "newt", "otto", "nina", "tara"]
    users = {name: AgentFactory(username=name) for name in names}
    t3.members.add(users["olga"], users["newt"])
    shift("t3", users["olga"], WEEK.previous)  # outgoing T3
    shift("t3", users["newt"], WEEK)
    shift("on_call", users["otto"], WEEK.previous)
    shift("on_call", users["nina"], WEEK)
    shift("triage", users["tara"], WEEK)
    return users


def page(user_or_client) -> str:
    client = user_or_client
    if not isinstance(client, Client):
        client = Client()
        client.force_login(user_or_client)
    with time_machine.travel(NOON, tick=False):
        response = client.get(reverse("guard-week"), {"week": WEEK.iso})
    assert response.status_code == 200
    return response.content.decode()


def row(body: str, rota: str) -> str:
    start = body.index(f'<tr data-rota="{rota}">')
    return body[start : body.index("</tr>", start)]


def test_the_page_names_this_and_last_weeks_t3_and_on_call(people):
    body = page(people["newt"])
    assert "<td><strong>newt</strong></td><td>olga</td>" in row(body, "t3")
    assert "<strong>nina</strong>" in row(body, "on_call")
    assert "<td>otto</td>" in row(body, "on_call")
    assert "<td>tara</td>" in row(body, "triage")


def t3_ticket(customer, subject, **fields):
    return TicketFactory(requester=customer, tier=Tier.objects.get(code="T3"), subject=subject,
                         **fields)  # fmt: skip


def test_the_hand_over_lists_the_outgoing_t3s_unfinished_tickets(people):
    olga, customer = people["olga"], CustomerFactory()
    kept = t3_ticket(customer, "Still with olga", assignee=olga)
    left = t3_ticket(customer, "Left open for the next T3")
    Message.objects.create(
        ticket=left,
        author=olga,
        kind="internal_note",
        body="Tried the cache.",
        created_at=WEEK.previous.start + timedelta(days=2),
    )
    tickets.record_findings(
        left,
        actor=olga,
        findings=tickets.Findings(cause="Stale cache.", tried="Flush.", fix="Not yet."),
    )
    untouched = t3_ticket(customer, "Nobody looked")
    resolved = t3_ticket(customer, "Done already", assignee=olga, status="resolved")
    body = page(people["newt"])
    assert f'id="handover-{kept.pk}"' in body
    assert f'id="handover-{left.pk}"' in body
    assert f'id="handover-{untouched.pk}"' not in body
    assert f'id="handover-{resolved.pk}"' not in body
    assert 'olga <span class="muted">(last week\'s T3)</span>' in body
    assert f'<a href="/desk/tickets/{left.pk}/#findings">Findings</a>' in body


def test_changes_going_out_are_this_weeks_fixes_and_tasks_in_uat(people):
    agent = people["newt"]

    def issue(title, day, **fields):
        return KnownIssue.objects.create(
            title=title, slug=title[:10].lower().replace(" ", "-"), created_by=agent,
            created_at=NOON, updated_at=NOON, fix_release_date=day, **fields,
        )  # fmt: skip

    this = issue("Fixed: sync retries", date(2026, 3, 26), fix_path="on_call_hotfix",
                 verified_by=agent, verified_at=NOON)  # fmt: skip
    later = issue("Fixed: later thing", date(2026, 3, 30))
    in_uat = TaskFactory(title="Add the VAT column", stage="uat", uat_since=NOON)
    in_dev = TaskFactory(title="Rewrite the importer", stage="development")
    body = page(agent)
    assert f'data-fix="{this.pk}"' in body
    assert f'data-fix="{later.pk}"' not in body
    assert 'On-call hotfix</span> <span class="muted">verified by newt</span>' in body
    assert f'data-task="{in_uat.pk}"' in body
    assert f'data-task="{in_dev.pk}"' not in body


def test_the_page_query_count_is_the_same_for_5_and_50_rows(people, django_assert_num_queries):
    olga, customer = people["olga"], CustomerFactory()
    made = {"tickets": [], "issues": [], "tasks": [], "entries": []}

    def add(count):
        for _ in range(count):
            n = len(made["tickets"])
            made["tickets"].append(t3_ticket(customer, f"Held {n}", assignee=olga))
            made["issues"].append(
                KnownIssue.objects.create(
                    title=f"Fixed: thing {n}",
                    slug=f"thing-{n}",
                    created_by=olga,
                    created_at=NOON - timedelta(days=30),
                    updated_at=NOON - timedelta(days=30),
                    fix_release_date=date(2026, 3, 24),
                    fix_path="normal_bug_flow",
                    verified_by=olga,
                    verified_at=NOON,
                )
            )
            made["tasks"].append(TaskFactory(title=f"Task {n}", stage="uat", uat_since=NOON))
            made["entries"].append(
                OnCallLogEntry.objects.create(
                    kind=LogKind.OPEN_LOOP,
                    text=f"Loop {n}",
                    author=olga,
                    created_at=NOON,
                    assignee=people["newt"],
                    assigned_by=olga,
                    assigned_at=NOON,
                )
            )

    def shown(body, count):
        assert body.count('<tr id="handover-') == count
        assert body.count('data-fix="') == count
        assert body.count('data-task="') == count
        assert body.count("data-assignee>assigned to newt</strong> by olga") == count
        for task in made["tasks"]:
            assert f"</a> {task.title} <span" in body

    # session, user, groups, known issues of the week, escalations, log, the bell, the timer;
    # rotas (2), hand-over (1), fixes (1), tasks in UAT (1), assignees (1)
    client = Client()
    client.force_login(people["newt"])
    add(5)
    with django_assert_num_queries(14):
        body = page(client)
    shown(body, 5)
    add(45)
    with django_assert_num_queries(14):
        body = page(client)
    shown(body, 50)
    assert Task.objects.count() == 50
