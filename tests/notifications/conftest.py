import pytest

from helpdesk.celery import app as celery_app


@pytest.fixture
def test_templates(settings):
    """Adds tests/notifications/templates (``testmail/hello``) to the template folders."""
    from pathlib import Path

    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = [engine]


@pytest.fixture
def published(monkeypatch):
    """Records the tasks published by name instead of reaching a broker."""
    calls = []

    def send_task(name, *args, **kwargs):
        calls.append(name)

    monkeypatch.setattr(celery_app, "send_task", send_task)
    return calls
