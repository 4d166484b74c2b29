import socket
from contextlib import contextmanager

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


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def broker_unreachable():
    """Points the Celery app at a port nothing listens on, then back at the configured broker."""
    old = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
    celery_app._after_fork()  # drop the cached connection and producer pools
    try:
        yield
    finally:
        celery_app.conf.broker_url = old
        celery_app._after_fork()
