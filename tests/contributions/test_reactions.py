"""Reactions: one per person and contribution, in three schemes, counters kept right."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError

from tessera.accounts.models import User
from tessera.accounts.services import account_delete
from tessera.contributions import kinds, reactions
from tessera.contributions.kinds import Feature, ReactionScheme
from tessera.contributions.models import Contribution, Reaction
from tessera.contributions.services import reaction_set
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinion_kind() -> Iterator[kinds.ContributionKind]:
    """A kind reacted to with agree / mixed / disagree (registered for the test only)."""
    kind = kinds.register(
        kinds.ContributionKind(
            identifier="test-opinion",
            label="Opinion",
            model=Proposal,
            related_name="proposal",
            title=str,
            features=frozenset({Feature.REACT}),
            reaction_scheme=ReactionScheme.AGREEMENT,
        )
    )
    yield kind
    del kinds._registry[kind.identifier]


def counters(contribution: Contribution) -> tuple[int, int, int]:
    contribution.refresh_from_db()
    return contribution.positive_count, contribution.mixed_count, contribution.negative_count


def test_a_support_counts_once_per_person_and_can_be_taken_back(
    proposal: Proposal, resident: User, manager: User
) -> None:
    contribution = proposal.contribution
    assert reaction_set(contribution=contribution, user=resident, value="positive").changed
    assert not reaction_set(contribution=contribution, user=resident, value="positive").changed
    assert reaction_set(contribution=contribution, user=manager, value="positive").changed
    assert counters(contribution) == (2, 0, 0)
    assert reaction_set(contribution=contribution, user=resident, value=None).changed
    assert not reaction_set(contribution=contribution, user=resident, value=None).changed
    assert counters(contribution) == (1, 0, 0)
    assert Reaction.objects.filter(contribution=contribution).count() == 1


def test_changing_ones_mind_moves_one_counter_to_another(
    opinion_kind: kinds.ContributionKind, step: Step, resident: User
) -> None:
    contribution = ContributionFactory(step=step, kind=opinion_kind.identifier)
    reaction_set(contribution=contribution, user=resident, value="positive")
    result = reaction_set(contribution=contribution, user=resident, value="mixed")
    assert (result.positive_count, result.mixed_count, result.negative_count) == (0, 1, 0)
    reaction_set(contribution=contribution, user=resident, value="negative")
    assert counters(contribution) == (0, 0, 1)
    assert Reaction.objects.get(contribution=contribution).value == "negative"


def test_a_scheme_refuses_the_values_it_does_not_offer(proposal: Proposal, resident: User) -> None:
    with pytest.raises(ValidationError) as refused:
        reaction_set(contribution=proposal.contribution, user=resident, value="negative")
    assert refused.value.code == "value"
    assert counters(proposal.contribution) == (0, 0, 0)


@pytest.mark.parametrize(
    ("before", "after", "moves"),
    [
        (None, "positive", {"positive_count": 1}),
        ("positive", None, {"positive_count": -1}),
        ("positive", "negative", {"positive_count": -1, "negative_count": 1}),
        ("mixed", "mixed", {}),
        (None, None, {}),
    ],
)
def test_counter_moves(before: str | None, after: str | None, moves: dict[str, int]) -> None:
    assert reactions.counter_moves(before, after) == moves


@pytest.mark.parametrize(
    ("scheme", "values"),
    [
        (ReactionScheme.SUPPORT, {"positive"}),
        (ReactionScheme.AGREEMENT, {"positive", "mixed", "negative"}),
        (ReactionScheme.FOR_AGAINST, {"positive", "negative"}),
    ],
)
def test_each_scheme_accepts_exactly_its_values(scheme: ReactionScheme, values: set[str]) -> None:
    assert {v for v in ("positive", "mixed", "negative") if reactions.accepts(scheme, v)} == values


def test_a_kind_that_reacts_needs_a_scheme_and_an_identifier_is_registered_once() -> None:
    base = kinds.get("proposal")
    with pytest.raises(ValueError, match="already registered"):
        kinds.register(kinds.ContributionKind(**{**base.__dict__, "label": "Autre"}))
    with pytest.raises(ValueError, match="without a scheme"):
        kinds.register(
            kinds.ContributionKind(
                **{**base.__dict__, "identifier": "test-no-scheme", "reaction_scheme": None}
            )
        )
    assert "test-no-scheme" not in [kind.identifier for kind in kinds.all_kinds()]


def test_a_deleted_account_leaves_its_contributions_anonymous(proposal: Proposal) -> None:
    author = proposal.author
    assert author is not None
    account_delete(user=author)
    proposal.contribution.refresh_from_db()
    assert proposal.contribution.author is None
