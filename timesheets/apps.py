from django.apps import AppConfig


class TimesheetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "timesheets"

    def ready(self) -> None:
        from engineering import hooks as task_hooks

        from . import selectors

        task_hooks.register_minutes_logged(selectors.minutes_logged_on_task)
