"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked ``browser`` at collection (tests/conftest.py).

The ``shot`` fixture saves a full-page screenshot under ``test-artifacts/screenshots/``;
``tests/browser/helpers.py`` has ``login`` and ``assert_accessible``.
"""

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
