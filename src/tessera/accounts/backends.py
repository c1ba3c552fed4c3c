from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


class OrganizationAuthenticationBackend(AuthenticationBackend):
    """allauth's e-mail log-in, limited to the accounts of the request's organisation.

    The scoped managers already restrict the lookup; this check keeps it true even for a
    caller that authenticates outside an organisation scope.
    """

    def authenticate(
        self, request: HttpRequest | None, **credentials: Any
    ) -> AbstractBaseUser | None:
        user = super().authenticate(request, **credentials)
        organization = getattr(request, "organization", None)
        if user is None or organization is None:
            return user
        return user if getattr(user, "organization_id", None) == organization.pk else None
