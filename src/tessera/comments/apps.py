from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "tessera.comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        # The comment kind and what comments answer to (account deletion): accounts cannot
        # import this app.
        from tessera.comments import contribution_kind, receivers  # noqa: F401
