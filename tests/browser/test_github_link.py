"""The known issue's GitHub link-up in a real browser (seed 003-23/59, decision 0034): an agent
opens the bug on GitHub (a real HTTP server on 127.0.0.1 plays GitHub's API), GitHub's signed
webhook reports it closed, and the page says so; without settings the page says how to turn
GitHub on. The page passes axe in light and dark mode and fits a 390 px phone.

Screenshots: ``test-artifacts/screenshots/github-*.png``.
"""

import hashlib
import hmac
import json

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from knownissues import services as knownissues
from tests.browser.helpers import assert_accessible, login
from tests.factories import AgentFactory, LeadFactory
from tests.factories_github import FakeGitHub

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SECRET = "browser-secret"


@pytest.fixture
def github(settings):
    fake = FakeGitHub().start()
    settings.GITHUB_API_URL = fake.url
    settings.GITHUB_REPOSITORY = "acme/shop"
    settings.GITHUB_TOKEN = "ghp_browser"
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    yield fake
    fake.stop()


def close_on_github(number: int) -> None:
    body = json.dumps(
        {"action": "closed", "issue": {"number": number}, "repository": {"full_name": "acme/shop"}}
    ).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    response = Client().post(
        reverse("github-webhook"),
        data=body,
        content_type="application/json",
        headers={"X-GitHub-Event": "issues", "X-Hub-Signature-256": signature},
    )
    assert response.status_code == 200


def test_an_agent_opens_the_bug_on_github_and_sees_it_closed(
    browser, live_server, shot, github, settings
):
    olga = AgentFactory(username="olga")
    LeadFactory(username="lena")
    issue = knownissues.create_known_issue(actor=olga, title="fixed: payouts run twice.")
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    login(page, live_server, "olga")
    page.goto(f"{live_server.url}/desk/known-issues/{issue.pk}/")
    box = page.locator("#github")
    expect(box).to_contain_text("Opens an issue in acme/shop")
    shot(page, "github-01-before")
    box.get_by_role("button", name="Open a GitHub issue").click()
    expect(page.get_by_text("GitHub issue #77 opened")).to_be_visible()
    expect(page.locator("[data-github-linked]")).to_contain_text("#77")
    [(path, _, body)] = github.requests
    assert path == "/repos/acme/shop/issues"
    assert body["title"] == "Fixed: payouts run twice"
    shot(page, "github-02-opened")

    close_on_github(77)
    page.reload()
    expect(page.locator("[data-github-linked]")).to_contain_text("closed on GitHub")
    shot(page, "github-03-closed")

    failures = []
    for viewport, width in ((LAPTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.reload()
            page.wait_for_load_state("networkidle")
            shot(page, f"github-scheme-{scheme}-{width}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if viewport is PHONE and scroll > PHONE["width"]:
                failures.append(f"{scheme}: {scroll} px wide on a 390 px phone")
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{scheme} {width}: {error}")
    assert not failures, "\n\n".join(failures)

    settings.GITHUB_TOKEN = ""
    other = knownissues.create_known_issue(actor=olga, title="fixed: exports time out")
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/desk/known-issues/{other.pk}/")
    expect(page.locator("[data-github-off]")).to_contain_text("GitHub is not connected")
    shot(page, "github-04-off")
    context.close()
