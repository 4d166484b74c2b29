"""The customer's comment and the Not good note are the staff's: they never reach a customer,
in the portal, the API or an email; another customer cannot answer for the requester."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from helpdesk.notifications.models import Notification
from satisfaction.models import Survey
from satisfaction.services import answer_by_link, comment_by_link, token_for
from tests.factories import AgentFactory, CustomerFactory
from tests.support.snapshots import world
from tickets import services as tickets

pytestmark = pytest.mark.django_db

COMMENT = "The agent was rude to me"


@pytest.fixture
def unhappy(resolved, tier_lead):
    agent = AgentFactory()
    ticket = resolved(agent=agent)
    survey = Survey.objects.get(ticket=ticket)
    token = token_for(survey.pk, "not_good")
    answer_by_link(token)
    comment_by_link(token, COMMENT)
    # The conversation goes on: the agent reopens and answers publicly (emails the customer).
    ticket = tickets.transition(ticket, actor=agent, name="reopen")
    tickets.reply(ticket, actor=agent, body="Sorry about that, we are looking again.")
    return ticket


def test_the_note_and_comment_are_not_on_the_customers_portal_page(unhappy):
    client = Client()
    client.force_login(unhappy.requester)
    html = client.get(reverse("portal-ticket", args=[unhappy.pk])).content.decode()

    assert "Sorry about that" in html
    assert COMMENT not in html
    assert "Customer satisfaction" not in html
    assert "Not good" not in html


def test_the_note_and_comment_are_not_in_the_customers_api(unhappy):
    client = APIClient()
    client.force_authenticate(unhappy.requester)
    body = client.get(reverse("api-ticket-messages", args=[unhappy.pk])).content.decode()

    assert "Sorry about that" in body
    assert COMMENT not in body
    assert "Customer satisfaction" not in body


def test_no_email_to_the_customer_carries_the_comment_or_the_note(unhappy):
    to_customer = Notification.objects.filter(recipient=unhappy.requester.email)

    assert to_customer.filter(kind="public_reply").exists()
    for mail in to_customer:
        assert COMMENT not in mail.body_text + mail.body_html
        assert "Customer satisfaction" not in mail.body_text


def test_the_lead_reads_the_comment_on_the_desk(unhappy, tier_lead):
    client = Client()
    client.force_login(tier_lead)
    html = client.get(reverse("desk-ticket", args=[unhappy.pk])).content.decode()

    assert COMMENT in html


def test_another_customer_cannot_answer_through_the_portal(resolved):
    ticket = resolved()
    stranger = CustomerFactory()
    client = Client()
    client.force_login(stranger)
    before = world()

    response = client.post(reverse("csat-portal-answer", args=[ticket.pk]), {"rating": "not_good"})

    assert response.status_code == 404
    assert world() == before
    assert (
        "How did we do?"
        not in client.get(reverse("portal-ticket", args=[ticket.pk])).content.decode()
    )
