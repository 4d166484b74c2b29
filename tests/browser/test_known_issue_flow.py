"""Issue 8 end to end in a real browser: three customers of three organizations report the same
problem; a lead sees the "create a known issue?" signal, creates the known issue from their
tickets, posts it on the public status page; an anonymous visitor reads the incident (page, JSON,
Atom) without any staff or customer data; staff resolve it and send one bulk answer that resolves
the tickets; each customer reads the answer on their portal ticket, and the status page shows the
incident resolved in its history.

Screenshots: ``test-artifacts/screenshots/ki-flow-*.png``.
"""

import re

import pytest
from playwright.sync_api import expect

from knownissues import tasks
from knownissues.models import BulkAnswer, BulkAnswerDelivery, KnownIssue
from knownissues.states import BulkAnswerState, IssueStatus
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, CustomerFactory, LeadFactory, OrganizationFactory
from tickets import services as tickets
from tickets.models import Message, Ticket
from tickets.states import MessageKind, Status

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
TAG = "invoice-pdf-blank"
TITLE = "Fixed: invoice PDFs render blank pages"
PUBLIC_TITLE = "Invoices download as blank pages"
SECRET = "SECRET-7f3a: renderer pod pdf-2 lost its font volume"
PUBLIC_SUMMARY = "Invoice PDFs may download as blank pages. We are working on a fix."
ANSWER = "The blank invoice PDFs are **fixed**: download the invoice again."
CUSTOMERS = [
    # username, first name, last name, organization, ticket subject
    ("amira_h", "Amira", "Haddad", "Bluewave Rentals", "Invoice for March is an empty page"),
    ("bruno_k", "Bruno", "Kessler", "Alpine Lodges AG", "PDF invoice shows nothing"),
    ("chiara_m", "Chiara", "Moretti", "Costa Villas Srl", "Blank invoice download"),
]
LEAD, AGENT = "lead_lena", "agent_tina"


@pytest.fixture
def as_user(browser, live_server):
    """A page in a fresh browser context (own cookies and cache), signed in when named."""
    contexts = []

    def open_page(username=None):
        context = browser.new_context(viewport=LAPTOP)
        contexts.append(context)
        page = context.new_page()
        if username:
            login(page, live_server, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def world(db):
    LeadFactory(username=LEAD, first_name="Lena", last_name="Lindqvist")
    tina = AgentFactory(username=AGENT)
    reported = []
    for n, (username, first, last, org_name, subject) in enumerate(CUSTOMERS):
        org = OrganizationFactory(name=org_name, slug=f"flow-org-{n}")
        customer = CustomerFactory(
            username=username,
            first_name=first,
            last_name=last,
            customer_profile__organization=org,
        )
        ticket = tickets.submit_ticket(
            actor=customer,
            subject=subject,
            description="The invoice PDF I download has no content.",
            category="question",
        )
        tickets.set_tags(ticket, actor=tina, names=[TAG])
        reported.append(ticket)
    return reported


def _private_strings() -> list[str]:
    """What the public must never read: staff text, people, organizations, ticket data."""
    strings = [SECRET, "SECRET-7f3a", TITLE, LEAD, AGENT, "Lena Lindqvist"]
    for username, first, last, org_name, subject in CUSTOMERS:
        strings += [username, f"{first} {last}", last, org_name, subject, f"{username}@example.com"]
    return strings


def _assert_nothing_private(text: str, reported, where: str) -> None:
    leaked = [s for s in _private_strings() if s.lower() in text.lower()]
    assert not leaked, f"{where} shows {leaked}"
    numbers = [t.pk for t in reported]
    assert not re.search(rf"#({'|'.join(map(str, numbers))})\b", text), f"{where} shows #ticket"


def _assert_public_feeds(page, live_server, reported) -> tuple[dict, str]:
    data = page.request.get(f"{live_server.url}/status.json")
    assert data.ok
    feed = page.request.get(f"{live_server.url}/status/feed/")
    assert feed.ok
    assert feed.headers["content-type"].startswith("application/atom+xml")
    _assert_nothing_private(data.text(), reported, "status.json")
    _assert_nothing_private(feed.text(), reported, "the Atom feed")
    return data.json(), feed.text()


def test_known_issue_from_signal_to_status_page_to_bulk_answer(as_user, live_server, world, shot):
    reported = world

    # 1-2. The lead sees the signal on the SLA dashboard and creates the issue from the tickets.
    lead = as_user(LEAD)
    lead.goto(f"{live_server.url}/desk/sla/")
    signal = lead.locator(f'[data-signal-tag="{TAG}"]')
    expect(signal).to_contain_text(f"3 open tickets tagged {TAG} have no known issue.")
    shot(lead, "ki-flow-01-sla-signal")
    signal.get_by_role("link", name="Create a known issue from them").click()

    expect(lead.get_by_role("heading", name="New known issue")).to_be_visible()
    expect(lead.get_by_label("Tag words")).to_have_value(TAG)
    for ticket in reported:
        expect(lead.get_by_label(f"#{ticket.pk} {ticket.subject}")).to_be_checked()
    lead.get_by_label("Title", exact=True).fill(TITLE)
    lead.get_by_label("Public title").fill(PUBLIC_TITLE)
    lead.get_by_label("Description (staff only)").fill(SECRET)
    lead.get_by_label("Public summary").fill(PUBLIC_SUMMARY)
    lead.get_by_label("Status").select_option("known_issue")
    assert_accessible(lead)
    shot(lead, "ki-flow-02-create-from-tickets")
    lead.get_by_role("button", name="Create known issue").click()

    issue = KnownIssue.objects.get()
    tag_name = f"{issue.pk}-{TAG}"
    expect(lead.locator("#messages")).to_contain_text(
        f"Known issue {tag_name} created, 3 tickets linked."
    )
    expect(lead.get_by_role("heading", name=TITLE)).to_be_visible()
    for ticket in reported:
        expect(lead.locator(f'tr[data-ticket="{ticket.pk}"]')).to_be_visible()
    assert issue.status == IssueStatus.KNOWN_ISSUE
    assert issue.description == SECRET
    for ticket in reported:
        assert sorted(ticket.tags.values_list("name", flat=True)) == sorted([tag_name, TAG])
    shot(lead, "ki-flow-03-issue-created")

    # 3. The lead (a status poster: Leads) posts it from the detail page's link.
    lead.get_by_role("link", name="Post it on the public status page").click()
    summary = lead.get_by_label("Public summary")
    expect(summary).to_have_value(PUBLIC_SUMMARY)
    lead.get_by_role("button", name="Preview").click()
    expect(lead.get_by_role("heading", name="What the public will see")).to_be_visible()
    expect(lead.locator("#status-preview")).to_contain_text(PUBLIC_SUMMARY)
    shot(lead, "ki-flow-04-status-post-preview")
    lead.get_by_role("button", name="Post on the status page").click()
    expect(lead.get_by_text(f"Known issue {issue.pk} is on the status page.")).to_be_visible()
    issue.refresh_from_db()
    assert issue.is_public
    shot(lead, "ki-flow-05-status-posted")

    # 4. An anonymous visitor reads the incident, and nothing private, on the page, JSON and feed.
    public = as_user()
    public.goto(f"{live_server.url}/status/")
    expect(public.get_by_text("1 ongoing incident: some systems are affected.")).to_be_visible()
    incident = public.locator(f"#incident-{issue.pk}")
    expect(incident.get_by_role("heading")).to_have_text(f"Identified {PUBLIC_TITLE}")
    expect(incident).to_contain_text(PUBLIC_SUMMARY)
    _assert_nothing_private(public.content(), reported, "the status page")
    assert public.context.cookies() == []
    assert_accessible(public)
    shot(public, "ki-flow-06-status-incident")
    data, feed = _assert_public_feeds(public, live_server, reported)
    assert data["status"] == "degraded"
    assert [
        (i["number"], i["title"], i["status_label"], i["summary"]) for i in data["incidents"]
    ] == [(issue.pk, PUBLIC_TITLE, "Identified", PUBLIC_SUMMARY)]
    assert f"<title>{PUBLIC_TITLE}: Identified</title>" in feed
    assert PUBLIC_SUMMARY in feed

    # 5. Staff resolve the issue and send one bulk answer that resolves the tickets.
    lead.goto(f"{live_server.url}/desk/known-issues/{issue.pk}/")
    lead.get_by_role("button", name="Resolve").click()
    expect(lead.locator("#messages")).to_contain_text("Resolved.")
    lead.get_by_label("Answer to every linked ticket").fill(ANSWER)
    expect(lead.get_by_label("Resolve the tickets too")).to_be_checked()
    shot(lead, "ki-flow-07-resolved-compose")
    lead.get_by_role("button", name="Preview").click()
    expect(lead.locator("[data-preview] strong")).to_have_text("fixed")
    expect(lead.locator(".ki-recipients li")).to_have_count(3)
    expect(lead.get_by_text("Resolves the tickets")).to_be_visible()
    assert_accessible(lead)
    shot(lead, "ki-flow-08-bulk-preview")
    lead.get_by_role("button", name="Send to 3 tickets").click()
    expect(lead.locator("[data-state]")).to_have_text("Sending")
    answer = BulkAnswer.objects.get()
    assert answer.state == BulkAnswerState.SENDING
    assert BulkAnswerDelivery.objects.count() == 0

    # The page published a Celery task on commit; no worker runs here: deliver as it would.
    assert tasks.send_bulk_answer(answer.pk) == 3
    lead.reload()
    expect(lead.locator("[data-state]")).to_have_text("Sent")
    expect(lead.get_by_role("heading", level=1)).to_have_text(
        f"Answer to every ticket of {tag_name}"
    )
    expect(lead.locator(".ki-recipients .tag.is-success")).to_have_count(3)
    shot(lead, "ki-flow-09-bulk-sent")
    for ticket in reported:
        ticket.refresh_from_db()
        assert ticket.status == Status.RESOLVED
        replies = Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
        assert list(replies.values_list("body", flat=True)) == [ANSWER]

    # 6. Each customer reads the answer on their own ticket, shown as solved.
    for (username, *_), ticket in zip(CUSTOMERS, reported, strict=True):
        portal = as_user(username)
        portal.goto(f"{live_server.url}/portal/tickets/{ticket.pk}/")
        expect(portal.get_by_role("heading", name=f"#{ticket.pk} {ticket.subject}")).to_be_visible()
        expect(portal.locator(".tag[data-status=resolved]")).to_have_text(
            "Solved — reply to reopen"
        )
        reply = portal.get_by_role("article", name="Reply from support")
        expect(reply).to_have_count(1)
        expect(reply.locator("strong", has_text="fixed")).to_be_visible()
        html = portal.content()
        assert SECRET not in html
        others = [c for c in CUSTOMERS if c[0] != username]
        assert not [o[3] for o in others if o[3] in html], "another organization is shown"
        assert not [o[4] for o in others if o[4] in html], "another customer's ticket is shown"
        assert_accessible(portal)
        shot(portal, f"ki-flow-10-portal-{username}")
    assert Ticket.objects.filter(status=Status.RESOLVED).count() == 3

    later = as_user()
    later.goto(f"{live_server.url}/status/")
    expect(later.get_by_text("All systems normal.")).to_be_visible()
    expect(later.get_by_text("No incidents right now.")).to_be_visible()
    history = later.locator(".status-day .status-lines li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text(f"{PUBLIC_TITLE} · Resolved")
    expect(history.nth(1)).to_contain_text(f"{PUBLIC_TITLE} · Identified")
    _assert_nothing_private(later.content(), reported, "the status page")
    assert_accessible(later)
    shot(later, "ki-flow-11-status-resolved")
    data, feed = _assert_public_feeds(later, live_server, reported)
    assert data["status"] == "operational"
    assert data["incidents"] == []
    assert [(u["incident"], u["status"]) for u in data["history"]] == [
        (issue.pk, "resolved"),
        (issue.pk, "known_issue"),
    ]
    assert f"<title>{PUBLIC_TITLE}: Resolved</title>" in feed
