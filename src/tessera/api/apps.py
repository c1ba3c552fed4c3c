from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public GraphQL API (schema.py assembles each app's api.py); it has no model."""

    name = "tessera.api"
