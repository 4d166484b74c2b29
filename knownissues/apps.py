from django.apps import AppConfig


class KnownissuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knownissues"
