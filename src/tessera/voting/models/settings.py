"""How a vote step votes: its settings, the district envelopes and the theme quotas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import District, OrganizationOwned, Theme
from tessera.processes.models import Step
from tessera.voting import settings_rules, tally


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose some proposals")
    BUDGET = "budget", _("Budget: choose proposals within the envelope")
    RANKED = "ranked", _("Ranked: order your favourite proposals")
    POINTS = "points", _("Points: spread points among proposals")


class Scope(models.TextChoices):
    PROCESS = "process", _("One ballot for the whole process")
    DISTRICT = "district", _("One ballot per district")
    BOTH = "both", _("Both: city-wide proposals and the proposals of one district")


class ResidenceProof(models.TextChoices):
    PROFILE = "profile", _("the district given in the voter's profile (declared)")
    CENSUS = "census", _("the district of the voter's census code")
    STAFF = "staff", _("the district checked by staff")


RULE_CHOICES = [(name, name) for name in tally.RULES]


class VoteSettings(OrganizationOwned):
    """How one vote step votes: the ballot kind, its limits, who may vote, how it is counted."""

    step = models.OneToOneField(
        Step, on_delete=models.CASCADE, related_name="vote_settings", verbose_name=_("step")
    )
    kind = models.CharField(
        _("ballot kind"), max_length=10, choices=BallotKind.choices, default=BallotKind.BUDGET
    )
    min_choices = models.PositiveSmallIntegerField(_("minimum number of choices"), default=1)
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of choices"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    budget = models.PositiveBigIntegerField(
        _("envelope (€)"),
        null=True,
        blank=True,
        help_text=_("For budget ballots, and for the count. Per district: see below."),
    )
    min_spend = models.PositiveBigIntegerField(_("minimum spend (€)"), null=True, blank=True)
    min_spend_percent = models.PositiveSmallIntegerField(
        _("minimum spend (% of the envelope)"), null=True, blank=True
    )
    points = models.PositiveSmallIntegerField(_("points to spread"), null=True, blank=True)
    max_points_per_proposal = models.PositiveSmallIntegerField(
        _("maximum points per proposal"), null=True, blank=True
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.PROCESS
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        help_text=_("Computed from the year of birth of the voter's profile."),
    )
    residence_required = models.BooleanField(
        _("voters vote only in the district they live in"), default=False
    )
    residence_proof = models.CharField(
        _("where a voter lives is"),
        max_length=10,
        choices=ResidenceProof.choices,
        default=ResidenceProof.PROFILE,
        help_text=_(
            "Taken at the voter's first ballot and kept with it: editing the profile later "
            "changes nothing."
        ),
    )
    districts_several = models.BooleanField(
        _("a voter may vote in several districts"),
        default=False,
        help_text=_("Otherwise each voter casts the ballot of one district only."),
    )
    census_required = models.BooleanField(
        _("a census or invitation code is required"),
        default=False,
        help_text=_(
            "Each code stands for one person: one ballot per scope of the step, online or on paper."
        ),
    )
    ballot_changeable = models.BooleanField(
        _("voters can change their ballot until the close"), default=True
    )
    counts_visible = models.BooleanField(
        _("counts are visible during the vote"),
        default=False,
        help_text=_("Otherwise they are shown once the results are published."),
    )
    tally_rule = models.CharField(
        _("counting rule"), max_length=30, choices=RULE_CHOICES, default="greedy"
    )
    tally_threshold = models.PositiveIntegerField(
        _("minimum score to be funded"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("vote settings")
        verbose_name_plural = _("vote settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_choices__isnull=True)
                | models.Q(max_choices__gte=models.F("min_choices")),
                name="vote_choices_range",
            ),
            models.CheckConstraint(
                condition=models.Q(min_spend_percent__isnull=True)
                | models.Q(min_spend_percent__lte=100),
                name="vote_min_spend_percent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.step)

    def clean(self) -> None:
        """Refuse settings the vote or the count cannot work with (voting.settings_rules):
        they would fail in front of voters or crash the publication of the results."""
        problems = settings_rules.settings_problems(settings_rules.SettingsValues.of(self))
        if problems:
            raise ValidationError(problems)


class DistrictBudget(OrganizationOwned):
    settings = models.ForeignKey(
        VoteSettings, on_delete=models.CASCADE, related_name="district_budgets"
    )
    district = models.ForeignKey(District, on_delete=models.CASCADE, verbose_name=_("district"))
    budget = models.PositiveBigIntegerField(_("envelope (€)"))

    class Meta:
        verbose_name = _("district envelope")
        verbose_name_plural = _("district envelopes")
        constraints = [
            models.UniqueConstraint("settings", "district", name="unique_district_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.district}: {self.budget}"

    def clean(self) -> None:
        problems = settings_rules.district_budget_problems(self.budget)
        if problems:
            raise ValidationError({"budget": problems})


class ThemeQuota(OrganizationOwned):
    """At least / at most N proposals or N € chosen in one theme."""

    settings = models.ForeignKey(VoteSettings, on_delete=models.CASCADE, related_name="quotas")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, verbose_name=_("theme"))
    min_choices = models.PositiveSmallIntegerField(_("at least (proposals)"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("at most (proposals)"), null=True, blank=True)
    min_amount = models.PositiveBigIntegerField(_("at least (€)"), null=True, blank=True)
    max_amount = models.PositiveBigIntegerField(_("at most (€)"), null=True, blank=True)

    class Meta:
        verbose_name = _("theme quota")
        verbose_name_plural = _("theme quotas")
        constraints = [models.UniqueConstraint("settings", "theme", name="unique_theme_quota")]

    def __str__(self) -> str:
        return str(self.theme)

    def clean(self) -> None:
        problems = settings_rules.quota_problems(
            min_choices=self.min_choices,
            max_choices=self.max_choices,
            min_amount=self.min_amount,
            max_amount=self.max_amount,
        )
        if problems:
            raise ValidationError(problems)
