"""The codes a vote hands out (census and voting codes) and staff checks of residence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import District, OrganizationOwned
from tessera.processes.models import Step


class CensusCode(OrganizationOwned):
    """A census or invitation code handed to one person: it lets that person cast one ballot
    per scope of the step (the city-wide one and their district's), online or on paper.

    Online, the first account that uses it holds it; nobody else can (services.ballot_submit).
    `used_at` is its first use.
    """

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="census_codes")
    code_hash = models.CharField(max_length=64)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Where the code's holder lives, from the census: proves residence."),
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("census code")
        verbose_name_plural = _("census codes")
        constraints = [
            models.UniqueConstraint("step", "code_hash", name="unique_census_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code_hash[:8]}…"


class VotingCode(OrganizationOwned):
    """A one-time code, printed and mailed, that casts one ballot without an account.

    Only its hash is stored: the code is shown once, when staff generate it.
    """

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="voting_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    serial = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")
        ordering = ["serial"]

    def __str__(self) -> str:
        return f"#{self.serial}"


class ResidenceCheck(OrganizationOwned):
    """Staff saw a proof of where a resident lives (for votes whose residence is checked by
    staff). One per resident; the latest check wins."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="residence_check",
        verbose_name=_("resident"),
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("district"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("residence check")
        verbose_name_plural = _("residence checks")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.district_id}"
