"""Who voted and what was voted, kept apart (DESIGN.md, "Secret ballots"): a `Participation`
records that someone voted in a step and scope; what they chose waits sealed in a
`PendingBallot`, then is mixed into `Ballot` and `BallotChoice`, and no column joins the two
(docs/decisions/0006-secret-ballot.md). One participation per voter per step and scope.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tessera.organizations.models import District, OrganizationOwned
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.voting.models.codes import CensusCode, VotingCode


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
