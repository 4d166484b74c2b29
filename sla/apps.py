from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = "SLA"

    def ready(self) -> None:
        from escalation.hooks import register_working_hours
        from tickets.hooks import QueueSort, register_queue_row_prefetch, register_queue_sort

        from . import receivers  # noqa: F401
        from .selectors import order_by_sla_due, queue_row_clocks, queue_row_first_response
        from .selectors.calendars import in_working_hours

        register_working_hours(in_working_hours)
        register_queue_row_prefetch(queue_row_clocks)
        register_queue_row_prefetch(queue_row_first_response)
        register_queue_sort(
            QueueSort(
                key="sla_due",
                column="SLA",
                ascending="SLA overdue first, then soonest due",
                descending="SLA due latest first",
                order=order_by_sla_due,
            )
        )
