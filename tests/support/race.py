"""Races on PostgreSQL: callables run at the same moment, each in its own thread and connection.

The test must be ``django_db(transaction=True)`` (and marked ``postgres``): each thread opens
its own database connection and sees only committed rows, as two requests or two workers do.

    outcomes = at_once(
        lambda: services.escalate_up(ticket, actor=ana, ...),
        lambda: services.escalate_up(ticket, actor=bo, ...),
    )
    [won] = returned(outcomes)
    [lost] = raised(outcomes, Conflict)

``at_once`` releases the callables together from a barrier. ``in_threads`` starts them without
one, for races the test orders itself (events, or its own barrier after each thread has read
what its page showed). Either way each connection waits at most ``lock_timeout`` for a row lock,
so a deadlock fails the test instead of hanging it, and every outcome comes back: the value a
callable returned or the exception it raised.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection, connections

LOCK_TIMEOUT = "5s"
JOIN_TIMEOUT = 60.0


def in_threads(*targets: Callable[[], Any], lock_timeout: str | None = LOCK_TIMEOUT) -> list[Any]:
    """Run each target in its own thread and database connection; return their outcomes in
    order (the value returned, or the exception raised)."""
    outcomes: list[Any] = [None] * len(targets)

    def run(index: int, target: Callable[[], Any]) -> None:
        try:
            if lock_timeout:
                with connection.cursor() as cursor:
                    cursor.execute(f"SET lock_timeout = '{lock_timeout}'")
            outcomes[index] = target()
        except BaseException as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    stuck = [index for index, thread in enumerate(threads) if thread.is_alive()]
    assert not stuck, f"racers {stuck} still running after {JOIN_TIMEOUT:.0f} s"
    return outcomes


def at_once(*targets: Callable[[], Any], lock_timeout: str | None = LOCK_TIMEOUT) -> list[Any]:
    """``in_threads``, with every target released at the same instant from one barrier."""
    barrier = threading.Barrier(len(targets))

    def released(target: Callable[[], Any]) -> Callable[[], Any]:
        def go() -> Any:
            barrier.wait(timeout=10)
            return target()

        return go

    return in_threads(*(released(target) for target in targets), lock_timeout=lock_timeout)


def raised(outcomes: list[Any], kind: type[BaseException] = BaseException) -> list[Any]:
    """The outcomes that are exceptions of ``kind``."""
    return [outcome for outcome in outcomes if isinstance(outcome, kind)]


def returned(outcomes: list[Any]) -> list[Any]:
    """The outcomes that are values, not exceptions."""
    return [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]
