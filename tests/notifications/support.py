"""Helpers of the outbox tests."""

import socket
from contextlib import contextmanager

from helpdesk.celery import app as celery_app


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
