import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; pytest-django's live_server needs this with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"

# The rows the migrations seed (groups, tiers, policies, calendars...), as Django serializes them.
MIGRATED_ROWS: dict[str, str] = {}


def on_postgresql() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook deselects by -m
def pytest_collection_modifyitems(config, items):
    """Markers decided at collection, so ``-m`` selects on them.

    - ``browser``: every test under tests/browser/ (``-m "not browser"`` leaves them out).
    - ``postgres``: a test or module marked so is skipped unless the database is PostgreSQL
      (``-m postgres`` runs only those), decided before any database is set up.
    """
    skip_postgres = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI does)")
    postgresql = on_postgresql()
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("postgres") and not postgresql:
            item.add_marker(skip_postgres)


def pytest_assertrepr_compare(op, left, right):
    """``assert world() == before`` names the rows that changed (tests/support/snapshots.py)."""
    from tests.support.snapshots import Snapshot, differences

    if op == "==" and isinstance(left, Snapshot) and isinstance(right, Snapshot):
        heading = "the database changed (- before the action, + after it):"
        return [heading, *differences(right, left)]
    return None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep a copy of the freshly migrated database for the browser tests.

    A live-server test flushes the database when it ends. Django's serialized rollback would put
    the seeded rows back, but once Playwright's sync API runs, tests execute in a greenlet where
    Django hands out a fresh connection object without the serialized copy: tests/browser
    restores the rows from this copy instead.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        MIGRATED_ROWS[connection.alias] = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _migrated_rows(request):
    """A test on a real transaction (live server, worker processes, races) starts with the rows
    the migrations seed, whatever ran before it: an earlier such test flushed them, and Django's
    serialized rollback cannot always put them back (see ``django_db_setup`` above)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        return
    request.getfixturevalue("_django_db_helper")
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    if connection.alias in MIGRATED_ROWS and not Group.objects.exists():
        # Start from empty tables (the flush's post_migrate may have recreated content types).
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(MIGRATED_ROWS[connection.alias])
        # The rows come back with their ids, but the flush restarted the sequences: move each
        # past its table's rows, or the next insert (a migration re-applied by a migration test,
        # a tier an admin adds) collides with a restored id.
        _reset_sequences(connection)


def _reset_sequences(connection) -> None:
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files of a test go to its own folder; passwords hash fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def customer(db):
    from tests.factories import CustomerFactory

    return CustomerFactory(username="alice")


@pytest.fixture
def agent(db):
    from tests.factories import AgentFactory

    return AgentFactory(username="tina")


@pytest.fixture
def lead(db):
    from tests.factories import LeadFactory

    return LeadFactory(username="lena")
