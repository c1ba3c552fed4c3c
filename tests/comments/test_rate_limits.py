"""Comments from one address are limited, whatever the accounts behind it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

COMMENTS_PER_MINUTE_PER_ADDRESS = 30


def test_many_accounts_from_one_address_cannot_flood_the_comments(
    organization: Organization, proposal: Proposal
) -> None:
    create = reverse("comments:create", kwargs={"contribution_id": proposal.contribution_id})
    statuses = []
    for number in range(COMMENTS_PER_MINUTE_PER_ADDRESS + 1):
        client = Client()
        client.force_login(make_user(organization, email=f"bot{number}@example.org"))
        statuses.append(client.post(create, {"body": f"Commentaire numéro {number}"}).status_code)
    assert 429 not in statuses[:-1]
    assert statuses[-1] == 429
