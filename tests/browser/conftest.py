"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

The ``shot`` fixture saves a full-page screenshot under ``test-artifacts/screenshots/``;
``tests/browser/helpers.py`` has ``login`` and ``assert_accessible``.
"""

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(autouse=True)
def _browser_marker(request):
    request.node.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _migrated_rows(request):
    """Each live-server test starts with the rows the migrations seed, whatever ran before it
    (an earlier live-server test flushed them; see ``django_db_setup`` in tests/conftest.py)."""
    if "live_server" not in request.fixturenames:
        return
    from django.core.management import call_command
    from django.db import connection

    from tests.conftest import MIGRATED_ROWS

    if connection.alias in MIGRATED_ROWS:
        # Start from empty tables (the flush's post_migrate may have recreated content types).
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(MIGRATED_ROWS[connection.alias])


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
