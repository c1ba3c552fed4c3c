from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data: on top of every app, it composes what each one contributes."""

    name = "tessera.demo"
    verbose_name = _("Demo data")
