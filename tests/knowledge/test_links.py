""" "Answered by": an agent links a published article to a ticket (once), with a line on the
ticket's staff timeline; unlinking says so too. The ticket page's panel lists the answers with
how many tickets each answered, searches the published articles and links one."""

import pytest
from django.test import Client
from django.urls import reverse

from helpdesk.core.errors import NotFound, PermissionDenied
from knowledge import services
from knowledge.errors import AlreadyLinked, NotPublished
from knowledge.models import ArticleLink
from tests.factories import CustomerFactory, TicketFactory
from tests.support.snapshots import world
from tickets.models import Message
from tickets.states import MessageKind

pytestmark = pytest.mark.django_db


def _events(ticket) -> list[str]:
    return list(
        Message.objects.filter(ticket=ticket, kind=MessageKind.EVENT)
        .order_by("id")
        .values_list("body", flat=True)
    )


def _desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_agent_links_an_article_and_the_timeline_says_so(agent, publish):
    article = publish("Export invoices")
    ticket = TicketFactory()

    link = services.link_article(article, ticket.pk, actor=agent)

    assert (link.ticket, link.article, link.linked_by) == (ticket, article, agent)
    assert _events(ticket) == [
        f"tina linked the answer **Export invoices** (article {article.pk})."
    ]


def test_an_internal_article_is_named_internal_on_the_timeline(agent, publish):
    article = publish("Disk full", audience="internal")
    ticket = TicketFactory()

    services.link_article(article, ticket, actor=agent)

    assert _events(ticket) == [
        f"tina linked the answer **Disk full** (internal) (article {article.pk})."
    ]


def test_an_article_answers_a_ticket_once(agent, publish):
    article = publish("Export invoices")
    ticket = TicketFactory()
    services.link_article(article, ticket, actor=agent)
    before = world()

    with pytest.raises(AlreadyLinked, match="already answers"):
        services.link_article(article, ticket, actor=agent)

    assert world() == before


def test_only_a_published_article_answers_a_ticket(agent, draft):
    article = draft("Export invoices")
    ticket = TicketFactory()
    before = world()

    with pytest.raises(NotPublished, match="is draft: only a published article answers"):
        services.link_article(article, ticket, actor=agent)

    assert world() == before


def test_customers_may_not_link_articles(publish):
    article = publish("Export invoices")
    ticket = TicketFactory()
    stranger = CustomerFactory()
    before = world()

    with pytest.raises(PermissionDenied):
        services.link_article(article, ticket, actor=ticket.requester)
    with pytest.raises(PermissionDenied):
        services.unlink_article(article, ticket, actor=stranger)

    assert world() == before


def test_unlinking_removes_the_link_and_says_so(agent, publish):
    article = publish("Export invoices")
    ticket = TicketFactory()
    services.link_article(article, ticket, actor=agent)

    services.unlink_article(article, ticket, actor=agent)

    assert ArticleLink.objects.count() == 0
    assert _events(ticket)[-1] == (
        f"tina unlinked the answer **Export invoices** (article {article.pk})."
    )
    with pytest.raises(NotFound, match="is not linked to"):
        services.unlink_article(article, ticket, actor=agent)


def test_the_panel_lists_the_answers_with_how_many_tickets_each_answered(agent, publish):
    article = publish("Export invoices")
    ticket, other = TicketFactory(), TicketFactory()
    services.link_article(article, ticket, actor=agent)
    services.link_article(article, other, actor=agent)

    html = _desk(agent).get(f"/desk/tickets/{ticket.pk}/").content.decode()
    page = _desk(agent).get(f"/desk/kb/{article.pk}/").content.decode()

    panel = html[html.index("data-kb-panel") :]
    assert f'<div class="kb-link" data-linked-article="{article.pk}">' in panel
    assert "Answered 2 tickets" in panel
    assert f'action="/desk/kb/{article.pk}/unlink/{ticket.pk}/"' in panel
    assert 'data-answered="2">It answered 2 tickets.' in page
    assert f'href="/desk/tickets/{other.pk}/">#{other.pk} {other.subject}</a>' in page


def test_the_panel_search_offers_insert_and_link_for_published_articles(
    agent, publish, draft, settings
):
    settings.HELPDESK_BASE_URL = "https://help.example.com"
    public = publish("Export invoices")
    internal = publish("Export the server logs", audience="internal")
    draft("Export a report")
    ticket = TicketFactory()
    services.link_article(internal, ticket, actor=agent)

    response = _desk(agent).get(
        "/desk/kb/search/", {"q": "export", "ticket": ticket.pk}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.count('class="kb-result"') == 2
    assert "report" not in html
    assert (
        f'data-title="Export invoices" data-url="https://help.example.com/help/articles/'
        f'{public.pk}-{public.slug}/" data-internal="false"'
    ) in html
    assert (
        f'data-url="https://help.example.com/desk/kb/{internal.pk}/" data-internal="true"' in html
    )
    assert "Insert desk link" in html
    assert "Internal: customers cannot open this link." in html
    assert f'action="/desk/kb/{public.pk}/link/"' in html
    assert f"Answers #{ticket.pk}" in html  # the internal one is linked already


def test_link_as_the_answer_from_the_panel_goes_back_to_the_ticket(agent, publish):
    article = publish("Export invoices")
    ticket = TicketFactory()
    client = _desk(agent)
    back = reverse("desk-ticket", args=[ticket.pk])

    response = client.post(
        reverse("kb-link", args=[article.pk]), {"ticket": ticket.pk, "next": back}
    )
    again = client.post(reverse("kb-link", args=[article.pk]), {"ticket": ticket.pk, "next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert ArticleLink.objects.get().ticket == ticket
    page = client.get(again["Location"]).content.decode()
    assert f"“Export invoices” already answers #{ticket.pk}." in page
