"""The link's page (public, one click, one comment) and the portal's question, as rendered."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from satisfaction.models import Survey
from satisfaction.services import token_for
from tests.factories import CustomerFactory, MessageFactory
from tests.support.snapshots import world
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def _link(survey, rating="good"):
    return reverse("csat-answer", args=[token_for(survey.pk, rating)])


def test_one_click_answers_and_shows_only_number_subject_and_thanks(resolved):
    ticket = resolved(subject="Export fails", description="Our secret VAT numbers")
    MessageFactory(ticket=ticket, internal=True, body="Staff only: customer is difficult.")
    survey = Survey.objects.get(ticket=ticket)

    response = Client().get(_link(survey, "not_good"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"#{ticket.pk} Export fails" in html
    assert "Thank you! We recorded your answer: <strong>Not good</strong>." in html
    assert "Our secret VAT numbers" not in html
    assert "Staff only" not in html
    assert "Send comment" in html
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    survey.refresh_from_db()
    assert survey.rating == "not_good"


def test_a_second_click_says_already_answered_and_keeps_the_first(resolved):
    survey = Survey.objects.get(ticket=resolved())
    client = Client()
    client.get(_link(survey, "good"))

    html = client.get(_link(survey, "not_good")).content.decode()

    assert "You already answered: <strong>Good</strong>." in html
    survey.refresh_from_db()
    assert survey.rating == "good"


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("bm90IGEgdG9rZW4:1tXyZq:abc", "This link is not valid."),
        ("made-up", "This link is not valid."),
    ],
)
def test_a_tampered_link_is_a_400_page_with_a_clear_message(resolved, token, message):
    resolved()
    before = world()

    response = Client().get(reverse("csat-answer", args=[token]))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "We could not take this answer" in response.content.decode()
    assert world() == before


def test_an_expired_link_is_a_400_page(resolved, time_machine):
    survey = Survey.objects.get(ticket=resolved())
    link = _link(survey)
    time_machine.move_to(timezone.now() + timedelta(days=31))

    response = Client().get(link)

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()


def test_the_comment_is_added_once_and_is_csrf_protected(resolved, tier_lead):
    ticket = resolved()
    survey = Survey.objects.get(ticket=ticket)
    link = _link(survey, "not_good")
    client = Client(enforce_csrf_checks=True)
    page = client.get(link)
    csrf = page.cookies["csrftoken"].value

    refused = Client(enforce_csrf_checks=True).post(link, {"comment": "forged"})
    assert refused.status_code == 403

    response = client.post(
        link, {"comment": "Took too long.", "csrfmiddlewaretoken": csrf}, follow=True
    )
    html = response.content.decode()
    assert "Thank you: your comment was sent to the team." in html
    assert "We have your comment." in html
    assert "Send comment" not in html
    survey.refresh_from_db()
    assert survey.comment == "Took too long."

    before = world()
    again = client.post(link, {"comment": "More!", "csrfmiddlewaretoken": csrf})
    assert again.status_code == 400
    assert "You already added a comment." in again.content.decode()
    assert world() == before


def test_an_empty_comment_is_a_form_error(resolved):
    survey = Survey.objects.get(ticket=resolved())
    client = Client()
    client.get(_link(survey))

    response = client.post(_link(survey), {"comment": "  "})

    assert response.status_code == 400
    assert "Write a comment first." in response.content.decode()


def _portal(user, ticket):
    client = Client()
    client.force_login(user)
    return client, client.get(reverse("portal-ticket", args=[ticket.pk])).content.decode()


def test_the_portal_asks_the_requester_and_takes_the_answer(resolved, tier_lead):
    ticket = resolved()
    client, html = _portal(ticket.requester, ticket)
    assert "How did we do?" in html
    assert f'action="{reverse("csat-portal-answer", args=[ticket.pk])}"' in html

    response = client.post(
        reverse("csat-portal-answer", args=[ticket.pk]),
        {"rating": "good", "comment": "Quick, thanks"},
        follow=True,
    )

    html = response.content.decode()
    assert "Thank you for your answer." in html
    assert 'data-csat-answered="good"' in html
    assert "You answered <strong>Good</strong>. Thank you!" in html


def test_the_portal_does_not_ask_a_manager_or_about_an_open_ticket(resolved, customer):
    ticket = resolved()
    org = ticket.requester.customer_profile.organization
    manager = CustomerFactory(customer_profile__organization=org, customer_profile__is_manager=True)
    assert "How did we do?" not in _portal(manager, ticket)[1]

    from tests.factories import TicketFactory

    open_ticket = TicketFactory(requester=customer)
    assert "How did we do?" not in _portal(customer, open_ticket)[1]


def test_a_portal_answer_without_a_rating_is_refused_with_a_message(resolved):
    ticket = resolved()
    client = Client()
    client.force_login(ticket.requester)
    before = world()

    response = client.post(reverse("csat-portal-answer", args=[ticket.pk]), {}, follow=True)

    assert "Choose Good or Not good." in response.content.decode()
    assert world() == before


def test_a_second_portal_answer_is_refused_with_a_message(resolved):
    ticket = resolved()
    client = Client()
    client.force_login(ticket.requester)
    url = reverse("csat-portal-answer", args=[ticket.pk])
    client.post(url, {"rating": "not_good"})

    response = client.post(url, {"rating": "good"}, follow=True)

    assert "You already answered this question." in response.content.decode()
    assert Survey.objects.get(ticket=ticket).rating == "not_good"
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.SYSTEM_NOTE).count() == 1


def test_a_link_checkers_head_request_answers_nothing(resolved):
    survey = Survey.objects.get(ticket=resolved())
    before = world()

    response = Client().head(_link(survey, "not_good"))

    assert response.status_code == 405
    assert world() == before


def test_a_comment_before_any_answer_is_refused_on_the_page(resolved):
    survey = Survey.objects.get(ticket=resolved())
    before = world()

    response = Client().post(_link(survey), {"comment": "First!"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Answer the question before adding a comment." in html
    assert "You already answered" not in html
    assert world() == before


def test_the_portal_stops_asking_when_the_question_closes(resolved, time_machine):
    ticket = resolved()
    time_machine.move_to(timezone.now() + timedelta(days=31))

    assert "How did we do?" not in _portal(ticket.requester, ticket)[1]
