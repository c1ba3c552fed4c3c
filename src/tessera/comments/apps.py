from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "tessera.comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        # The comment kind, the comment section on the proposal page, and what comments
        # answers to (account deletion, reports of proposals): proposals and accounts cannot
        # import this app.
        from tessera.comments import contribution_kind, panel, receivers  # noqa: F401
