"""Internal articles, drafts and archived articles are nowhere a customer or an anonymous reader
looks: not in the help centre's pages, its search, the portal's suggestions or the API. Agents
find them on the desk. The ticket page's knowledge panel and its "answered by" events are staff
only."""

import pytest
from django.test import Client
from django.urls import reverse

from knowledge import services
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar"  # a word only the hidden articles hold


@pytest.fixture
def articles(publish, draft, lead):
    archived = publish(f"{SECRET} archived export", f"{SECRET} archived.")
    services.transition_article(archived, actor=lead, name="archive")
    return {
        "public": publish("Export invoices", f"Press Export. {SECRET} is not here."),
        "internal": publish(f"{SECRET} internal export", f"{SECRET} root password.",
                            audience="internal"),
        "draft": draft(f"{SECRET} draft export", f"{SECRET} unfinished."),
        "archived": archived,
    }  # fmt: skip


def _client(who):
    client = Client()
    if who == "customer":
        client.force_login(CustomerFactory())
    return client


HIDDEN = ["internal", "draft", "archived"]


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_hidden_articles_are_nowhere_in_the_help_centre(articles, who):
    client = _client(who)
    pages = [
        client.get("/help/"),
        client.get("/help/categories/general/"),
        client.get("/help/search/", {"q": f"{SECRET} export"}),
        client.get("/help/search/", {"q": "export"}),
        client.get("/help/suggest/", {"q": f"{SECRET} export"}, headers={"HX-Request": "true"}),
        client.get("/help/suggest/", {"subject": "export"}, headers={"HX-Request": "true"}),
        client.post("/help/suggest/", {"subject": f"{SECRET} export"}),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "internal export" not in html
        assert "draft export" not in html
        assert "archived export" not in html
    public = articles["public"]
    assert f'href="/help/articles/{public.pk}-{public.slug}/"' in pages[0].content.decode()
    assert "<mark>Export</mark> invoices</a>" in pages[3].content.decode()


@pytest.mark.parametrize("who", ["anonymous", "customer"])
@pytest.mark.parametrize("kind", HIDDEN)
def test_a_hidden_article_is_a_404_on_its_page_and_in_the_api(articles, who, kind):
    article = articles[kind]
    client = _client(who)

    page = client.get(reverse("help-article", args=[article.pk, article.slug]))
    api = client.get(f"/api/kb/articles/{article.pk}/")
    listing = client.get("/api/kb/articles/", {"search": SECRET})
    votes = client.post(reverse("help-vote", args=[article.pk]), {"helpful": "yes"})

    assert page.status_code == 404
    assert SECRET not in page.content.decode()
    assert api.status_code == 404
    assert api.json() == {
        "error": {"code": "not_found", "message": f"Article {article.pk} was not found."}
    }
    assert [row["title"] for row in listing.json()["results"]] == ["Export invoices"]
    assert votes.status_code == 404


def test_agents_find_every_article_on_the_desk_and_in_the_api(articles, agent):
    client = Client()
    client.force_login(agent)

    listing = client.get("/api/kb/articles/", {"search": SECRET}).json()["results"]
    desk = client.get("/desk/kb/", {"q": SECRET}).content.decode()
    followed = client.get(
        reverse("help-article", args=[articles["internal"].pk, articles["internal"].slug])
    )

    assert sorted(row["title"] for row in listing) == [
        "Export invoices",
        f"{SECRET} archived export",
        f"{SECRET} draft export",
        f"{SECRET} internal export",
    ]
    for kind in HIDDEN:
        assert f'data-article="{articles[kind].pk}"' in desk
    assert followed.status_code == 302
    assert followed["Location"] == f"/desk/kb/{articles['internal'].pk}/"


def test_customers_see_no_knowledge_panel_and_no_answered_by_event(articles, agent):
    ticket = TicketFactory()
    services.link_article(articles["internal"], ticket, actor=agent)
    customer = Client()
    customer.force_login(ticket.requester)

    portal = customer.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    api = customer.get(f"/api/tickets/{ticket.pk}/messages/").json()

    assert portal.count("Knowledge base") == 0
    assert SECRET not in portal
    assert "linked the answer" not in portal
    assert all(SECRET not in message["body"] for message in api)
    assert customer.get(f"/desk/tickets/{ticket.pk}/").status_code == 403
