"""The leads' doc-request queue, the ticket page's "Doc requested", the dashboard's figures, and
what customers never see of them."""

import pytest
from django.test import Client
from django.utils import timezone

from knowledge.models import Article, DocRequest
from knowledge.services import doc_requests
from knowledge.states import Audience, DocRequestStatus
from tests.factories import CustomerFactory, TicketFactory
from tests.support.snapshots import world
from tickets import services as tickets

pytestmark = pytest.mark.django_db

QUEUE = "/desk/kb/doc-requests/"
SECRET = "Internal: restart the export worker first."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def requested(ticket, kind="user", note=""):
    request, _ = doc_requests.request_from_ticket(
        ticket, kind=kind, source="tag", why="Tagged “Proposed User Doc”", note=note,
        at=timezone.now(),
    )  # fmt: skip
    return request


@pytest.mark.parametrize("n", [5, 50])
def test_the_queue_costs_the_same_for_5_and_50_requests(lead, n, django_assert_num_queries):
    made = []
    for i in range(n):
        first, second = TicketFactory(subject=f"Export {i}"), TicketFactory(subject=f"Also {i}")
        request = requested(first)
        doc_requests.add_ticket(request, second, actor=lead)
        made.append((request, first, second))
    client = signed_in(lead)
    # session, user, groups, the page's count, the page (with article and decider), its
    # tickets (one prefetch), the counts per status, the bell's unread count, the running timer
    with django_assert_num_queries(9):
        response = client.get(QUEUE)
    html = response.content.decode()
    assert html.count('data-doc-request="') == n
    assert f'data-doc-tab="open">Open ({n})</a>' in html
    for request, first, second in made:
        assert f'<a href="/desk/tickets/{first.pk}/">#{first.pk} {first.subject}</a>' in html
        assert f'<a href="/desk/tickets/{second.pk}/">#{second.pk} {second.subject}</a>' in html
        assert f'action="/desk/kb/doc-requests/{request.pk}/start/"' in html
    assert html.count("2 tickets asked for it") == n


def test_agents_see_the_queue_without_the_leads_actions(agent):
    ticket = TicketFactory(subject="Webhooks time out")
    request = requested(ticket, kind="internal", note=SECRET)

    html = signed_in(agent).get(QUEUE).content.decode()

    assert f'id="doc-request-{request.pk}-title">Webhooks time out</h2>' in html
    assert "Internal doc" in html
    assert SECRET in html
    assert "Start an article" not in html
    assert "Leads start the articles or decline the requests." in html


def test_start_an_article_goes_to_its_edit_page(lead):
    request = requested(TicketFactory(subject="Export invoices to CSV"))

    response = signed_in(lead).post(f"{QUEUE}{request.pk}/start/")

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/kb/{article.pk}/edit/"
    assert (article.title, article.audience) == ("Export invoices to CSV", Audience.PUBLIC)
    request.refresh_from_db()
    assert request.status == DocRequestStatus.DRAFTING
    html = signed_in(lead).get(QUEUE, {"status": "drafting"}).content.decode()
    assert f'Article: <a href="/desk/kb/{article.pk}/">Export invoices to CSV</a> (draft)' in html


def test_decline_without_a_reason_shows_the_queue_with_the_refusal_and_changes_nothing(lead):
    request = requested(TicketFactory())
    before = world()

    response = signed_in(lead).post(f"{QUEUE}{request.pk}/decline/", {"reason": " "})

    assert response.status_code == 400
    assert f"Doc request {request.pk}: Say why the doc is not needed." in response.content.decode()
    assert world() == before


def test_decline_with_a_reason_lists_it_under_declined(lead):
    request = requested(TicketFactory())

    response = signed_in(lead).post(
        f"{QUEUE}{request.pk}/decline/", {"reason": "The FAQ covers it."}
    )

    assert response.status_code == 302
    html = signed_in(lead).get(QUEUE, {"status": "declined"}).content.decode()
    assert "Declined by lena: The FAQ covers it." in html
    assert "No doc requests are open." in signed_in(lead).get(QUEUE).content.decode()


def test_add_a_ticket_by_its_number(lead):
    request = requested(TicketFactory())
    other = TicketFactory(subject="Same question")

    response = signed_in(lead).post(f"{QUEUE}{request.pk}/tickets/", {"ticket": f"#{other.pk}"})

    assert response.status_code == 302
    assert f"#{other.pk} Same question</a>" in signed_in(lead).get(QUEUE).content.decode()


def test_the_ticket_page_says_doc_requested(lead):
    ticket = TicketFactory()
    request = requested(ticket, kind="internal")

    html = signed_in(lead).get(f"/desk/tickets/{ticket.pk}/").content.decode()

    assert f'data-doc-requested="{request.pk}"' in html
    link = f'href="/desk/kb/doc-requests/?status=open#doc-request-{request.pk}">Internal doc:'
    assert link in html


def test_the_dashboard_counts_live_requests_and_three_duplicates(lead, agent):
    requested(TicketFactory())
    trio = [TicketFactory() for _ in range(3)]
    for ticket in trio:
        tickets.change_tags(ticket, actor=agent, add=["Billing"])
        tickets.transition(ticket, actor=agent, name="resolve")

    html = signed_in(lead).get("/desk/sla/").content.decode()

    assert (
        '<a href="/desk/kb/doc-requests/">2 doc requests wait for an article, 1 of them '
        "because three tickets got the same answer without a doc.</a>"
    ) in html
    assert "data-doc-request-figures" not in signed_in(agent).get("/desk/sla/").content.decode()


def test_customers_see_nothing_of_doc_requests(customer, lead):
    ticket = TicketFactory(requester=customer, organization=customer.customer_profile.organization)
    request = requested(ticket, note=SECRET)
    article = doc_requests.start_article(request, actor=lead)
    client = signed_in(customer)
    before = world()

    for url in [QUEUE, f"{QUEUE}?status=drafting"]:
        assert client.get(url).status_code == 403
    for action, data in [("start", {}), ("decline", {"reason": "x"}), ("tickets", {"ticket": 1})]:
        assert client.post(f"{QUEUE}{request.pk}/{action}/", data).status_code == 403
    assert world() == before

    portal = client.get(f"/portal/tickets/{ticket.pk}/")
    assert portal.status_code == 200
    page = portal.content.decode()
    assert "Doc requested" not in page
    assert SECRET not in page
    assert "doc-request" not in page
    help_centre = Client().get("/help/search/", {"q": request.title}).content.decode()
    assert f"/help/articles/{article.pk}-" not in help_centre  # the started article is a draft
    assert client.get(f"/help/articles/{article.pk}-{article.slug}/").status_code == 404
    api = client.get(f"/api/tickets/{ticket.pk}/")
    assert api.status_code == 200
    assert SECRET not in api.content.decode()
    assert "doc_request" not in api.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in():
    assert Client().get(QUEUE).status_code == 302
    assert not DocRequest.objects.exists()


def test_another_customer_gets_403_too():
    assert signed_in(CustomerFactory()).get(QUEUE).status_code == 403


# --- the staff API -----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 50])
def test_the_api_lists_the_queue_in_the_same_queries_for_5_and_50(
    agent, n, django_assert_num_queries
):
    made = [requested(TicketFactory(subject=f"Export {i}"), note=SECRET) for i in range(n)]
    client = signed_in(agent)
    # session, user, groups, count, page, its tickets
    with django_assert_num_queries(6):
        response = client.get("/api/kb/doc-requests/")
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [request.pk for request in made]
    first = made[0].asked_by.get()
    assert rows[0]["tickets"] == [
        {
            "ticket": first.ticket_id,
            "subject": "Export 0",
            "why": "Tagged “Proposed User Doc”",
            "at": rows[0]["tickets"][0]["at"],
        }
    ]
    assert rows[0]["note"] == f"#{first.ticket_id}: {SECRET}"


def test_the_api_refuses_customers_and_unknown_statuses(customer, agent):
    requested(TicketFactory(), note=SECRET)

    refused = signed_in(customer).get("/api/kb/doc-requests/")
    assert refused.status_code == 403
    assert SECRET not in refused.content.decode()
    wrong = signed_in(agent).get("/api/kb/doc-requests/", {"status": "lost"})
    assert wrong.status_code == 400
    assert wrong.json()["error"]["fields"] == {
        "status": ["Choose one of: open, drafting, done, declined."]
    }
