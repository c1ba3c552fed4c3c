"""A script cannot bury the staff under submissions or edits."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.organizations.models import Theme
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tests.proposals.conftest import url
from tests.proposals.test_submit import good_data

pytestmark = pytest.mark.django_db

SUBMISSIONS_PER_HOUR = 10
EDITS_PER_HOUR = 60


def test_submissions_past_the_hour_s_limit_are_refused(
    client: Client, resident: User, step: Step, theme: Theme
) -> None:
    client.force_login(resident)
    for number in range(SUBMISSIONS_PER_HOUR):
        data = good_data(theme, title=f"Un jardin partagé numéro {number}")
        assert client.post(url(step, "new"), data).status_code == 302
    response = client.post(url(step, "new"), good_data(theme, title="Encore un jardin partagé"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives" in page
    assert "/accounts/password/reset/" not in page  # a logged-in resident forgot nothing
    assert Proposal.objects.filter(author=resident).count() == SUBMISSIONS_PER_HOUR


def test_edits_past_the_hour_s_limit_are_refused(
    client: Client, author: User, proposal: Proposal
) -> None:
    client.force_login(author)
    edit = url(proposal.step, "edit", proposal)
    statuses = {client.post(edit, {}).status_code for _ in range(EDITS_PER_HOUR)}
    assert 429 not in statuses
    assert client.post(edit, {}).status_code == 429
