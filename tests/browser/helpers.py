"""Helpers for browser tests: sign in through the real form; run axe-core in the page."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def login(page, live_server, username: str, password: str = "demo") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def assert_accessible(page) -> None:
    results = _axe.run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in serious
    ]
    assert not serious, "accessibility violations on " + page.url + ":\n" + "\n".join(details)
