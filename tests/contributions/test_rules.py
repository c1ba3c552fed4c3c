"""Who may react and report: the pure rules over every input, then the predicates."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import given
from hypothesis import strategies as st

from tessera.accounts.models import User
from tessera.comments.services import comment_create
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


PERSONAS = [
    "anonymous",
    "resident",
    "author",
    "analyst",
    "moderator",
    "manager",
    "admin",
    "other_organization_admin",
]
# Who gives the official answer and who sees hidden content, per persona: (answer, view_hidden).
EXPECTED = {
    "anonymous": (False, False),
    "resident": (False, False),
    "author": (False, True),
    "analyst": (False, False),
    "moderator": (False, True),
    "manager": (True, True),
    "admin": (True, True),
    "other_organization_admin": (False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PERSONAS)
def test_the_managers_answer_and_the_moderators_and_author_see_hidden_content(
    name: str, proposal: Proposal, request: pytest.FixtureRequest
) -> None:
    user = AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)
    contribution = proposal.contribution
    answer, view_hidden = EXPECTED[name]
    assert user.has_perm("contributions.answer", contribution) is answer
    assert user.has_perm("contributions.view_hidden", contribution) is view_hidden


@pytest.mark.django_db
def test_a_kind_without_answers_takes_none_even_from_a_manager(
    proposal: Proposal, resident: User, manager: User
) -> None:
    comment = comment_create(target=proposal.contribution, author=resident, body="Avis")
    assert manager.has_perm("contributions.answer", proposal.contribution)
    assert not manager.has_perm("contributions.answer", comment.contribution)
