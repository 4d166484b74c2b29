""" "Did this answer your question?" and "This solved it", counted once per visitor: a signed-in
user by their account, anyone else by their session. A second vote changes the first; a second
"this solved it" is the same deflection; "this solved it" files no ticket."""

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.core.errors import NotFound
from knowledge import selectors, services
from knowledge.models import ArticleVote, Deflection
from tests.factories import CustomerFactory
from tests.support.snapshots import world
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _votes(article) -> list[tuple[str, bool]]:
    return list(ArticleVote.objects.filter(article=article).values_list("visitor", "helpful"))


def test_a_second_vote_of_a_visitor_changes_the_first(publish):
    article = publish("Export invoices")

    services.vote(article, visitor="session:abc", helpful=True)
    services.vote(article, visitor="session:abc", helpful=False)
    services.vote(article, visitor="user:7", helpful=True)

    assert sorted(_votes(article)) == [("session:abc", False), ("user:7", True)]
    assert selectors.feedback(article) == {"helpful": 1, "unhelpful": 1, "deflections": 0}


@pytest.mark.parametrize("state", ["draft", "internal"])
def test_only_help_centre_articles_take_votes(publish, draft, state):
    article = draft("Export invoices") if state == "draft" else publish("Disk", audience="internal")
    before = world()

    with pytest.raises(NotFound):
        services.vote(article, visitor="session:abc", helpful=True)
    with pytest.raises(NotFound):
        services.record_deflection(article, visitor="session:abc", subject="x")

    assert world() == before


def test_anonymous_readers_vote_once_per_session_without_javascript(publish):
    article = publish("Export invoices")
    url = reverse("help-vote", args=[article.pk])
    reader, other = Client(), Client()

    first = reader.post(url, {"helpful": "yes"})
    reader.post(url, {"helpful": "no"})
    other.post(url, {"helpful": "yes"})

    assert first.status_code == 302
    assert first["Location"] == f"/help/articles/{article.pk}-{article.slug}/#feedback"
    assert sorted(helpful for _, helpful in _votes(article)) == [False, True]
    page = reader.get(first["Location"]).content.decode()
    assert "Thanks for your answer: it helps us improve this article." in page
    assert 'data-my-vote="no">You answered No.' in page
    assert "1 of 2 readers found this helpful." in page


def test_a_signed_in_customer_votes_as_themselves_and_htmx_swaps_the_answer(publish):
    article = publish("Export invoices")
    customer = CustomerFactory()
    client = Client()
    client.force_login(customer)
    url = reverse("help-vote", args=[article.pk])

    response = client.post(url, {"helpful": "yes"}, headers={"HX-Request": "true"})
    client.post(url, {"helpful": "yes"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.startswith('<section class="box kb-feedback mt-5" id="feedback"')
    assert 'data-my-vote="yes">You answered Yes.' in html
    assert "1 of 1 reader found this helpful." in html
    assert _votes(article) == [(f"user:{customer.pk}", True)]


def test_a_vote_that_is_neither_yes_nor_no_is_not_counted(publish):
    article = publish("Export invoices")
    client = Client()

    response = client.post(reverse("help-vote", args=[article.pk]), {"helpful": "maybe"})

    assert response.status_code == 302
    assert ArticleVote.objects.count() == 0
    assert "Answer Yes or No." in client.get(response["Location"]).content.decode()


def test_this_solved_it_counts_one_deflection_per_visitor_and_files_no_ticket(publish):
    article = publish("Export invoices")
    customer = CustomerFactory()
    client = Client()
    client.force_login(customer)
    url = reverse("help-solved", args=[article.pk])

    first = client.post(url, {"asked": "  How do I   export invoices? "})
    client.post(url, {"asked": "again"})
    Client().post(url, {"asked": "Export"})  # an anonymous reader

    assert first.status_code == 302
    assert first["Location"] == f"/help/articles/{article.pk}-{article.slug}/"
    rows = [(v.split(":")[0], s) for v, s in Deflection.objects.values_list("visitor", "subject")]
    assert sorted(rows) == [("session", "Export"), ("user", "How do I export invoices?")]
    assert Deflection.objects.filter(visitor=f"user:{customer.pk}").exists()
    assert Ticket.objects.count() == 0
    page = client.get(first["Location"]).content.decode()
    assert "Glad it is solved. We did not open a ticket" in page
    assert "data-deflect" not in page
    assert selectors.feedback(article)["deflections"] == 2
