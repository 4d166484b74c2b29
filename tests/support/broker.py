"""The broker made unreachable, for tests of what happens to mail and tasks meanwhile."""

import socket
from contextlib import contextmanager

from helpdesk.celery import app as celery_app


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def broker_unreachable():
    """Points the Celery app's publishing at a port nothing listens on, then back.

    ``broker_write_url`` rather than ``broker_url``: Celery lets the ``CELERY_BROKER_URL``
    environment variable (set in CI) win over ``broker_url`` in the configuration.
    """
    old = celery_app.conf.get("broker_write_url")
    celery_app.conf.broker_write_url = f"redis://127.0.0.1:{closed_port()}/0"
    celery_app._after_fork()  # drop the cached connection and producer pools
    try:
        yield
    finally:
        celery_app.conf.broker_write_url = old
        celery_app._after_fork()
