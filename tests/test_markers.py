"""The markers ``-m`` selects on are on the tests when they are collected (tests/conftest.py)."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_every_browser_test_is_marked_browser_and_no_other(request):
    for item in request.session.items:
        in_browser = (TESTS / "browser") in item.path.parents
        assert (item.get_closest_marker("browser") is not None) is in_browser, item.nodeid


def test_every_postgres_module_is_marked_postgres(request):
    for item in request.session.items:
        if item.path.stem.endswith("_postgres"):
            assert item.get_closest_marker("postgres") is not None, item.nodeid
