from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = "Knowledge"

    def ready(self) -> None:
        from . import macro_hooks, receivers, services  # noqa: F401 (receivers connect)
        from .services import macros

        macro_hooks.register()
        # A macro's "link an article" action is the knowledge base's "answered by".
        macros.register_article_linker(
            lambda ticket, article, *, actor: services.link_article(article, ticket, actor=actor)
        )
