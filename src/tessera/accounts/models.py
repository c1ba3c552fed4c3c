"""Accounts: each user belongs to one organisation; the same e-mail may exist on two sites."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from tessera.organizations.models import Organization, OrganizationOwned


class Role(models.TextChoices):
    """Staff roles, each including the rights of the ones before it."""

    RESIDENT = "resident", _("Resident")
    MODERATOR = "moderator", _("Moderator")
    MANAGER = "manager", _("Process manager")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLE_RANK = {role: rank for rank, role in enumerate(Role)}


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("As soon as something happens")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    NEVER = "never", _("Never")


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("role", Role.ADMINISTRATOR)
        return self.create_user(email, password, is_superuser=True, **fields)


postal_code_validator = RegexValidator(r"^\d{5}$", _("A French postal code has five digits."))


class User(AbstractBaseUser, PermissionsMixin):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="users",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. It can be a pseudonym."),
    )
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    year_of_birth = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    email_frequency = models.CharField(
        _("e-mails about what I follow"),
        max_length=12,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )
    newsletter = models.BooleanField(_("receive the newsletter"), default=False)
    language = models.CharField(_("language"), max_length=8, default="fr")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.RESIDENT)
    is_active = models.BooleanField(_("active"), default=True)
    email_verified = models.BooleanField(_("e-mail verified"), default=False, editable=False)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, editable=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects: ClassVar[UserManager] = ScopedManager(
        _manager_class=UserManager, organization="organization"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name", "organization"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("email"), name="unique_email_per_organization"
            ),
        ]

    def get_session_auth_hash(self) -> str:
        # A user read from the cache (accounts.usercache) carries the hash computed when its
        # row was read, not its password hash: the cache never holds password hashes. Once
        # the password is loaded or set, the hash is computed from it.
        cached: str | None = getattr(self, "_session_auth_hash", None)
        if cached is not None and "password" not in self.__dict__:
            return cached
        return super().get_session_auth_hash()

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_staff(self) -> bool:
        """Back-office access: moderators and above (analysts work in their own views)."""
        return self.is_active and (self.is_superuser or self.has_role(Role.MODERATOR))

    def has_role(self, role: Role) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[role]

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Service(OrganizationOwned):
    """A department of the organisation; its members are the analysts of proposals."""

    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        User, related_name="services", blank=True, verbose_name=_("analysts")
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organization", "name", name="unique_service_name"),
        ]

    def __str__(self) -> str:
        return self.name
