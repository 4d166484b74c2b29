from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helpdesk.notifications"
    label = "notifications"
    verbose_name = "Notifications (outbox)"

    def ready(self) -> None:
        from . import staff, webhooks  # noqa: F401  (register the events handlers)
