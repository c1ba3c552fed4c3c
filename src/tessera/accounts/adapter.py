"""allauth, fitted to organisations: accounts are created in the request's organisation."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.forms import Form
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from tessera.accounts.models import User
from tessera.accounts.usercache import user_changed
from tessera.core.http import rate_key_ip
from tessera.organizations.selectors import current_organization


@dataclass(frozen=True)
class OrganizationSite:
    """What allauth's e-mails call the site: the organisation, on the request's host."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits (log-in, sign-up, reset) count the same client as ours.
        return rate_key_ip(request)

    def new_user(self, request: HttpRequest) -> AbstractBaseUser:
        user = super().new_user(request)
        user.organization = current_organization(request)
        return user

    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: Form, commit: bool = True
    ) -> AbstractBaseUser:
        assert isinstance(user, User)
        user.display_name = form.cleaned_data["display_name"].strip()
        user.terms_accepted_at = timezone.now()
        user.language = get_language() or settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit=commit)

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            # Kept on the user too, so that permission predicates need no query.
            User.objects.filter(pk=email_address.user_id).update(email_verified=True)
            user_changed(email_address.user_id)
        return confirmed

    def format_email_subject(self, subject: str) -> str:
        organization = current_organization(self.request)
        return f"[{organization.name}] {subject}" if organization else str(subject)

    def get_from_email(self) -> str:
        organization = current_organization(self.request)
        if organization is None:
            return str(settings.DEFAULT_FROM_EMAIL)
        return formataddr((organization.name, str(settings.DEFAULT_FROM_EMAIL)))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        organization = current_organization(self.request)
        if organization is not None:
            context.setdefault("organization", organization)
            # Otherwise allauth names the site after the bare host ("Bonjour, c'est testserver").
            context.setdefault(
                "current_site", OrganizationSite(organization.name, self.request.get_host())
            )
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        organization = current_organization(getattr(self, "request", None))
        return organization.name if organization else ""
