"""Seed 000's Experts list: "reference the Experts list for teammates knowledgeable on specific
topics". Each agent keeps their own topics; everyone on the desk finds who to ask."""

import pytest
from django.urls import reverse

from escalation import services
from escalation.models import AgentProfile
from helpdesk.core.errors import PermissionDenied, ValidationFailed
from tests.factories import AgentFactory, CustomerFactory
from tests.support.snapshots import world

pytestmark = pytest.mark.django_db


def test_topics_are_cleaned_once_each_in_the_order_written(agent):
    topics = services.set_topics(agent, " Invoicing ,stripe  payouts,, invoicing, VAT ")
    assert topics == ["Invoicing", "stripe payouts", "VAT"]
    assert AgentProfile.objects.get(user=agent).topics == "Invoicing, stripe payouts, VAT"


@pytest.mark.parametrize("text", [", ".join(f"topic {n}" for n in range(21)), "x" * 41])
def test_too_many_or_too_long_topics_change_nothing(agent, text):
    services.set_topics(agent, "Invoicing")
    before = world()
    with pytest.raises(ValidationFailed) as refused:
        services.set_topics(agent, text)
    assert "topics" in refused.value.details["fields"]
    assert world() == before


def test_customers_have_no_topics():
    with pytest.raises(PermissionDenied):
        services.set_topics(CustomerFactory(), "Invoicing")


def test_the_page_finds_who_to_ask_by_topic_or_name(client, agent, django_assert_num_queries):
    services.set_topics(AgentFactory(username="vera", first_name="Vera"), "VAT, invoicing")
    services.set_topics(AgentFactory(username="sam"), "Stripe")
    AgentFactory(username="quiet")  # no topics: not listed
    client.force_login(agent)

    # session, user, groups, your own topics, experts, their tiers, timer, bell
    with django_assert_num_queries(8):
        page = client.get(reverse("desk-experts"), {"q": "invoic"}).content.decode()
    assert "@vera" in page
    assert '<span class="tag is-info is-light mr-1">VAT</span>' in page
    assert "@sam" not in page
    everyone = client.get(reverse("desk-experts")).content.decode()
    assert "@vera" in everyone and "@sam" in everyone  # noqa: PT018
    assert "@quiet" not in everyone
    assert (
        "Nobody lists “gardening” yet."
        in client.get(reverse("desk-experts"), {"q": "gardening"}).content.decode()
    )


def test_the_query_count_does_not_grow_with_the_experts(client, agent, django_assert_num_queries):
    for n in range(50):
        services.set_topics(AgentFactory(username=f"expert{n}"), f"topic {n}, shared")
    client.force_login(agent)
    with django_assert_num_queries(8):
        page = client.get(reverse("desk-experts"), {"q": "shared"}).content.decode()
    assert page.count("@expert") == 50


def test_an_agent_saves_their_own_topics_on_the_page(client, agent):
    client.force_login(agent)
    done = client.post(reverse("desk-experts"), {"topics": "Refunds, PayPal"}, follow=True)
    html = done.content.decode()
    assert "Your topics are saved." in html
    assert 'value="Refunds, PayPal"' in html
    refused = client.post(reverse("desk-experts"), {"topics": "y" * 45})
    assert refused.status_code == 400
    assert "Each topic at most 40 characters." in refused.content.decode()


def test_customers_cannot_open_the_list(client):
    client.force_login(CustomerFactory())
    assert client.get(reverse("desk-experts")).status_code == 403
