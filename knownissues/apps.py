from django.apps import AppConfig


class KnownissuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knownissues"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the tag receiver)
