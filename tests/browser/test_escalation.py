"""Escalation in a real browser: T2 escalates to T3 with two numbered questions, T3 answers
down with "Missed Doc Review", and the lead finds it on the weekly review and marks it reviewed.
A T3 agent's morning check sends the one-click "still looking into it".

Screenshots: ``test-artifacts/screenshots/escalation-*.png``.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from escalation import services as escalation
from escalation.models import Escalation, TierRules
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory
from tickets import services as tickets
from tickets.models import Message, Ticket, Tier

# The live server flushes the database after each test: restore the rows the migrations made
# (groups, tiers, teams) for the next one.
pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def as_user(browser, live_server):
    """``as_user("theo")``: a page in a fresh browser context, signed in; closed afterwards."""
    contexts = []

    def sign_in(username):
        context = browser.new_context(viewport=LAPTOP)
        contexts.append(context)
        page = context.new_page()
        login(page, live_server, username)
        return page

    yield sign_in
    for context in contexts:
        context.close()


@pytest.fixture
def people(db):
    t2, t3 = AgentFactory(username="tara"), AgentFactory(username="theo")
    Tier.objects.get(code="T2").members.add(t2)
    Tier.objects.get(code="T3").members.add(t3)
    triage = AgentFactory(username="trix")
    customer = CustomerFactory(username="carol", customer_profile__organization__name="Acme")
    LeadFactory(username="lena")
    return {"t2": t2, "t3": t3, "triage": triage, "customer": customer}


def test_t2_escalates_t3_answers_missed_doc_review_lead_reviews(live_server, shot, people, as_user):
    ticket = tickets.submit_ticket(
        actor=people["customer"],
        subject="Payment webhook times out",
        description="Since Monday every webhook call fails after 30 seconds.",
        category="issue_with_error",
    )
    tickets.move_to_tier(ticket, actor=people["triage"], tier=Tier.objects.get(code="T2"))

    # T2 opens the dialog: the rule says it must write to the customer; one question field.
    page = as_user("tara")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/escalate/")
    expect(page).to_have_title(f"Escalate #{ticket.pk} · Helpdesk")
    up = page.locator("#up")
    expect(up.get_by_label("Escalate to")).to_have_value("T3")
    expect(up.get_by_text("Required: T2 always writes to the customer")).to_be_visible()
    up.get_by_label("Escalated question 1").fill("Why does the webhook time out after 30 s?")
    up.get_by_role("button", name="Add question").click()
    expect(up.get_by_label("Escalated question 2")).to_be_focused()
    up.get_by_label("Escalated question 2").fill("Is the worker queue backed up?")
    up.get_by_label("Findings so far").fill("Timeouts only on the `payments` worker.")
    up.get_by_label("Message to the customer").fill(
        "Thanks! Our engineers are looking into the webhook timeouts."
    )
    assert_accessible(page)
    shot(page, "escalation-dialog-up")
    up.get_by_role("button", name="Escalate up").click()
    expect(page.locator("#messages")).to_contain_text("Escalated to T3 with 2 questions.")
    up_row = Escalation.objects.get()
    assert up_row.questions == [
        "Why does the webhook time out after 30 s?",
        "Is the worker queue backed up?",
    ]
    assert Ticket.objects.get(pk=ticket.pk).tier.code == "T3"

    # T3 reads the questions in the history and hands it back: Missed Doc Review.
    page = as_user("theo")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    page.get_by_role("link", name="Escalate", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/desk/tickets/{ticket.pk}/escalate/")
    history = page.get_by_role("region", name="Escalation history")
    expect(history).to_contain_text("ESCALATED QUESTION 1: Why does the webhook time out")
    expect(history).to_contain_text("ESCALATED QUESTION 2: Is the worker queue backed up?")
    down = page.locator("#down")
    expect(down.get_by_label("Hand back to")).to_have_value("T2")
    down.get_by_label("Missed Doc Review (a doc answers it)").check()
    down.get_by_label("Doc that answers it").fill("https://docs.example.com/webhooks#timeouts")
    down.get_by_label("Answers to the escalated questions, findings").fill(
        "1. The 30 s limit is documented. 2. No, the queue is fine."
    )
    down.get_by_label("Proposed Internal Doc").check()
    assert_accessible(page)
    shot(page, "escalation-dialog-down")
    down.get_by_role("button", name="Escalate down").click()
    expect(page.locator("#messages")).to_contain_text("Handed back to T2: Missed Doc Review")
    ticket.refresh_from_db()
    assert ticket.tier.code == "T2"
    assert sorted(ticket.tags.values_list("name", flat=True)) == [
        "Missed Doc Review",
        "Proposed Internal Doc",
    ]

    # The lead's weekly review shows the whole thread and takes the "reviewed" mark.
    page = as_user("lena")
    page.goto(f"{live_server.url}/desk/escalation/review/")
    expect(page).to_have_title("Weekly escalation review · Helpdesk")
    row = page.get_by_role("region", name=f"#{ticket.pk} Payment webhook times out")
    expect(row).to_contain_text("Missed Doc Review")
    expect(row).to_contain_text("ESCALATED QUESTION 2: Is the worker queue backed up?")
    expect(row).to_contain_text("https://docs.example.com/webhooks#timeouts")
    assert_accessible(page)
    shot(page, "escalation-review")
    row.get_by_role("button", name="Mark reviewed").click()
    expect(page.locator("#messages")).to_contain_text(f"ticket #{ticket.pk} reviewed")
    expect(row).to_contain_text("Reviewed")
    expect(row.get_by_role("button", name="Mark reviewed")).to_have_count(0)
    shot(page, "escalation-review-done")
    assert Escalation.objects.get(direction="down").reviewed_by.username == "lena"


def test_t3_morning_check_sends_still_looking_once(live_server, shot, people, as_user):
    week_ago = timezone.now() - timedelta(days=7)
    with time_machine.travel(week_ago, tick=False):
        silent = tickets.submit_ticket(
            actor=people["customer"],
            subject="Reports are empty",
            description="No rows since the upgrade.",
            category="issue_no_error",
        )
        tickets.move_to_tier(silent, actor=people["triage"], tier=Tier.objects.get(code="T2"))
        escalation.escalate_up(
            silent, actor=people["t2"], questions=["Which query?"], customer_message="Escalated."
        )
    fresh = tickets.submit_ticket(
        actor=people["customer"],
        subject="Export button missing",
        description="Where did it go?",
        category="question",
    )
    tickets.move_to_tier(fresh, actor=people["triage"], tier=Tier.objects.get(code="T2"))
    escalation.escalate_up(
        fresh, actor=people["t2"], questions=["Was it removed?"], customer_message="Escalated."
    )

    page = as_user("theo")
    page.goto(f"{live_server.url}/desk/escalation/morning/")
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text(f"#{silent.pk} Reports are empty")
    expect(rows.nth(1)).to_contain_text("2+ business days")
    expect(rows.nth(2)).to_contain_text(f"#{fresh.pk} Export button missing")
    expect(rows.nth(2).get_by_role("button")).to_have_count(0)
    assert_accessible(page)
    shot(page, "escalation-morning")
    rows.nth(1).get_by_role("button", name=f"Tell the customer of #{silent.pk}").click()
    expect(page.locator("#messages")).to_contain_text("the customer was told we're on it")
    expect(page.get_by_role("button", name=f"Tell the customer of #{silent.pk}")).to_have_count(0)
    assert (
        Message.objects.filter(ticket=silent, body__startswith="We're still looking").count() == 1
    )


def test_on_call_acknowledge_split_and_route_pages(live_server, shot, people, as_user):
    ticket = tickets.submit_ticket(
        actor=people["customer"],
        subject="Site is down",
        description="Nothing loads.",
        category="urgent_issue",
    )
    tickets.customer_reply(
        ticket, actor=people["customer"], body="Also: can I get an invoice copy?"
    )
    # Whatever the hour the suite runs: no lead confirms first (test_on_call_confirmation.py).
    TierRules.objects.filter(is_on_call=True).update(lead_confirms_in_hours=False)
    escalation.escalate_up(
        ticket,
        actor=people["triage"],
        target_tier="ONCALL",
        questions=["Whole site returns 502. Can on-call look now?"],
        customer_message="Our on-call engineers are on it.",
    )
    oncall = AgentFactory(username="oscar")
    Tier.objects.get(code="ONCALL").members.add(oncall)

    page = as_user("oscar")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/escalate/")
    alert = page.get_by_role("region", name="On-Call: waiting for acknowledgement")
    expect(alert).to_contain_text("Waiting for acknowledgement")
    assert_accessible(page)
    shot(page, "escalation-on-call-waiting")
    alert.get_by_label("Note").fill("Seen; checking the load balancer.")
    alert.get_by_role("button", name="Acknowledge").click()
    expect(page.locator("#messages")).to_contain_text("Acknowledged")
    expect(page.get_by_role("region", name="On-Call: waiting for acknowledgement")).to_have_count(0)
    assert Ticket.objects.get(pk=ticket.pk).assignee == oncall

    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/split/")
    page.get_by_label("Customer reply from carol").check()
    page.get_by_label("Subject of the new ticket").fill("Invoice copy")
    assert_accessible(page)
    shot(page, "escalation-split")
    page.get_by_role("button", name="Split into a new ticket").click()
    expect(page.locator("#messages")).to_contain_text("Split into ticket #")
    new = Ticket.objects.get(subject="Invoice copy")
    assert (new.tier.code, new.assignee) == ("TRIAGE", None)

    page.goto(f"{live_server.url}/desk/tickets/{new.pk}/team/")
    assert_accessible(page)
    shot(page, "escalation-route")
    page.get_by_label("Team", exact=True).select_option("engagement")
    page.get_by_label("Why the team needs it").fill("Billing question: Engagement handles it.")
    page.get_by_role("button", name="Send to the team").click()
    expect(page.locator("#messages")).to_contain_text("Sent to Engagement")


def test_escalating_a_waiting_ticket_keeps_the_next_tiers_clock_running(
    live_server, shot, people, as_user
):
    """Issue 16: an escalation never parks the ticket. T2 asked the customer for more (Pending)
    and escalates anyway: in T3 the ticket is Open with its clock running, and the customer's
    portal says we are working on it."""
    ticket = tickets.submit_ticket(
        actor=people["customer"],
        subject="Calendar sync stalls",
        description="The iCal feed stopped updating yesterday.",
        category="issue_with_error",
    )
    tickets.move_to_tier(ticket, actor=people["triage"], tier=Tier.objects.get(code="T2"))
    tickets.reply(ticket, actor=people["t2"], body="Which calendar app?", set_pending=True)

    page = as_user("tara")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/escalate/")
    up = page.locator("#up")
    up.get_by_label("Escalated question 1").fill("Why does the feed stall?")
    up.get_by_label("Message to the customer").fill("We've passed this on to our engineers.")
    up.get_by_role("button", name="Escalate up").click()
    expect(page.locator("#messages")).to_contain_text("Escalated to T3")
    page.goto(f"{live_server.url}/desk/tickets/{ticket.pk}/")
    expect(page.locator("#ticket-facts")).to_contain_text("Open")
    expect(page.locator("#ticket-facts")).to_contain_text("Tier T3")
    expect(page.locator("#ticket-facts")).not_to_contain_text("paused")
    shot(page, "escalation-unparked-desk")

    portal = as_user("carol")
    portal.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
    expect(portal.get_by_text("We're working on it").first).to_be_visible()
    assert "Waiting for your reply" not in portal.content()
    shot(portal, "escalation-unparked-portal")
