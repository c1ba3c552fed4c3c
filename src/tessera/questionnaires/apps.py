from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "tessera.questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from tessera.organizations import media
        from tessera.questionnaires import kinds  # noqa: F401  registers the questionnaire kind
        from tessera.questionnaires.uploads import FOLDER, file_access

        media.register(FOLDER, file_access)
