"""Vote steps: their settings, the ballots, paper counts, one-time codes and published results.

The ballot is secret (DESIGN.md, "Security and privacy"): a `Participation` records that
someone voted in a step and scope, a `Ballot` what was voted, and no column joins the two
(docs/decisions/0006-secret-ballot.md). One participation per voter per step and scope.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import District, OrganizationOwned, Theme
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
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


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    CODE = "code", _("voting code")
    PAPER = "paper", _("paper")


def random_id() -> int:
    """A primary key drawn at random, not from a sequence: serial ids would number ballots in
    the order they were cast, the order of the participations, and so pair them up (see
    docs/decisions/0006-secret-ballot.md). 62 random bits: a collision is out of reach."""
    return secrets.randbits(62) + 1


class Participation(OrganizationOwned):
    """That someone voted in a step and scope (the whole process or one district), never what.

    One per voter per step and scope, enforced by two conditional unique constraints (a NULL
    district would otherwise make every process-wide participation distinct). Code and paper
    participations have no account: their census or voting code, used once, is the guard.
    """

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="participations", verbose_name=_("step")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty: the process-wide ballot."),
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("voter"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    # A foreign key, not one-to-one: one census code covers its holder's ballot in each
    # scope of the step; the two constraints below keep it to one ballot per scope.
    census_code = models.ForeignKey(
        CensusCode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    voting_code = models.OneToOneField(
        VotingCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="participation"
    )
    voted_at = models.DateTimeField(_("voted at"))
    # What decided the voter's eligibility at their first ballot of the step, kept so that
    # editing the profile during the vote changes nothing (voting.eligibility).
    home_district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    year_of_birth = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                "voter",
                "step",
                "district",
                condition=models.Q(voter__isnull=False, district__isnull=False),
                name="one_district_participation_per_voter",
            ),
            models.UniqueConstraint(
                "voter",
                "step",
                condition=models.Q(voter__isnull=False, district__isnull=True),
                name="one_process_participation_per_voter",
            ),
            models.UniqueConstraint(
                "census_code",
                "district",
                condition=models.Q(census_code__isnull=False, district__isnull=False),
                name="one_district_participation_per_census_code",
            ),
            models.UniqueConstraint(
                "census_code",
                condition=models.Q(census_code__isnull=False, district__isnull=True),
                name="one_process_participation_per_census_code",
            ),
        ]
        indexes = [models.Index(fields=["step", "district"])]

    def __str__(self) -> str:
        return f"{self.step} #{self.pk}"


class Ballot(OrganizationOwned):
    """What was voted in a step and scope, with nothing that names who voted it.

    `reference` lets the voter find their ballot again to change it: a keyed hash of their
    participation (`voting.secrecy`), set only while the step lets ballots change, erased
    when the results are published.
    """

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("step")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty: the process-wide ballot."),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    reference = models.CharField(max_length=64, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint("reference", name="unique_ballot_reference")]
        indexes = [models.Index(fields=["step", "district"])]

    def __str__(self) -> str:
        return f"{self.step} #{self.pk}"

    @property
    def is_paper(self) -> bool:
        return self.channel == Channel.PAPER


class PendingBallot(OrganizationOwned):
    """A ballot cast and not counted yet, sealed with a key the database does not hold.

    Written in the voter's transaction (so it shares that transaction's metadata with the
    participation), it says nothing without the secret: no district, channel or choice in
    clear, no time. The mix (`voting.mixing`) opens pending ballots in batches, in a
    transaction of its own, and writes them into `Ballot` in random order.
    `slot` finds it again for a change (`voting.secrecy.pending_slots`).
    """

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    slot = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("pending ballot")
        verbose_name_plural = _("pending ballots")


class BallotChoice(OrganizationOwned):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposal")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    points = models.PositiveIntegerField(_("points"), null=True, blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint("ballot", "proposal", name="unique_ballot_choice"),
        ]
        indexes = [models.Index(fields=["proposal"])]

    def __str__(self) -> str:
        return str(self.proposal_id)


class BallotDraft(OrganizationOwned):
    """The basket a voter composes, kept across page loads and devices; never counted."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, related_name="+")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ballot_drafts"
    )
    # [{"proposal": id, "points": n}], in rank order for ranked ballots.
    choices = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "voter",
                "step",
                "district",
                condition=models.Q(district__isnull=False),
                name="one_district_draft_per_voter",
            ),
            models.UniqueConstraint(
                "voter",
                "step",
                condition=models.Q(district__isnull=True),
                name="one_process_draft_per_voter",
            ),
        ]


class PollingStation(OrganizationOwned):
    """An in-person polling place whose paper ballots are entered as totals."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="polling_stations")
    name = models.CharField(_("name"), max_length=120)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ballots_count = models.PositiveIntegerField(_("paper ballots cast"), default=0)

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("step", "name", "district", name="unique_polling_station"),
        ]

    def __str__(self) -> str:
        return self.name


class PaperTotal(OrganizationOwned):
    station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="totals")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint("station", "proposal", name="unique_paper_total"),
        ]


class Results(OrganizationOwned):
    """The published outcome of a vote step, frozen when published."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="vote_results")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rule = models.CharField(_("counting rule"), max_length=30)
    threshold = models.PositiveIntegerField(null=True, blank=True)
    tie_break = models.TextField(_("tie-break"))
    winners = models.JSONField(default=list)  # proposal ids, in selection order
    figures = models.JSONField(default=dict)  # see services_results.results_publish

    class Meta:
        verbose_name = _("results")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return str(self.step)


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


class PublicationState(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("counting")
    DONE = "done", _("published")
    FAILED = "failed", _("failed")


class Publication(OrganizationOwned):
    """The publication of a step's results, run by a background task: one per step, so a
    second click finds the first one instead of publishing twice."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=10, choices=PublicationState.choices, default=PublicationState.QUEUED
    )
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.step_id}: {self.state}"


class AuditAction(models.TextChoices):
    PAPER_BALLOT = "paper_ballot", _("paper ballot entered")
    STATION_TOTALS = "station_totals", _("polling station totals saved")
    VOTING_CODES = "voting_codes", _("voting codes generated")
    CENSUS_CODES = "census_codes", _("census codes imported")
    SETTINGS = "settings", _("vote settings changed")
    RESET = "reset", _("vote reset")


class AuditEntry(OrganizationOwned):
    """What a staff member did to a vote step, and when (DESIGN.md, "audit of staff actions").

    Never what a ballot said: a paper ballot's entry says *that* it was entered, for which
    scope, and by whom; neither its choices nor its ballot's id (with the time, that id would
    pair the ballot with its participation and so with its census code).
    """

    step = models.ForeignKey(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("step"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    action = models.CharField(_("what"), max_length=30, choices=AuditAction.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("staff action")
        verbose_name_plural = _("staff actions")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["step", "-at"], name="audit_entry_step_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
