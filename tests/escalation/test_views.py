"""The escalation pages without JavaScript: forms, errors in place, redirect after success."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalation import services
from escalation.models import Escalation
from escalation.states import STILL_LOOKING_MESSAGE
from tests.support.snapshots import world
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_agent():
    def as_user(user):
        client = Client()
        client.force_login(user)
        return client

    return as_user


def page(ticket, action="escalate/"):
    return f"/desk/tickets/{ticket.pk}/{action}"


def test_the_dialog_shows_the_rule_the_time_box_and_the_known_issue_spot(as_agent, in_tier, staff):
    ticket = in_tier("T1")
    response = as_agent(staff["T1"]).get(page(ticket))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Required: The customer had the last word, so T1 writes to the customer" in html
    assert "T1 time-box before escalating: 5 + 5 min." in html
    assert "data-known-issues-search" in html
    assert html.count('name="questions"') == 1
    assert '<option value="T2" selected>T2 — Experienced support</option>' in html


def test_add_question_without_javascript_keeps_what_was_typed(as_agent, in_tier, staff):
    ticket = in_tier("T2")
    response = as_agent(staff["T2"]).post(
        page(ticket),
        {"target_tier": "T3", "questions": ["First?"], "findings": "F", "add_question": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="questions"') == 2
    assert 'value="First?"' in html
    assert 'id="question-2" name="questions" value="" maxlength="2000" autofocus' in html
    assert Escalation.objects.count() == 0


def test_escalating_up_redirects_to_the_ticket(as_agent, in_tier, staff):
    ticket = in_tier("T2")
    response = as_agent(staff["T2"]).post(
        page(ticket),
        {
            "target_tier": "T3",
            "questions": ["First?", "", "Second?"],
            "customer_message": "Escalating.",
            "expected_tier": "T2",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/desk/tickets/{ticket.pk}/"
    assert Escalation.objects.get().questions == ["First?", "Second?"]


@pytest.mark.parametrize(
    ("questions", "said"),
    [(["Only one?"], "with 1 question."), (["First?", "Second?"], "with 2 questions.")],
)
def test_the_escalation_notice_counts_questions_in_words(as_agent, in_tier, staff, questions, said):
    ticket = in_tier("T2")
    client = as_agent(staff["T2"])
    form = {"target_tier": "T3", "questions": questions, "customer_message": "Escalating."}

    response = client.post(page(ticket), {**form, "expected_tier": "T2"}, follow=True)

    html = response.content.decode()
    assert f"Escalated to T3 {said}" in html
    assert "(s)" not in html


def test_a_refusal_comes_back_on_the_form_and_changes_nothing(as_agent, in_tier, staff):
    ticket = in_tier("T2")
    before = world()
    response = as_agent(staff["T2"]).post(
        page(ticket), {"target_tier": "T3", "questions": ["Q?"], "expected_tier": "T2"}
    )
    assert response.status_code == 400
    assert "T2 always writes to the customer when escalating." in response.content.decode()
    assert 'value="Q?"' in response.content.decode()
    assert world() == before


def test_a_stale_form_is_a_409(as_agent, in_tier, staff):
    ticket = in_tier("T2")
    data = {
        "target_tier": "T3",
        "questions": ["Q?"],
        "customer_message": "m",
        "expected_tier": "T2",
    }
    as_agent(staff["T2"]).post(page(ticket), data)
    second = as_agent(staff["lead"]).post(page(ticket), {**data, "target_tier": "T4"})
    assert second.status_code == 409
    assert "moved to T3 while you were looking at it" in second.content.decode()


def test_escalate_down_form_errors_and_success(as_agent, in_tier, staff):
    ticket = in_tier("T3")
    client = as_agent(staff["T3"])
    bad = client.post(
        page(ticket, "escalate/down/"),
        {"target_tier": "T2", "outcome": "missed_doc", "expected_tier": "T3"},
    )
    assert bad.status_code == 400
    assert "Link the doc that answers it" in bad.content.decode()

    good = client.post(
        page(ticket, "escalate/down/"),
        {
            "target_tier": "T2",
            "outcome": "missed_doc",
            "doc_url": "https://docs.example.com/a",
            "proposed_docs": ["Proposed User Doc"],
            "expected_tier": "T3",
        },
    )
    assert good.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).tier.code == "T2"


def test_split_page(as_agent, in_tier, staff):
    ticket = in_tier("T2")
    from tickets import services as tickets

    message = tickets.customer_reply(ticket, actor=staff["customer"], body="Unrelated").message
    client = as_agent(staff["T2"])
    assert "Unrelated" in client.get(page(ticket, "split/")).content.decode()
    empty = client.post(page(ticket, "split/"), {"subject": "x"})
    assert empty.status_code == 400
    done = client.post(page(ticket, "split/"), {"messages": [message.pk], "subject": "Other"})
    assert done.status_code == 302
    assert Ticket.objects.get(subject="Other").messages.filter(pk=message.pk).exists()


def test_review_page_lists_and_marks(as_agent, in_tier, staff):
    ticket = in_tier("T3")
    down = services.escalate_down(
        ticket, actor=staff["T3"], outcome="missed_doc", doc_url="https://docs.example.com/a"
    )
    lead = as_agent(staff["lead"])
    html = lead.get("/desk/escalation/review/").content.decode()
    assert f"#{ticket.pk} Checkout fails" in html
    assert "Mark reviewed" in html
    assert as_agent(staff["T3"]).get("/desk/escalation/review/").status_code == 403

    response = lead.post(f"/desk/escalation/review/{down.pk}/reviewed/")
    assert response.status_code == 302
    assert response["Location"].startswith("/desk/escalation/review/?week=")
    down.refresh_from_db()
    assert down.reviewed_by == staff["lead"]
    assert "Reviewed" in lead.get(response["Location"]).content.decode()


def test_review_page_queries_do_not_grow_with_rows(as_agent, in_tier, staff):
    lead = as_agent(staff["lead"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = lead.get("/desk/escalation/review/")
        assert response.status_code == 200
        return len(captured), response.content.decode()

    def add():
        ticket = in_tier("T3")
        services.escalate_down(
            ticket, actor=staff["T3"], outcome="missed_doc", doc_url="https://docs.example.com"
        )
        return ticket.escalations.get(direction="down")

    def assert_shown(html, reviews):
        assert html.count('class="box review-row"') == len(reviews)
        for review in reviews:
            ticket = review.ticket
            assert f'id="review-{review.pk}"' in html
            assert f">#{ticket.pk} {ticket.subject}</a>" in html
            assert f"{ticket.organization.name} · flagged by t3 (down T3 → T2)" in html
        # once on each row (the ticket's tags), once in its thread (the step that added it)
        tag = '<span class="tag is-warning is-light">Missed Doc Review</span>'
        assert html.count(tag) == 2 * len(reviews)

    reviews = [add()]
    one, html = queries()
    assert_shown(html, reviews)
    reviews += [add() for _ in range(4)]
    five, html = queries()
    assert five == one
    assert_shown(html, reviews)


def test_morning_check_one_click(as_agent, in_tier, staff):
    long_ago = timezone.now() - timedelta(days=7)
    with time_machine.travel(long_ago, tick=False):
        ticket = in_tier("T2")
        services.escalate_up(ticket, actor=staff["T2"], questions=["Q?"], customer_message="m")
    client = as_agent(staff["T3"])
    html = client.get("/desk/escalation/morning/").content.decode()
    assert "2+ business days" in html
    response = client.post(f"/desk/escalation/morning/{ticket.pk}/still-looking/")
    assert response.status_code == 302
    assert response["Location"] == "/desk/escalation/morning/?tier=T3"
    assert Message.objects.filter(ticket=ticket, body=STILL_LOOKING_MESSAGE).count() == 1
    client.post(f"/desk/escalation/morning/{ticket.pk}/still-looking/")  # the double click
    assert Message.objects.filter(ticket=ticket, body=STILL_LOOKING_MESSAGE).count() == 1
