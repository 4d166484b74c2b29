from django.apps import AppConfig


class EngineeringConfig(AppConfig):
    """Engineering and professional-services tasks on a kanban board (seeds 000, 001)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "engineering"
