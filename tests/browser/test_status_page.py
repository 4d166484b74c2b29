"""The status page and Changing of the Guard in a real browser: a lead previews and posts a known
issue, an anonymous visitor reads it (also without JavaScript), an agent sees why they cannot
post, and the on-call log is written and closed on the guard page.

Screenshots: ``test-artifacts/screenshots/status-*.png`` and ``guard-*.png``.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from knownissues import services
from knownissues.models import KnownIssue, OnCallLogEntry
from knownissues.states import LogKind
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, LeadFactory

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_page(username=None, **options):
        context = browser.new_context(viewport=options.pop("viewport", LAPTOP), **options)
        contexts.append(context)
        page = context.new_page()
        if username:
            login(page, live_server, username)
        return page

    yield open_page
    for context in contexts:
        context.close()


def make_issue(author, **fields) -> KnownIssue:
    now = timezone.now()
    return KnownIssue.objects.create(
        title=fields.pop("title", "Calendar sync stalls"),
        slug=fields.pop("slug", "calendar-sync"),
        created_by=author,
        created_at=now - timedelta(hours=2),
        updated_at=now - timedelta(hours=2),
        **fields,
    )


def test_all_systems_normal_for_an_anonymous_visitor(as_user, live_server, shot):
    page = as_user()

    response = page.goto(f"{live_server.url}/status/")

    assert "set-cookie" not in response.headers
    assert response.headers["cache-control"] == "public, max-age=60"
    expect(page.get_by_text("All systems normal.")).to_be_visible()
    assert_accessible(page)
    shot(page, "status-normal")


def test_a_lead_previews_and_posts_and_the_public_reads_it(as_user, live_server, shot):
    lead = LeadFactory(username="lena")
    issue = make_issue(
        lead,
        title="Fixed: INTERNAL sync worker wedged on db-7",
        public_title="Calendar sync is delayed",
        description="SECRET: the sync worker on db-7 is wedged",
        public_summary="Calendar sync with booking channels is delayed.",
    )
    page = as_user("lena")

    page.goto(f"{live_server.url}/desk/guard/status/{issue.pk}/post/")
    summary = page.get_by_label("Public summary")
    expect(summary).to_have_value("Calendar sync with booking channels is delayed.")
    summary.fill("Calendar sync with booking channels is delayed.\nWe are investigating.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="What the public will see")).to_be_visible()
    expect(page.locator("#status-preview")).to_contain_text("We are investigating.")
    expect(page.locator("#status-preview h3")).to_have_text(
        "Investigating Calendar sync is delayed"
    )
    assert_accessible(page)
    shot(page, "status-post-preview")
    page.get_by_role("button", name="Post on the status page").click()
    expect(page.get_by_text(f"Known issue {issue.pk} is on the status page.")).to_be_visible()
    expect(page.get_by_role("heading", name="Post an update")).to_be_visible()
    assert_accessible(page)
    shot(page, "status-post-posted")

    public = as_user(java_script_enabled=False)
    public.goto(f"{live_server.url}/status/")
    expect(public.get_by_text("1 ongoing incident: some systems are affected.")).to_be_visible()
    incident = public.locator(f"#incident-{issue.pk}")
    expect(incident).to_contain_text("We are investigating.")
    expect(incident.get_by_role("heading")).to_have_text("Investigating Calendar sync is delayed")
    expect(public.locator(".status-day .status-lines li")).to_contain_text(
        "Calendar sync is delayed · Investigating"
    )
    for private in ("SECRET", "INTERNAL", "db-7", f"Incident {issue.pk}"):
        assert private not in public.content(), private
    feed = public.request.get(f"{live_server.url}/status/feed/").text()
    assert "<title>Calendar sync is delayed: Investigating</title>" in feed
    assert "INTERNAL" not in feed
    shot(public, "status-incident")

    # axe needs JavaScript: check the same page with it, light and dark, on a laptop and a phone.
    for scheme in ("light", "dark"):
        for name, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
            seen = as_user(viewport=viewport, color_scheme=scheme)
            seen.goto(f"{live_server.url}/status/")
            expect(seen.locator(f"#incident-{issue.pk}")).to_be_visible()
            assert_accessible(seen)
            shot(seen, f"status-incident-{name}-{scheme}")


def test_an_agent_sees_the_post_button_disabled_with_the_reason(as_user, live_server, shot):
    lead = LeadFactory(username="lena")
    AgentFactory(username="tina")
    issue = make_issue(lead, public_summary="Payment pages are slow.")
    page = as_user("tina")

    page.goto(f"{live_server.url}/desk/guard/status/{issue.pk}/post/")

    expect(page.get_by_role("button", name="Post on the status page")).to_be_disabled()
    expect(page.locator("#poster-refusal")).to_contain_text("Only status posters")
    assert_accessible(page)
    shot(page, "status-post-agent")


def test_the_guard_page_logs_and_closes_an_open_loop(as_user, live_server, shot):
    lead = LeadFactory(username="lena")
    AgentFactory(username="tina")
    issue = make_issue(lead, title="Fixed: payouts stuck in pending")
    services.post_incident(issue, actor=lead, summary="Some payouts are delayed.")
    OnCallLogEntry.objects.create(
        kind=LogKind.OPEN_LOOP,
        text="Airbnb webhooks retried twice; check they settle.",
        author=lead,
        created_at=timezone.now() - timedelta(days=8),
    )
    page = as_user("tina")

    page.goto(f"{live_server.url}/desk/")
    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="Guard").click()
    expect(page.get_by_role("heading", name="Changing of the Guard")).to_be_visible()
    expect(page.get_by_text("Fixed: payouts stuck in pending")).to_be_visible()
    expect(
        page.locator(".guard-log-text", has_text="Airbnb webhooks retried twice")
    ).to_be_visible()
    page.get_by_label("Kind").select_option("script")
    page.get_by_label("What was done, or what is still open").fill(
        "Ran fix_payout_state.sql for the 14 stuck payouts."
    )
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_text("Added to the on-call log: script run.")).to_be_visible()
    assert_accessible(page)
    shot(page, "guard-week")

    page.get_by_role("button", name="Mark done: Open loop Airbnb webhooks").click()
    expect(page.get_by_text("Marked done: it is no longer carried forward.")).to_be_visible()
    entry = OnCallLogEntry.objects.get(kind=LogKind.OPEN_LOOP)
    assert entry.done_by.username == "tina"
    shot(page, "guard-week-done")
