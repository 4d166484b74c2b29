"""Thin Celery tasks with explicit names: each runs one sweep. django-celery-beat runs them every
minute (the periodic tasks come from a data migration; edit or pause them in admin).

Sweeps are idempotent, so the tasks acknowledge late: a message redelivered after a lost worker
runs the sweep again and changes nothing that was already done.
"""

from celery import shared_task

from . import sweeps


def _run(sweep: type[sweeps.Sweep], batch_size: int | None) -> int:
    return sweep().run(batch_size=batch_size).applied


@shared_task(name="tickets.sweep_pending_reminders", acks_late=True, ignore_result=True)
def sweep_pending_reminders(batch_size: int | None = None) -> int:
    return _run(sweeps.PendingReminder, batch_size)


@shared_task(name="tickets.sweep_pending_auto_resolve", acks_late=True, ignore_result=True)
def sweep_pending_auto_resolve(batch_size: int | None = None) -> int:
    return _run(sweeps.PendingAutoResolve, batch_size)


@shared_task(name="tickets.sweep_waiting_expiry", acks_late=True, ignore_result=True)
def sweep_waiting_expiry(batch_size: int | None = None) -> int:
    return _run(sweeps.WaitingExpiry, batch_size)


@shared_task(name="tickets.sweep_hold_expiry", acks_late=True, ignore_result=True)
def sweep_hold_expiry(batch_size: int | None = None) -> int:
    return _run(sweeps.HoldExpiry, batch_size)


@shared_task(name="tickets.sweep_auto_close", acks_late=True, ignore_result=True)
def sweep_auto_close(batch_size: int | None = None) -> int:
    return _run(sweeps.AutoClose, batch_size)
