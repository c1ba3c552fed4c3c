"""The basket's answers to voting/basket.js: the same forms posted with fetch get back the parts
of the page that changed (the basket, its summary, the cards' forms, a sentence for screen
readers), rendered from the same template as the page, in a bounded number of queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import User
from tessera.organizations.models import Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.ballot_rules import Choice
from tessera.voting.models import BallotDraft
from tessera.voting.services import ballot_submit
from tests.voting.conftest import eligible, vote_step_in, vote_url

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def voter_client(client: Client, voter: User) -> Client:
    client.force_login(voter)
    return client


def press(
    client: Client, step: Step, action: str, proposal: Proposal | None = None, **data: Any
) -> Any:
    fields = {"action": action, **data}
    if proposal is not None:
        fields["proposal"] = proposal.pk
    return client.post(vote_url(step, "basket"), fields, **FETCH)


def announced(text: str) -> str:
    match = re.search(r"<p data-announce>(.*?)</p>", text, re.S)
    assert match, text
    return re.sub(r"[ \t\n]+", " ", match.group(1)).strip()


def card_forms(text: str) -> dict[int, str]:
    return {
        int(pk): form
        for pk, form in re.findall(
            r'(?s)<form[^>]*data-card-form data-proposal="(\d+)"(.*?)</form>', text
        )
    }


def basket_section(text: str) -> str:
    section = re.search(r'(?s)<section id="basket".*?</section>', text)
    assert section
    # Each rendering masks the CSRF token anew.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", section.group(0))


def test_adding_answers_with_the_basket_the_card_and_a_sentence(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    response = press(voter_client, vote_step, "add", proposals[1])
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "<header" not in response.text
    assert BallotDraft.objects.get().choices == [{"proposal": proposals[1].pk}]
    assert '<section id="basket"' in response.text
    assert 'id="basket-summary"' in response.text
    forms = card_forms(response.text)
    assert list(forms) == [proposals[1].pk]
    assert "Retirer de mon bulletin" in forms[proposals[1].pk]
    assert announced(response.text) == "Projet ajouté. 30\u202f000\u00a0€ sur 100\u202f000\u00a0€"


def test_the_fragment_is_the_page_s_own_basket(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    press(voter_client, vote_step, "add", proposals[3])
    response = press(voter_client, vote_step, "add", proposals[1])
    page = voter_client.get(vote_url(vote_step), HTTP_ACCEPT_LANGUAGE="fr")
    assert basket_section(response.text) == basket_section(page.text)


def test_removing_from_the_basket_gives_the_card_its_add_button_back(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    press(voter_client, vote_step, "add", proposals[1])
    press(voter_client, vote_step, "add", proposals[2])
    response = press(voter_client, vote_step, "remove", proposals[1], origin="basket")
    forms = card_forms(response.text)
    assert list(forms) == [proposals[1].pk]
    assert "Ajouter à mon bulletin" in forms[proposals[1].pk]
    assert announced(response.text) == "Projet retiré. 20\u202f000\u00a0€ sur 100\u202f000\u00a0€"


def test_the_envelope_s_breach_comes_in_the_basket(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    for proposal in proposals[:3]:
        response = press(voter_client, vote_step, "add", proposal)
    assert 'class="ballot-errors" role="alert"' in response.text
    assert "dépasse l&#x27;enveloppe de 10\u202f000\u00a0€" in response.text


def test_moving_a_ranked_choice_changes_the_order_only(
    voter_client: Client, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="ranked", max_choices=3, budget=None)
    for proposal in proposals[:2]:
        press(voter_client, step, "add", proposal)
    response = press(voter_client, step, "up", proposals[1], origin="basket")
    assert announced(response.text) == "Ordre modifié. Ma sélection : 2 projets"
    lines = re.findall(r'<span class="line-title">(.*?)</span>', response.text)
    assert lines == [proposals[1].title, proposals[0].title]


def test_points_are_saved_and_counted(
    voter_client: Client, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", kind="points", points=10, budget=None)
    response = press(voter_client, step, "points", proposals[0], points=4)
    assert announced(response.text) == "Points enregistrés. 6 points restants"
    assert 'value="4"' in card_forms(response.text)[proposals[0].pk]


def test_a_refused_action_changes_nothing_and_says_so_not(
    voter_client: Client, vote_step: Step, proposals: list[Proposal], collect_step: Step
) -> None:
    from tests.proposals.factories import ProposalFactory

    response = press(voter_client, vote_step, "add", ProposalFactory(step=collect_step))
    assert response.status_code == 200
    assert "Projet ajouté" not in announced(response.text)
    assert not BallotDraft.objects.exists()


def test_a_form_not_understood_is_a_bad_request_the_script_then_posts_plainly(
    voter_client: Client, vote_step: Step, proposals: list[Proposal]
) -> None:
    response = press(voter_client, vote_step, "shuffle", proposals[0])
    assert response.status_code == 400
    plain = voter_client.post(vote_url(vote_step, "basket"), {"action": "shuffle"})
    assert plain.status_code == 302


def test_discarding_changes_brings_back_every_card_that_changed(
    voter_client: Client, voter: User, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "during", ballot_changeable=True)
    ballot_submit(voter=voter, step=step, choices=[Choice(proposals[1].pk)])
    press(voter_client, step, "add", proposals[2])
    press(voter_client, step, "remove", proposals[1])
    response = press(voter_client, step, "discard", origin="basket")
    forms = card_forms(response.text)
    assert set(forms) == {proposals[1].pk, proposals[2].pk}
    assert "Retirer de mon bulletin" in forms[proposals[1].pk]
    assert "Ajouter à mon bulletin" in forms[proposals[2].pk]
    assert announced(response.text).startswith("Modifications annulées")
    assert "Votre bulletin est enregistré" in response.text
    assert not BallotDraft.objects.exists()


def test_a_voter_who_may_not_vote_gets_no_fragment(
    client: Client, unverified_resident: User, vote_step: Step, proposals: list[Proposal]
) -> None:
    client.force_login(unverified_resident)
    assert press(client, vote_step, "add", proposals[0]).status_code == 403


def test_the_fragment_runs_a_bounded_number_of_queries(
    voter_client: Client, voter: User, vote_step: Step, collect_step: Step, theme: Theme
) -> None:
    created = [eligible(collect_step, theme, 100, title=f"Projet {i}") for i in range(10)]
    ballot_submit(voter=voter, step=vote_step, choices=[Choice(created[0].pk)])
    press(voter_client, vote_step, "add", created[1])  # warm the caches

    def count(proposal: Proposal) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = press(voter_client, vote_step, "add", proposal)
        assert response.status_code == 200
        assert "Projet ajouté" in announced(response.text)
        return len(queries)

    few = count(created[2])
    created += [eligible(collect_step, theme, 100, title=f"Projet {i}") for i in range(10, 200)]
    for proposal in created[3:8]:
        press(voter_client, vote_step, "add", proposal)
    many = count(created[8])
    assert many == few
    assert many <= 14
