"""A Content-Security-Policy on every kind of page: nothing injected loads from elsewhere."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tests.proposals import conftest as proposal_fixtures
from tests.proposals.conftest import url

# The proposals tests' fixtures: a running collect step with one proposal.
author = proposal_fixtures.author
process = proposal_fixtures.process
proposal = proposal_fixtures.proposal
step = proposal_fixtures.step
theme = proposal_fixtures.theme

POLICY = "default-src 'self'"


@pytest.fixture
def pages(proposal: Proposal) -> dict[str, tuple[str, int]]:
    collect = proposal.step
    return {
        "home": ("/", 200),
        "process": (f"/processes/{collect.process.slug}/", 200),
        "proposal list": (url(collect), 200),
        "proposal": (url(collect, proposal=proposal), 200),
        "log-in": ("/accounts/login/", 200),
        "sign-up": ("/accounts/signup/", 200),
        "not found": ("/nowhere/", 404),
        "api": ("/graphql?query={__typename}", 200),
        "theme": ("/site/theme.css", 200),
    }


def test_every_kind_of_page_sends_the_policy(
    client: Client, organization: Organization, pages: dict[str, tuple[str, int]]
) -> None:
    for name, (path, status) in pages.items():
        response = client.get(path)
        assert response.status_code == status, name
        policy = response.headers.get("Content-Security-Policy", "")
        assert POLICY in policy, name
        assert "unsafe-inline" not in policy, name
        assert "frame-ancestors 'none'" in policy, name


def test_the_contact_form_allows_only_its_proof_of_work_more(
    client: Client, proposal: Proposal, resident: object
) -> None:
    client.force_login(resident)  # type: ignore[arg-type]
    response = client.get(url(proposal.step, "contact", proposal))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert POLICY in policy
    assert "worker-src 'self' blob:" in policy
