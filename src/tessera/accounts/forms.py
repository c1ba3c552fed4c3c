from __future__ import annotations

from typing import Any

from allauth.core import ratelimit
from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from tessera.accounts.models import User
from tessera.organizations.models import District


class SignupForm(forms.Form):
    """The fields allauth's sign-up form gains: a display name and consent to the terms."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. It can be a pseudonym."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and the personal data policy."),
        error_messages={"required": _("You must accept the terms of use to create an account.")},
    )

    field_order = ["display_name", "email", "password1", "password2", "accept_terms"]

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth's hook; the adapter already stored the fields."""


# Built outside any organisation scope at import; querysets are set again per request.
with scopes_disabled():

    class ProfileForm(forms.ModelForm[User]):
        """The resident's own profile; the district choices are set per request (see __init__)."""

        class Meta:
            model = User
            fields = [
                "display_name",
                "postal_code",
                "district",
                "year_of_birth",
                "email_frequency",
                "newsletter",
                "language",
            ]
            widgets = {
                "postal_code": forms.TextInput(
                    attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
                ),
                "year_of_birth": forms.NumberInput(attrs={"autocomplete": "bday-year"}),
                "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            }

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Re-read inside the request's organisation scope (the class was built outside it).
            self.fields["district"].queryset = District.objects.all()  # type: ignore[attr-defined]
            self.fields["district"].empty_label = _("I prefer not to say")  # type: ignore[attr-defined]
            self.fields["language"] = forms.ChoiceField(
                label=_("Language of e-mails"), choices=[("fr", "Français"), ("en", "English")]
            )

        def clean_year_of_birth(self) -> int | None:
            year: int | None = self.cleaned_data.get("year_of_birth")
            this_year = timezone.now().year
            if year is not None and not this_year - 120 <= year <= this_year:
                raise forms.ValidationError(
                    _("Enter a year between %(first)s and %(last)s."),
                    params={"first": this_year - 120, "last": this_year},
                )
            return year


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        user = self.request.user
        # The same limit as allauth's re-authentication: a stolen session cannot guess here.
        if not ratelimit.consume(self.request, action="reauthenticate", user=user):
            raise forms.ValidationError(
                _("Too many attempts. Wait a few minutes, then try again."), code="rate_limited"
            )
        checked = authenticate(self.request, email=user.email, password=password)  # type: ignore[union-attr]
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError(_("This password is not correct."))
        return password
