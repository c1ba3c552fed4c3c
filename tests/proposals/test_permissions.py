"""Role × action matrix of proposals, walked before, during and after the collect step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tessera.accounts.models import User
from tessera.organizations.models import Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.rules import is_hidden as rules_is_hidden
from tessera.proposals.selectors import visible
from tessera.proposals.services import proposal_hide, proposal_withdraw
from tests.proposals.conftest import collect_step_in
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

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
ACTIONS = [
    "submit",
    "change_proposal",
    "withdraw_proposal",
    "contributions.react",  # a support: the proposal's reaction scheme
    "view_hidden_proposal",
    "view_revisions",
    "contributions.report",
    "contact_author",
    "change_status",
]

# A row per persona, in the order of ACTIONS.
DURING = {
    "anonymous":                (0, 0, 0, 0, 0, 0, 0, 1, 0),
    "resident":                 (1, 0, 0, 1, 0, 0, 1, 1, 0),
    "author":                   (1, 1, 1, 1, 1, 0, 0, 0, 0),
    "analyst":                  (1, 0, 0, 1, 0, 1, 1, 1, 0),
    "moderator":                (1, 0, 0, 1, 1, 1, 1, 1, 0),
    "manager":                  (1, 1, 1, 1, 1, 1, 1, 1, 1),
    "admin":                    (1, 1, 1, 1, 1, 1, 1, 1, 1),
    "other_organization_admin": (0, 0, 0, 0, 0, 0, 0, 1, 0),
}  # fmt: skip
# Before and after the collect: nobody submits or supports; only staff edit.
OUTSIDE = {
    "anonymous":                (0, 0, 0, 0, 0, 0, 0, 1, 0),
    "resident":                 (0, 0, 0, 0, 0, 0, 1, 1, 0),
    "author":                   (0, 0, 0, 0, 1, 0, 0, 0, 0),
    "analyst":                  (0, 0, 0, 0, 0, 1, 1, 1, 0),
    "moderator":                (0, 0, 0, 0, 1, 1, 1, 1, 0),
    "manager":                  (0, 1, 1, 0, 1, 1, 1, 1, 1),
    "admin":                    (0, 1, 1, 0, 1, 1, 1, 1, 1),
    "other_organization_admin": (0, 0, 0, 0, 0, 0, 0, 1, 0),
}  # fmt: skip
EXPECTED = {"before": OUTSIDE, "during": DURING, "after": OUTSIDE}


def ask(user: Any, action: str, proposal: Proposal) -> bool:
    """The permission as the pages ask it: on the step, the contribution or the proposal."""
    if action == "submit":
        return bool(user.has_perm("proposals.submit", proposal.step))
    if "." in action:
        return bool(user.has_perm(action, proposal.contribution))
    return bool(user.has_perm(f"proposals.{action}", proposal))


def persona(name: str, request: pytest.FixtureRequest) -> object:
    if name == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(name)


@pytest.mark.parametrize("phase", ["before", "during", "after"])
@pytest.mark.parametrize("name", PERSONAS)
def test_each_role_may_do_exactly_what_the_matrix_says(
    name: str,
    phase: str,
    request: pytest.FixtureRequest,
    process: Process,
    author: User,
    theme: Theme,
) -> None:
    step = collect_step_in(process, phase)
    proposal = ProposalFactory(step=step, author=author, theme=theme)
    user = persona(name, request)
    actual = tuple(int(ask(user, action, proposal)) for action in ACTIONS)
    assert actual == EXPECTED[phase][name]


def test_the_author_edits_again_after_the_collect_when_a_revision_is_asked(
    process: Process, author: User, theme: Theme
) -> None:
    proposal = ProposalFactory(step=collect_step_in(process, "after"), author=author, theme=theme)
    assert not author.has_perm("proposals.change_proposal", proposal)
    proposal.author_may_edit_until = timezone.now() + timedelta(days=3)
    assert author.has_perm("proposals.change_proposal", proposal)
    proposal.author_may_edit_until = timezone.now() - timedelta(minutes=1)
    assert not author.has_perm("proposals.change_proposal", proposal)


def test_a_withdrawn_or_hidden_proposal_is_no_longer_edited_nor_supported_by_residents(
    proposal: Proposal, author: User, resident: User
) -> None:
    proposal_withdraw(proposal=proposal, user=author)
    assert not author.has_perm("proposals.change_proposal", proposal)
    assert not resident.has_perm("contributions.react", proposal.contribution)
    other = ProposalFactory(step=proposal.step, contribution__state="hidden")
    assert not other.author.has_perm("proposals.change_proposal", other)
    assert not resident.has_perm("contributions.react", other.contribution)


def test_an_unverified_resident_neither_submits_nor_supports(
    proposal: Proposal, unverified_resident: User
) -> None:
    assert not unverified_resident.has_perm("proposals.submit", proposal.step)
    assert not unverified_resident.has_perm("contributions.react", proposal.contribution)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_public_filter_mirrors_the_hidden_predicate(
    name: str, request: pytest.FixtureRequest, step: Step, author: User, moderator: User
) -> None:
    """`selectors.visible()` (lists, API, home page) keeps exactly the proposals the
    `is_hidden` predicate (the page) does not hide, whoever asks."""
    user = persona(name, request)
    proposals = [ProposalFactory(step=step, author=author, title=f"État {n}") for n in range(3)]
    proposal_hide(proposal=proposals[1], moderator=moderator, reason="Hors sujet")
    proposal_withdraw(proposal=proposals[2], user=author)
    listed = set(visible(Proposal.objects.filter(step=step)))
    for proposal in Proposal.objects.filter(step=step).select_related("contribution"):
        public = not rules_is_hidden.test(user, proposal)
        assert (proposal in listed) is public, (name, proposal.title)
