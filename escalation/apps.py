from django.apps import AppConfig


class EscalationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "escalation"

    def ready(self) -> None:
        from tickets.policies import register_assignment_check
        from tickets.selectors.expertise import register_topics_provider

        from . import receivers  # noqa: F401  (followers are told of changes)
        from .policies import spanish_problem
        from .selectors.experts import topics_by_agent

        register_assignment_check(spanish_problem)
        register_topics_provider(topics_by_agent)
