"""The sign-in page renders, passes axe, and signs a customer in."""

from tests.browser.helpers import assert_accessible, login
from tests.factories import CustomerFactory


def test_sign_in_page_is_accessible_and_works(page, live_server, shot, db):
    CustomerFactory(username="carol")
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.title() == "Sign in · Helpdesk"
    assert_accessible(page)
    shot(page, "00-sign-in")
    login(page, live_server, "carol")
    assert page.url.endswith("/portal/")
