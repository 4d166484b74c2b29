from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = "SLA"

    def ready(self) -> None:
        from tickets.hooks import register_queue_row_prefetch

        from . import receivers  # noqa: F401
        from .selectors import queue_row_clocks

        register_queue_row_prefetch(queue_row_clocks)
