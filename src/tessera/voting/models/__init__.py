"""The vote's models, by sub-domain; every name is importable from here (migrations too)."""

from tessera.voting.models.ballots import (
    Ballot,
    BallotChoice,
    BallotDraft,
    Channel,
    Participation,
    PendingBallot,
    random_id,
)
from tessera.voting.models.codes import (
    CensusCode,
    ResidenceCheck,
    VotingCode,
)
from tessera.voting.models.paper import (
    PaperTotal,
    PollingStation,
)
from tessera.voting.models.results import (
    AuditAction,
    AuditEntry,
    Publication,
    PublicationState,
    Results,
)
from tessera.voting.models.settings import (
    RULE_CHOICES,
    BallotKind,
    DistrictBudget,
    ResidenceProof,
    Scope,
    ThemeQuota,
    VoteSettings,
)

__all__ = [
    "RULE_CHOICES",
    "AuditAction",
    "AuditEntry",
    "Ballot",
    "BallotChoice",
    "BallotDraft",
    "BallotKind",
    "CensusCode",
    "Channel",
    "DistrictBudget",
    "PaperTotal",
    "Participation",
    "PendingBallot",
    "PollingStation",
    "Publication",
    "PublicationState",
    "ResidenceCheck",
    "ResidenceProof",
    "Results",
    "Scope",
    "ThemeQuota",
    "VoteSettings",
    "VotingCode",
    "random_id",
]
