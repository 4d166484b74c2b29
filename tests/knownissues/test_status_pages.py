"""The public status page, status.json and the Atom feed; the desk's posting page."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from knownissues import services
from knownissues.models import KnownIssue, KnownIssueLink, StatusUpdate
from knownissues.states import IssueStatus
from tests.factories import (
    CustomerFactory,
    MessageFactory,
    OrganizationFactory,
    TicketFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC_URLS = ("status-page", "status-json", "status-feed")


def make_issue(author, **fields) -> KnownIssue:
    now = timezone.now()
    fields.setdefault("title", "Calendar sync stalls")
    fields.setdefault("slug", "calendar-sync")
    fields.setdefault("created_at", now - timedelta(hours=3))
    fields.setdefault("updated_at", fields["created_at"])
    return KnownIssue.objects.create(created_by=author, **fields)


def public_bodies(client: Client) -> dict[str, str]:
    return {name: client.get(reverse(name)).content.decode() for name in PUBLIC_URLS}


# --- privacy -----------------------------------------------------------------------------------


def test_the_public_pages_never_show_staff_text_tickets_or_customers(lead, agent):
    """With a public title set, the title is staff text like the description."""
    org = OrganizationFactory(name="Zephyr Lodges Ltd")
    customer = CustomerFactory(
        username="zelda-cust",
        first_name="Zelda",
        last_name="Quartermaine",
        email="zelda@zephyr.example",
        customer_profile__organization=org,
    )
    ticket = TicketFactory(requester=customer, subject="Zelda's VRBO payouts vanished")
    MessageFactory(ticket=ticket, author=customer, body="Private body text 7731")
    issue = make_issue(
        lead,
        title="Fixed: staff-only title XJ9 about the payout job",
        public_title="Host payouts are delayed",
        description="SECRET staff description: run fix_payouts.sql on db-7",
        bug_url="https://bugs.example.com/internal/4242",
        partner_tickets="VRBO-99881",
    )
    KnownIssueLink.objects.create(
        known_issue=issue, ticket=ticket, linked_by=agent, linked_at=timezone.now()
    )
    services.post_incident(issue, actor=lead, summary="Some payouts are delayed. We are on it.")
    services.add_incident_update(issue, actor=lead, summary="A fix is being deployed.")
    client = Client()

    bodies = public_bodies(client)

    secrets = [
        "SECRET staff description",
        "fix_payouts",
        "staff-only title XJ9",
        "bugs.example.com",
        "VRBO-99881",
        "Zephyr",
        "Zelda",
        "Quartermaine",
        "zelda@zephyr.example",
        "zelda-cust",
        "VRBO payouts vanished",
        "Private body text",
        f"#{ticket.pk}",
        lead.username,
        agent.username,
    ]
    for name, body in bodies.items():
        assert "Host payouts are delayed" in body, name
        assert "Some payouts are delayed. We are on it." in body, name
        assert "A fix is being deployed." in body, name
        leaked = [secret for secret in secrets if secret.lower() in body.lower()]
        assert leaked == [], (name, leaked)


def test_an_issue_that_is_not_posted_is_nowhere_on_the_public_pages(lead):
    make_issue(lead, public_summary="Draft text not posted yet")

    bodies = public_bodies(Client())

    assert all("Draft text not posted yet" not in body for body in bodies.values())
    assert "All systems normal." in bodies["status-page"]


# --- the page ----------------------------------------------------------------------------------


def test_all_systems_normal_without_incidents(client):
    response = client.get(reverse("status-page"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "All systems normal." in body
    assert "No incidents reported in the last 30 days." in body


def test_the_page_shows_current_incidents_and_the_history(lead):
    current = make_issue(lead, slug="current")
    old = make_issue(lead, slug="old")
    services.post_incident(
        old, actor=lead, summary="Search is slow.", at=timezone.now() - timedelta(days=2)
    )
    StatusUpdate.objects.create(
        known_issue=old,
        status=IssueStatus.RESOLVED,
        summary="Search is fast again.",
        posted_by=lead,
        created_at=timezone.now() - timedelta(days=1),
    )
    KnownIssue.objects.filter(pk=old.pk).update(status=IssueStatus.RESOLVED)
    services.post_incident(current, actor=lead, summary="Calendar sync is delayed.")

    body = Client().get(reverse("status-page")).content.decode()

    assert "1 ongoing incident: some systems are affected." in body
    assert f'id="incident-{current.pk}"' in body
    assert f'id="incident-{old.pk}"' not in body
    assert "Search is fast again." in body
    assert "Search is slow." in body


def test_the_public_responses_are_cacheable_and_set_no_cookie(lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Calendar sync is delayed.")
    client = Client()

    for name in PUBLIC_URLS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "public, max-age=60", name
        assert "Cookie" not in response.get("Vary", ""), name
        assert response.cookies == {}, name
        again = client.get(reverse(name), headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304, name
    assert client.cookies == {}


def test_a_signed_in_agent_gets_the_same_public_page(lead, agent):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Calendar sync is delayed.")
    client = Client()
    client.force_login(agent)

    with time_machine.travel(timezone.now(), tick=False):
        anonymous = Client().get(reverse("status-page"))
        signed_in = client.get(reverse("status-page"))

    assert signed_in.content == anonymous.content


def test_the_page_takes_three_queries_for_5_or_50_incidents(
    lead, client, django_assert_num_queries
):
    posted = []

    def post_many(count):
        for n in range(count):
            issue = make_issue(lead, slug=f"issue-{n}")
            services.post_incident(issue, actor=lead, summary=f"Issue {n}.")
            posted.append((issue.pk, f"Issue {n}."))

    def assert_shown(response):
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('class="box status-incident"') == len(posted)
        for number, summary in posted:
            assert f'id="incident-{number}"' in html
            assert f'<span class="status-text">{summary}</span>' in html

    post_many(5)
    with django_assert_num_queries(3):
        response = client.get(reverse("status-page"))
    assert_shown(response)
    post_many(45)
    with django_assert_num_queries(3):
        response = client.get(reverse("status-page"))
    assert_shown(response)


def test_post_is_not_allowed_on_the_public_urls(client):
    for name in PUBLIC_URLS:
        assert client.post(reverse(name)).status_code == 405


# --- status.json and the feed ------------------------------------------------------------------


def test_status_json_has_only_public_fields(lead, client):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Calendar sync is delayed.")

    data = client.get(reverse("status-json")).json()

    assert set(data) == {"status", "incidents", "history", "history_days", "generated_at"}
    assert data["status"] == "degraded"
    [incident] = data["incidents"]
    assert set(incident) == {
        "number",
        "title",
        "status",
        "status_label",
        "summary",
        "posted_at",
        "updated_at",
        "updates",
    }
    assert (incident["number"], incident["title"], incident["status"], incident["summary"]) == (
        issue.pk,
        "Calendar sync stalls",
        "investigating",
        "Calendar sync is delayed.",
    )
    assert [set(line) for line in data["history"]] == [
        {"incident", "title", "status", "status_label", "summary", "at"}
    ]


def test_status_json_is_operational_without_incidents(client):
    data = client.get(reverse("status-json")).json()

    assert (data["status"], data["incidents"], data["history"]) == ("operational", [], [])


def test_the_feed_is_atom_with_one_entry_per_public_line(lead, client):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="Calendar sync is delayed.")
    services.add_incident_update(issue, actor=lead, summary="Fixed.")

    response = client.get(reverse("status-feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Service status"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}summary") for e in entries] == [
        "Fixed.",
        "Calendar sync is delayed.",
    ]
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Calendar sync stalls: Investigating",
        "Calendar sync stalls: Investigating",
    ]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/status/#incident-{issue.pk}")


# --- public titles and public status words ---------------------------------------------------


def feed_titles(client: Client) -> list[str]:
    root = ET.fromstring(client.get(reverse("status-feed")).content)
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


def test_incidents_are_named_by_their_public_title_in_public_words(lead):
    issue = make_issue(
        lead,
        title="Fixed: celery beat double-fires the sync job",
        public_title="Calendar sync is late",
    )
    services.post_incident(issue, actor=lead, summary="Calendar sync is delayed.")
    issue.refresh_from_db()
    services.change_status(issue, actor=lead, status=IssueStatus.KNOWN_ISSUE)
    client = Client()

    page = client.get(reverse("status-page")).content.decode()
    data = client.get(reverse("status-json")).json()

    assert '<span class="tag is-warning is-medium">Identified</span> Calendar sync is late' in page
    assert "<strong>Calendar sync is late · Identified</strong>" in page
    assert "<strong>Calendar sync is late · Investigating</strong>" in page
    assert f"Incident {issue.pk}" not in page
    assert "Known Issue" not in page
    assert "celery beat" not in page
    [incident] = data["incidents"]
    assert (incident["title"], incident["status"], incident["status_label"]) == (
        "Calendar sync is late",
        "known_issue",
        "Identified",
    )
    assert [line["status_label"] for line in incident["updates"]] == [
        "Identified",
        "Investigating",
    ]
    assert feed_titles(client) == [
        "Calendar sync is late: Identified",
        "Calendar sync is late: Investigating",
    ]


def test_a_resolved_incident_says_resolved_under_its_public_title(lead):
    issue = make_issue(lead, public_title="Search is slow")
    services.post_incident(issue, actor=lead, summary="Search is slow.")
    issue.refresh_from_db()
    services.change_status(issue, actor=lead, status=IssueStatus.RESOLVED)
    client = Client()

    page = client.get(reverse("status-page")).content.decode()

    assert "All systems normal." in page
    assert "<strong>Search is slow · Resolved</strong>" in page
    assert feed_titles(client)[0] == "Search is slow: Resolved"


def test_without_a_public_title_the_incident_is_named_by_its_title(lead):
    issue = make_issue(lead, title="Calendar sync stalls", public_title="")
    services.post_incident(issue, actor=lead, summary="Calendar sync is delayed.")

    page = Client().get(reverse("status-page")).content.decode()

    assert (
        '<span class="tag is-warning is-medium">Investigating</span> Calendar sync stalls' in page
    )
    assert feed_titles(Client()) == ["Calendar sync stalls: Investigating"]


def _linked_issue(lead, agent, **fields) -> KnownIssue:
    org = OrganizationFactory(name="Zephyr Lodges")
    ticket = TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    issue = make_issue(lead, **fields)
    KnownIssueLink.objects.create(
        known_issue=issue, ticket=ticket, linked_by=agent, linked_at=timezone.now()
    )
    return issue


def test_posting_is_refused_while_the_title_shown_names_a_customer(lead, agent):
    issue = _linked_issue(lead, agent, title="Zephyr Lodges payouts vanish", public_title="")
    client = Client()
    client.force_login(lead)

    response = client.post(reverse("status-post", args=[issue.pk]), {"summary": "Delays."})

    assert response.status_code == 400
    assert (
        "The title (the status page shows it while no public title is set) names customers or "
        "tickets of this issue (Zephyr Lodges): the status page is public. Write a public title "
        "without them. Nothing was posted."
    ) in response.content.decode()
    issue.refresh_from_db()
    assert (issue.is_public, StatusUpdate.objects.count()) == (False, 0)


def test_a_public_title_keeps_a_title_naming_a_customer_off_the_page(lead, agent):
    issue = _linked_issue(
        lead, agent, title="Zephyr Lodges payouts vanish", public_title="Payouts are late"
    )

    services.post_incident(issue, actor=lead, summary="Some payouts are late.")

    bodies = public_bodies(Client())
    for name, body in bodies.items():
        assert "Payouts are late" in body, name
        assert "Zephyr" not in body, name


def test_a_posted_issue_cannot_get_a_public_title_naming_a_customer(lead, agent):
    issue = _linked_issue(lead, agent, public_title="Payouts are late")
    services.post_incident(issue, actor=lead, summary="Some payouts are late.")
    client = Client()
    client.force_login(lead)
    before = Client().get(reverse("status-page"))["ETag"]

    response = client.post(
        reverse("knownissues-edit", args=[issue.pk]),
        {
            "title": issue.title,
            "public_title": "Zephyr Lodges payouts are late",
            "slug": issue.slug,
        },
    )

    assert response.status_code == 400
    assert (
        "The public title names customers or tickets of this issue (Zephyr Lodges): the status "
        "page is public. Write a public title without them. Nothing was changed."
    ) in response.content.decode()
    issue.refresh_from_db()
    assert issue.public_title == "Payouts are late"
    assert Client().get(reverse("status-page"))["ETag"] == before


def test_the_known_issue_form_sets_the_public_title(lead):
    client = Client()
    client.force_login(lead)

    created = client.post(
        reverse("knownissues-create"),
        {
            "title": "Fixed: retry storm in the sync worker",
            "public_title": "Calendar sync is late",
            "status": IssueStatus.INVESTIGATING,
        },
    )
    issue = KnownIssue.objects.get()
    form = client.get(reverse("knownissues-edit", args=[issue.pk])).content.decode()
    edited = client.post(
        reverse("knownissues-edit", args=[issue.pk]),
        {"title": issue.title, "public_title": "  Calendar sync is slow  ", "slug": issue.slug},
    )

    assert created.status_code == 302
    assert 'name="public_title"' in form
    assert 'value="Calendar sync is late"' in form
    assert edited.status_code == 302
    issue.refresh_from_db()
    assert issue.public_title == "Calendar sync is slow"


# --- the posting page on the desk --------------------------------------------------------------


def test_a_lead_posts_from_the_desk_page_and_it_is_public(lead, agent):
    issue = make_issue(lead, public_summary="Calendar sync is delayed.")
    client = Client()
    client.force_login(lead)

    page = client.get(reverse("status-post", args=[issue.pk]))
    assert page.status_code == 200
    assert "Calendar sync is delayed." in page.content.decode()  # pre-filled and previewed

    response = client.post(
        reverse("status-post", args=[issue.pk]), {"summary": "Calendar sync is delayed."}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("status-post", args=[issue.pk])
    issue.refresh_from_db()
    assert issue.is_public is True
    assert "Calendar sync is delayed." in Client().get(reverse("status-page")).content.decode()


def test_an_agent_sees_the_button_disabled_with_the_reason_and_the_post_is_refused(lead, agent):
    issue = make_issue(lead, public_summary="Calendar sync is delayed.")
    client = Client()
    client.force_login(agent)

    page = client.get(reverse("status-post", args=[issue.pk])).content.decode()
    response = client.post(reverse("status-post", args=[issue.pk]), {"summary": "Posting."})

    assert "disabled" in page
    assert "Only status posters may post on the public status page" in page
    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.is_public is False
    assert StatusUpdate.objects.count() == 0


def test_preview_shows_the_public_view_and_writes_nothing(lead):
    issue = make_issue(lead)
    client = Client()
    client.force_login(lead)

    response = client.post(
        reverse("status-post", args=[issue.pk]),
        {"summary": "Payment pages are slow.", "preview": "1"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "What the public will see" in body
    assert 'class="box status-incident"' in body
    assert "Payment pages are slow." in body
    issue.refresh_from_db()
    assert issue.is_public is False


def test_a_summary_with_a_customer_name_comes_back_with_the_error(lead, agent):
    org = OrganizationFactory(name="Zephyr Lodges")
    ticket = TicketFactory(requester=CustomerFactory(customer_profile__organization=org))
    issue = make_issue(lead)
    KnownIssueLink.objects.create(
        known_issue=issue, ticket=ticket, linked_by=agent, linked_at=timezone.now()
    )
    client = Client()
    client.force_login(lead)

    response = client.post(
        reverse("status-post", args=[issue.pk]), {"summary": "Zephyr Lodges cannot sync."}
    )

    assert response.status_code == 400
    assert "Remove Zephyr Lodges: no customer names or ticket data." in response.content.decode()
    issue.refresh_from_db()
    assert issue.is_public is False


def test_posting_an_issue_someone_else_just_posted_is_a_conflict(lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="First.")
    client = Client()
    client.force_login(lead)

    response = client.post(reverse("status-post", args=[issue.pk]), {"summary": "Second."})

    assert response.status_code == 409
    assert "already on the status page" in response.content.decode()
    assert list(StatusUpdate.objects.values_list("summary", flat=True)) == ["First."]


def test_update_and_take_down_from_the_desk(lead):
    issue = make_issue(lead)
    services.post_incident(issue, actor=lead, summary="First.")
    client = Client()
    client.force_login(lead)

    updated = client.post(reverse("status-post-update", args=[issue.pk]), {"summary": "Fixing."})
    empty_reason = client.post(reverse("status-take-down", args=[issue.pk]), {"reason": ""})
    taken_down = client.post(reverse("status-take-down", args=[issue.pk]), {"reason": "Oops."})

    assert updated.status_code == 302
    assert empty_reason.status_code == 400
    assert "Write the reason (staff only)." in empty_reason.content.decode()
    assert taken_down.status_code == 302
    issue.refresh_from_db()
    assert issue.is_public is False
    assert "Fixing." not in Client().get(reverse("status-page")).content.decode()


def test_the_posting_page_of_a_missing_issue_is_404(lead):
    client = Client()
    client.force_login(lead)

    assert client.get(reverse("status-post", args=[999999])).status_code == 404


def test_customers_cannot_reach_the_posting_page(lead):
    issue = make_issue(lead)
    client = Client()
    client.force_login(CustomerFactory())

    response = client.get(reverse("status-post", args=[issue.pk]))

    assert response.status_code == 403
