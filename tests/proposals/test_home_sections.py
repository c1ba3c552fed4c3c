"""The home page shows the most supported proposals and the number of proposals."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.branding.models import HomeSection, SectionKind
from tessera.organizations.models import Organization
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(organization: Organization) -> None:
    for position, kind in enumerate([SectionKind.PROPOSALS, SectionKind.FIGURES]):
        HomeSection.objects.create(organization=organization, kind=kind, position=position)


def test_the_most_supported_proposals_are_highlighted_in_order(
    client: Client, sections: None, step: Step, author: User
) -> None:
    ProposalFactory(step=step, author=author, title="Peu soutenue", contribution__positive_count=1)
    ProposalFactory(
        step=step, author=author, title="Très soutenue", contribution__positive_count=40
    )
    ProposalFactory(
        step=step,
        author=author,
        title="Masquée",
        contribution__positive_count=99,
        contribution__state="hidden",
    )
    ProposalFactory(
        step=step,
        author=author,
        title="Retirée",
        contribution__positive_count=98,
        status=ProposalStatus.WITHDRAWN,
    )
    page = client.get("/").content.decode()
    assert "Propositions les plus soutenues" in page
    assert page.index("Très soutenue") < page.index("Peu soutenue")
    assert "Masquée" not in page
    assert "Retirée" not in page


def test_the_figures_count_the_proposals(
    client: Client, sections: None, step: Step, author: User
) -> None:
    for _ in range(3):
        ProposalFactory(step=step, author=author)
    page = client.get("/").content.decode()
    assert (
        '<span class="figure-number">3</span> <span class="figure-label">propositions déposées'
        in page
    )
    assert Proposal.objects.count() == 3


def test_without_proposals_the_section_is_not_shown(client: Client, sections: None) -> None:
    assert "Propositions les plus soutenues" not in client.get("/").content.decode()
