"""Keep SLA clocks in step with tickets: the tickets services send ``ticket_changed``."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tickets.signals import ticket_changed

from .business_time import forget_compiled_calendars
from .models import BusinessCalendar, Holiday, WorkingInterval
from .services import sync_ticket_clocks


@receiver(ticket_changed, dispatch_uid="sla.sync_ticket_clocks")
def _sync_clocks(sender, ticket, at, created=False, **kwargs):
    sync_ticket_clocks(ticket, at=at, new=created)


@receiver([post_save, post_delete], sender=BusinessCalendar, dispatch_uid="sla.cal_changed")
@receiver([post_save, post_delete], sender=WorkingInterval, dispatch_uid="sla.interval_changed")
@receiver([post_save, post_delete], sender=Holiday, dispatch_uid="sla.holiday_changed")
def _calendar_changed(sender, **kwargs):
    forget_compiled_calendars()
