from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    """The one form engine (DESIGN.md, "Forms: one engine"). The label is plain `forms`: no
    installed app uses it (`django.forms` is a library, not an app), and the glossary's word
    lives forever in the tables' names."""

    name = "tessera.forms"
    label = "forms"
    verbose_name = _("Forms")
