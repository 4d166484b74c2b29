"""Ask a worker to run a Celery task once the current transaction commits.

Services never import tasks: they publish a task by its name, after the commit, so the worker
finds the rows the transaction wrote. Publishing never fails the caller: with the broker down
the error is logged and swallowed, and the task's periodic run (django-celery-beat) catches up,
so an outage delays the work but loses none. A publication waits at most about half a second
for a broker that does not answer.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from helpdesk.celery import app as celery_app

logger = logging.getLogger(__name__)

RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}


def publish(name: str, *args: Any, fallback: str) -> bool:
    """Publish task ``name`` with ``args`` now. Never raises: False when the broker refused;
    ``fallback`` says in the log what catches up (``the periodic sender delivers the mail``)."""
    try:
        celery_app.send_task(
            name,
            args=list(args) if args else None,
            retry=True,
            retry_policy=RETRY_POLICY,
            ignore_result=True,
        )
    except Exception:
        shown = f"{name}{list(args)}" if args else name
        logger.warning("Could not publish %s; %s.", shown, fallback, exc_info=True)
        return False
    return True


@dataclass(frozen=True)
class Publication:
    """One task to publish after the commit; equal publications are published once."""

    name: str
    args: tuple[Any, ...]
    fallback: str

    def __call__(self) -> bool:
        return publish(self.name, *self.args, fallback=self.fallback)


def publish_on_commit(name: str, *args: Any, fallback: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """``publish(name, *args)`` once the current transaction commits (at once outside one).
    Asked again in the same transaction with the same name and arguments, it publishes once."""
    publication = Publication(name, args, fallback)
    waiting = getattr(connections[using], "run_on_commit", None) or []
    if any(callback == publication for _, callback, *_ in waiting):
        return
    transaction.on_commit(publication, using=using)
