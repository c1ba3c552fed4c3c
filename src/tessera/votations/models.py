"""A votation step: one question put to the vote, who voted and what was voted, kept apart
(DESIGN.md, "Secret ballots"; the vote's mechanism, docs/decisions/0006-secret-ballot.md).

`Participation` says that someone (an account, a census code, a one-time voting code) voted;
what they chose waits sealed in `PendingBallot`, then the mix writes it into `Ballot`, which
no column joins to anyone. Paper votes arrive as polling-station totals (`Station`).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import District, OrganizationOwned
from tessera.processes.models import Step
from tessera.voting.models import CensusCode, VotingCode


def random_id() -> int:
    """A key drawn at random: serial ids would number ballots in the order they were cast."""
    return secrets.randbits(62) + 1


class QuestionKind(models.TextChoices):
    CHOICE = "choice", _("Choose one answer")
    JUDGMENT = "judgment", _("Majority judgment: grade every answer")


class Majority(models.TextChoices):
    RELATIVE = "relative", _("The answer with the most votes wins")
    ABSOLUTE = "absolute", _("An answer needs more than half of the expressed votes")


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    CODE = "code", _("voting code")
    PAPER = "paper", _("paper")


class VotationSettings(OrganizationOwned):
    """The question of one votation step, who may vote, and when its result holds."""

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="votation_settings")
    question = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind of question"), max_length=10, choices=QuestionKind.choices, default="choice"
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, help_text=_("From the profile's year of birth.")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only residents of the district"),
    )
    census_required = models.BooleanField(
        _("a census or invitation code is required"),
        default=False,
        help_text=_("Each code stands for one person: one vote, online or on paper."),
    )
    codes_allowed = models.BooleanField(
        _("one-time voting codes vote without an account"), default=False
    )
    ballot_changeable = models.BooleanField(
        _("voters can change their vote until the close"), default=True
    )
    majority = models.CharField(
        _("the result holds when"), max_length=10, choices=Majority.choices, default="absolute"
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% of the eligible population)"),
        null=True,
        blank=True,
        help_text=_("Empty: no quorum. Needs the eligible population."),
        validators=[MaxValueValidator(100)],
    )
    eligible_population = models.PositiveIntegerField(
        _("eligible population"),
        null=True,
        blank=True,
        help_text=_("Empty: the number of census and voting codes, if there are any."),
    )

    class Meta:
        verbose_name = _("votation settings")
        verbose_name_plural = _("votation settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_percent__isnull=True) | models.Q(quorum_percent__lte=100),
                name="votation_quorum_percent",
            )
        ]

    def __str__(self) -> str:
        return self.question


class Answer(OrganizationOwned):
    """One of the 2 to 10 answers. A blank answer counts among the votes, not the expressed."""

    settings = models.ForeignKey(VotationSettings, on_delete=models.CASCADE, related_name="answers")
    label = models.CharField(_("answer"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    is_blank = models.BooleanField(_("blank vote"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Participation(OrganizationOwned):
    """That someone voted in a votation, never what: one per account, per census code and per
    voting code (the constraints hold under concurrent submissions)."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    census_code = models.OneToOneField(
        CensusCode, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    voting_code = models.OneToOneField(
        VotingCode, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    voted_at = models.DateTimeField(_("voted at"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                "voter", "step", condition=models.Q(voter__isnull=False), name="one_votation_vote"
            )
        ]


class PendingBallot(OrganizationOwned):
    """A ballot cast and not counted yet, sealed (core.sealing); `slot` finds it again."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    slot = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()


class Ballot(OrganizationOwned):
    """A counted ballot, naming nobody. `answer` for a choice; `grades` (answer id → grade
    0–5, as text keys) for majority judgment. `receipt` is the voter's check, published with
    the ballot; `reference` lets the voter change it until the close, then is erased."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, null=True, related_name="+")
    grades = models.JSONField(default=dict, blank=True)
    receipt = models.CharField(max_length=12)
    reference = models.CharField(max_length=64, null=True, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        indexes = [models.Index(fields=["step", "receipt"])]


class Station(OrganizationOwned):
    """A polling station: how many signed its register, and its count of each answer."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("polling station"), max_length=120)
    signatures = models.PositiveIntegerField(_("signatures in the register"), default=0)

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint("step", "name", name="unique_votation_station")]

    def __str__(self) -> str:
        return self.name


class StationTotal(OrganizationOwned):
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="totals")
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint("station", "answer", name="unique_votation_station_total")
        ]
