"""Keep SLA clocks in step with tickets: the tickets services send ``ticket_changed``,
``first_response`` and ``category_changed``."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tickets.signals import category_changed, first_response, ticket_changed

from .business_time import forget_compiled_calendars
from .models import BusinessCalendar, Holiday, WorkingInterval
from .services import (
    retarget_first_response,
    start_first_response,
    stop_first_response,
    sync_ticket_clocks,
)
from .services.clocks import FINISHED_STATUSES


@receiver(ticket_changed, dispatch_uid="sla.sync_ticket_clocks")
def _sync_clocks(sender, ticket, at, created=False, **kwargs):
    sync_ticket_clocks(ticket, at=at, new=created)
    if created:
        start_first_response(ticket, at=at)
    elif ticket.status in FINISHED_STATUSES:
        stop_first_response(ticket, at=at, responded=False)


@receiver(first_response, dispatch_uid="sla.first_response")
def _first_response(sender, ticket, at, **kwargs):
    stop_first_response(ticket, at=at, responded=True)


@receiver(category_changed, dispatch_uid="sla.category_changed")
def _category_changed(sender, ticket, at, **kwargs):
    retarget_first_response(ticket, at=at)


@receiver([post_save, post_delete], sender=BusinessCalendar, dispatch_uid="sla.cal_changed")
@receiver([post_save, post_delete], sender=WorkingInterval, dispatch_uid="sla.interval_changed")
@receiver([post_save, post_delete], sender=Holiday, dispatch_uid="sla.holiday_changed")
def _calendar_changed(sender, **kwargs):
    forget_compiled_calendars()
