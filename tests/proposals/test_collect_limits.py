"""The collect step's settings enforced on the server: proposals per person, the district
asked or required, supports off or limited per person; refusals say why, nothing typed lost."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.contributions.models import Reaction
from tessera.organizations.models import District, Theme
from tessera.proposals.collect_limits import limit_reached
from tessera.proposals.models import CollectSettings, FieldMode, Proposal
from tessera.proposals.services import proposal_withdraw
from tests.proposals.conftest import url
from tests.proposals.factories import ProposalFactory
from tests.proposals.test_submit import good_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client: Client, resident: User) -> Client:
    client.force_login(resident)
    return client


def settings_of(step: object, **fields: object) -> CollectSettings:
    return CollectSettings.objects.create(
        step=step,
        organization=step.organization,
        **fields,  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    ("limit", "used", "reached"),
    [(None, 0, False), (None, 99, False), (1, 0, False), (1, 1, True), (3, 2, False), (3, 4, True)],
)
def test_a_limit_is_reached_once_all_its_places_are_used(
    limit: int | None, used: int, reached: bool
) -> None:
    assert limit_reached(limit, used) is reached


def test_a_second_proposal_over_the_limit_is_refused_keeping_what_was_typed(
    logged_in: Client, step: object, theme: Theme, resident: User
) -> None:
    settings_of(step, max_proposals_per_person=1)
    assert logged_in.post(url(step, "new"), good_data(theme)).status_code == 302
    form_page = logged_in.get(url(step, "new")).content.decode()
    assert "Vous pouvez déposer 1 proposition" in form_page or "au plus 1" in form_page
    second = logged_in.post(url(step, "new"), good_data(theme, title="Un second projet de bancs"))
    page = second.content.decode()
    assert second.status_code == 400
    assert "Vous avez déjà déposé 1 proposition" in page
    assert 'value="Un second projet de bancs"' in page
    assert Proposal.objects.filter(author=resident).count() == 1


def test_a_withdrawn_proposal_frees_its_place(
    logged_in: Client, step: object, theme: Theme, resident: User
) -> None:
    settings_of(step, max_proposals_per_person=1)
    logged_in.post(url(step, "new"), good_data(theme))
    proposal_withdraw(proposal=Proposal.objects.get(), user=resident)
    assert logged_in.post(url(step, "new"), good_data(theme)).status_code == 302


def test_the_proposals_of_others_do_not_count(
    logged_in: Client, step: object, theme: Theme
) -> None:
    settings_of(step, max_proposals_per_person=1)
    ProposalFactory(step=step)
    assert logged_in.post(url(step, "new"), good_data(theme)).status_code == 302


def test_a_required_district_must_be_chosen_and_a_hidden_one_is_not_asked(
    logged_in: Client, step: object, theme: Theme, district: District
) -> None:
    settings = settings_of(step, district_mode=FieldMode.REQUIRED)
    missing = logged_in.post(url(step, "new"), good_data(theme))
    assert missing.status_code == 400
    assert "Ce champ est obligatoire" in missing.content.decode()
    assert "Choisissez un quartier" in missing.content.decode()
    settings.district_mode = FieldMode.HIDDEN
    settings.save()
    assert 'name="district"' not in logged_in.get(url(step, "new")).content.decode()
    sent = logged_in.post(url(step, "new"), good_data(theme, district=district.pk))
    assert sent.status_code == 302
    assert Proposal.objects.get().district is None


def test_supports_over_the_limit_are_refused_with_the_reason(
    logged_in: Client, step: object, resident: User
) -> None:
    settings_of(step, max_supports_per_person=2)
    proposals = [ProposalFactory(step=step) for _ in range(3)]
    for proposal in proposals[:2]:
        logged_in.post(url(step, "support", proposal))
    refused = logged_in.post(url(step, "support", proposals[2]), follow=True)
    assert "Vous soutenez déjà 2 propositions" in refused.content.decode()
    assert Reaction.objects.filter(user=resident).count() == 2
    enhanced = logged_in.post(
        url(step, "support", proposals[2]), headers={"X-Requested-With": "fetch"}
    )
    assert enhanced.status_code == 409
    logged_in.post(url(step, "support", proposals[0]), {"action": "remove"})
    logged_in.post(url(step, "support", proposals[2]))
    assert Reaction.objects.filter(user=resident, contribution=proposals[2].contribution).exists()


def test_supports_turned_off_are_refused(logged_in: Client, step: object, resident: User) -> None:
    settings_of(step, supports_enabled=False)
    proposal = ProposalFactory(step=step)
    assert logged_in.post(url(step, "support", proposal)).status_code == 403
    assert not Reaction.objects.filter(user=resident).exists()
