"""The vote page's basket without JavaScript: what left the ballot, where the page comes back
to, emptying the selection, discarding changes, the census code and the thank-you page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_hide, proposal_status_change
from tessera.proposals.statuses import ProposalStatus
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import Ballot, BallotDraft
from tessera.voting.services import ballot_submit, census_codes_import
from tests.factories import DistrictFactory
from tests.voting.conftest import eligible, settings_of, vote_step_in, vote_url

pytestmark = pytest.mark.django_db

LEFT_SENTENCE = "ne fait plus partie du vote : il est retiré de votre sélection."
ANY_LEFT = "Un projet de votre sélection ne fait plus partie du vote."
NOT_ON_BALLOT = "Un des projets choisis ne fait pas partie de ce vote."


@pytest.fixture
def voter_client(client: Client, voter: User) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    client.force_login(voter)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """Run what a write does once its transaction commits (the vote's cache hears of it)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def add(client: Client, step: Step, *proposals: Proposal, **extra: object) -> Any:
    response = None
    for proposal in proposals:
        response = client.post(
            vote_url(step, "basket"), {"action": "add", "proposal": proposal.pk, **extra}
        )
    return response


def chosen_ids(ballot: Ballot) -> set[int]:
    return set(ballot.choices.values_list("proposal_id", flat=True))


def test_a_draft_whose_proposal_was_made_ineligible_is_still_submitted_without_it(
    voter_client: Client,
    vote_step: Step,
    proposals: list[Proposal],
    committed: Callable[..., Any],
) -> None:
    add(voter_client, vote_step, proposals[1], proposals[2])
    with committed():
        proposal_status_change(
            proposal=proposals[2], to_status=ProposalStatus.INELIGIBLE, changed_by=None
        )
    page = voter_client.get(vote_url(vote_step))
    assert f"« {proposals[2].title} » {LEFT_SENTENCE}" in page.text
    assert page.text.count(proposals[2].title) == 1  # named in the notice, nowhere else
    assert "30\u202f000\u00a0€ sur 100\u202f000\u00a0€" in page.text
    response = voter_client.post(vote_url(vote_step, "submit"))
    assert response["Location"].endswith("/vote/thanks/")
    assert chosen_ids(Ballot.objects.get()) == {proposals[1].pk}
    assert NOT_ON_BALLOT not in voter_client.get(vote_url(vote_step)).text


def test_a_proposal_hidden_by_the_moderation_is_left_out_without_its_title(
    voter_client: Client,
    vote_step: Step,
    proposals: list[Proposal],
    committed: Callable[..., Any],
) -> None:
    add(voter_client, vote_step, proposals[0], proposals[3])
    with committed():
        proposal_hide(proposal=proposals[0], moderator=None, reason="Propos injurieux")
    page = voter_client.get(vote_url(vote_step))
    assert ANY_LEFT in page.text
    assert proposals[0].title not in page.text
    voter_client.post(vote_url(vote_step, "submit"))
    assert chosen_ids(Ballot.objects.get()) == {proposals[3].pk}


def test_a_proposal_moved_to_another_district_leaves_that_district_s_basket(
    voter_client: Client,
    process: Process,
    collect_step: Step,
    theme: Theme,
    district: District,
) -> None:
    step = vote_step_in(process, "during", scope="district")
    elsewhere = DistrictFactory(organization=district.organization, name="Le Port", slug="port")
    staying = eligible(collect_step, theme, 10, district=district, title="Un banc à la gare")
    moving = eligible(collect_step, theme, 20, district=district, title="Un kiosque")
    add(voter_client, step, staying, moving, scope="la-gare")
    moving.district = elsewhere
    moving.save()  # the vote's cache hears the save
    page = voter_client.get(vote_url(step), {"scope": "la-gare"})
    assert f"« Un kiosque » {LEFT_SENTENCE}" in page.text
    voter_client.post(vote_url(step, "submit"), {"scope": "la-gare"})
    assert chosen_ids(Ballot.objects.get()) == {staying.pk}


def test_the_remaining_choices_still_answer_to_the_rules(
    voter_client: Client,
    process: Process,
    proposals: list[Proposal],
    committed: Callable[..., Any],
) -> None:
    step = vote_step_in(process, "during", min_choices=2)
    add(voter_client, step, proposals[1], proposals[2])
    with committed():
        proposal_status_change(
            proposal=proposals[2], to_status=ProposalStatus.INELIGIBLE, changed_by=None
        )
    response = voter_client.post(vote_url(step, "submit"))
    assert not Ballot.objects.exists()
    page = voter_client.get(response["Location"])
    assert "Choisissez au moins 2 projets" in page.text
    assert NOT_ON_BALLOT not in page.text


def test_the_next_change_keeps_the_draft_without_what_left(
    voter_client: Client,
    vote_step: Step,
    proposals: list[Proposal],
    committed: Callable[..., Any],
) -> None:
    add(voter_client, vote_step, proposals[1], proposals[2])
    with committed():
        proposal_status_change(
            proposal=proposals[2], to_status=ProposalStatus.INELIGIBLE, changed_by=None
        )
    add(voter_client, vote_step, proposals[3])
    assert BallotDraft.objects.get().choices == [
        {"proposal": proposals[1].pk},
        {"proposal": proposals[3].pk},
    ]


def test_a_card_s_button_comes_back_to_that_card(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    response = add(voter_client, vote_step, proposals[2], q="jardin", theme="nature")
    assert response["Location"].endswith(f"/vote/#proposal-{proposals[2].pk}")
    response = voter_client.post(
        vote_url(vote_step, "basket"),
        {"action": "add", "proposal": proposals[1].pk, "query": "q=jardin&theme=nature"},
    )
    assert response["Location"].endswith(f"?q=jardin&theme=nature#proposal-{proposals[1].pk}")
    page = voter_client.get(vote_url(vote_step))
    for proposal in proposals:
        assert f'id="proposal-{proposal.pk}"' in page.text


def test_the_basket_s_buttons_come_back_to_the_basket(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    add(voter_client, vote_step, proposals[2])
    response = voter_client.post(
        vote_url(vote_step, "basket"),
        {"action": "remove", "proposal": proposals[2].pk, "origin": "basket"},
    )
    assert response["Location"].endswith("/vote/#basket")


def test_a_points_card_comes_back_to_that_card(
    voter_client: Client, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="points", points=10)
    response = voter_client.post(
        vote_url(step, "basket"), {"action": "points", "proposal": proposals[0].pk, "points": 3}
    )
    assert response["Location"].endswith(f"#proposal-{proposals[0].pk}")


def test_the_voter_empties_the_selection(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    add(voter_client, vote_step, proposals[1], proposals[2])
    page = voter_client.get(vote_url(vote_step))
    assert "Vider ma sélection" in page.text
    response = voter_client.post(vote_url(vote_step, "basket"), {"action": "clear"})
    assert response["Location"].endswith("#basket")
    assert not BallotDraft.objects.exists()  # nothing submitted, nothing left to keep
    page = voter_client.get(vote_url(vote_step))
    assert "Vous n’avez pas encore voté." in page.text or "pas encore voté" in page.text
    assert "Vider ma sélection" not in page.text
    assert 'class="ballot-errors"' not in page.text


def test_removing_the_last_choice_leaves_no_draft_and_no_error(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    add(voter_client, vote_step, proposals[1])
    voter_client.post(
        vote_url(vote_step, "basket"), {"action": "remove", "proposal": proposals[1].pk}
    )
    assert not BallotDraft.objects.exists()
    assert 'class="ballot-errors"' not in voter_client.get(vote_url(vote_step)).text


def test_a_voter_discards_their_changes_and_finds_their_submitted_ballot(
    voter_client: Client, voter: User, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", ballot_changeable=True)
    ballot_submit(voter=voter, step=step, choices=[Choice(proposals[1].pk)])
    assert "Annuler mes modifications" not in voter_client.get(vote_url(step)).text
    add(voter_client, step, proposals[2])
    voter_client.post(vote_url(step, "basket"), {"action": "remove", "proposal": proposals[1].pk})
    page = voter_client.get(vote_url(step))
    assert "mais pas les modifications ci-dessous" in page.text
    assert "Annuler mes modifications" in page.text
    response = voter_client.post(vote_url(step, "basket"), {"action": "discard"})
    assert response["Location"].endswith("#basket")
    assert not BallotDraft.objects.exists()
    page = voter_client.get(vote_url(step))
    assert "Votre bulletin est enregistré" in page.text
    assert "30\u202f000\u00a0€ sur 100\u202f000\u00a0€" in page.text
    assert "Annuler mes modifications" not in page.text
    assert chosen_ids(Ballot.objects.get()) == {proposals[1].pk}


def test_emptying_a_submitted_ballot_is_a_change_the_rules_judge(
    voter_client: Client, voter: User, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", ballot_changeable=True)
    ballot_submit(voter=voter, step=step, choices=[Choice(proposals[1].pk)])
    voter_client.post(vote_url(step, "basket"), {"action": "clear"})
    assert BallotDraft.objects.get().choices == []
    page = voter_client.get(vote_url(step))
    assert "Choisissez au moins 1 projet" in page.text
    assert "Annuler mes modifications" in page.text


def test_the_census_code_is_read_from_the_validated_form(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    settings = settings_of(vote_step)
    settings.census_required = True
    settings.save()
    census_codes_import(step=vote_step, codes=["ABC-123"])
    add(voter_client, vote_step, proposals[1])
    voter_client.post(vote_url(vote_step, "submit"), {"census_code": "x" * 41})
    assert not Ballot.objects.exists()  # too long: not read at all
    response = voter_client.post(vote_url(vote_step, "submit"), {"census_code": "abc 123"})
    assert response["Location"].endswith("/vote/thanks/")
    assert Ballot.objects.count() == 1


def test_the_thank_you_page_counts_points_in_words(
    voter_client: Client, voter: User, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="points", points=10)
    ballot_submit(
        voter=voter,
        step=step,
        choices=[Choice(proposals[0].pk, points=1), Choice(proposals[1].pk, points=4)],
    )
    thanks = voter_client.get(vote_url(step, "thanks"))
    assert "— 1 point<" in thanks.text
    assert "— 4 points<" in thanks.text
    assert "pts" not in thanks.text
    with translation.override("en"):
        english = voter_client.get(vote_url(step, "thanks"), HTTP_ACCEPT_LANGUAGE="en")
    assert "— 4 points<" in english.text
