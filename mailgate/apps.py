from django.apps import AppConfig


class MailgateConfig(AppConfig):
    name = "mailgate"
    verbose_name = "Inbound mail"
    default_auto_field = "django.db.models.BigAutoField"
