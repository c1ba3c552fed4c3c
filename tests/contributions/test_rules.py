"""Who may react and report: the pure rules over every input, then the predicates."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import given
from hypothesis import strategies as st

from tessera.accounts.models import User
from tessera.contributions.models import ContributionState
from tessera.contributions.rules import (
    reactions_allowed,
    reports_allowed,
    should_hide_automatically,
)
from tessera.proposals.models import CollectSettings, Proposal
from tessera.proposals.services import proposal_hide, proposal_withdraw


@pytest.mark.parametrize(
    ("offers", "state", "tool_open"),
    list(itertools.product([True, False], list(ContributionState), [True, False])),
)
def test_only_an_open_published_contribution_of_a_reacting_kind_takes_reactions(
    offers: bool, state: str, tool_open: bool
) -> None:
    expected = offers and tool_open and state == ContributionState.PUBLISHED
    assert reactions_allowed(offers_reactions=offers, state=state, tool_open=tool_open) is expected


@pytest.mark.django_db
def test_a_hidden_or_withdrawn_proposal_takes_no_support(
    proposal: Proposal, resident: User, moderator: User
) -> None:
    assert resident.has_perm("contributions.react", proposal.contribution)
    proposal_hide(proposal=proposal, moderator=moderator, reason="Hors sujet")
    assert not resident.has_perm("contributions.react", proposal.contribution)
    proposal.contribution.state = ContributionState.WITHDRAWN
    assert not resident.has_perm("contributions.react", proposal.contribution)


@pytest.mark.django_db
def test_supports_follow_the_collect_settings(proposal: Proposal, resident: User) -> None:
    CollectSettings.objects.create(
        organization=proposal.organization, step=proposal.step, supports_enabled=False
    )
    proposal.step.refresh_from_db()
    fresh = Proposal.objects.select_related("contribution", "step").get(pk=proposal.pk)
    assert not resident.has_perm("contributions.react", fresh.contribution)


@pytest.mark.django_db
def test_nobody_reacts_to_a_withdrawn_proposal_and_anonymous_never(
    proposal: Proposal, resident: User, author: User, other_organization_admin: User
) -> None:
    assert not AnonymousUser().has_perm("contributions.react", proposal.contribution)
    assert not other_organization_admin.has_perm("contributions.react", proposal.contribution)
    proposal_withdraw(proposal=proposal, user=author)
    assert not resident.has_perm("contributions.react", proposal.contribution)


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=50))
def test_content_hides_once_the_threshold_of_reporters_is_reached(
    reporters: int, threshold: int
) -> None:
    hidden = should_hide_automatically(distinct_reporters=reporters, threshold=threshold)
    assert hidden == (reporters >= max(threshold, 1))


@pytest.mark.parametrize(
    ("offers", "state", "own"),
    list(itertools.product([True, False], list(ContributionState), [True, False])),
)
def test_only_someone_else_s_published_contribution_of_a_reported_kind_is_reported(
    offers: bool, state: str, own: bool
) -> None:
    expected = offers and not own and state == ContributionState.PUBLISHED
    assert reports_allowed(offers_reports=offers, state=state, own=own) is expected
