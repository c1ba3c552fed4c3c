"""The proposal page: content, supports, reports, moderation notice, share links."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tessera.accounts.models import User
from tessera.contributions.models import Report
from tessera.contributions.services import answer_set
from tessera.processes.models import Process
from tessera.proposals.models import CollectSettings, Proposal
from tessera.proposals.services import proposal_hide, proposal_status_change
from tests.proposals.conftest import collect_step_in, url
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_proposal_its_status_and_the_official_answer(
    client: Client, proposal: Proposal, manager: User
) -> None:
    proposal_status_change(
        proposal=proposal,
        to_status="ineligible",
        changed_by=manager,
        public_answer="Ce terrain n’appartient pas à la ville.",
        notify=False,
    )
    page = client.get(url(proposal.step, proposal=proposal)).content.decode()
    assert "Des bancs à l&#x27;ombre" in page
    assert "Alice Autrice" in page
    assert "Irrecevable" in page
    assert "Ce terrain n’appartient pas à la ville." in page
    assert "Non retenue" in page  # the answer's state, on the contribution
    assert "Toute la ville" in page
    assert "alice@example.org" not in page
    assert "facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fprocesses" in page


def test_a_resident_supports_then_takes_the_support_back(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    response = client.post(url(proposal.step, "support", proposal))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Merci pour votre soutien" in page
    assert "1 personne soutient cette proposition" in page
    assert "Retirer mon soutien" in page
    client.post(url(proposal.step, "support", proposal))  # twice: still one
    proposal.refresh_from_db()
    assert proposal.supports_count == 1
    client.post(url(proposal.step, "support", proposal), {"action": "remove"})
    proposal.refresh_from_db()
    assert proposal.supports_count == 0


def test_supporting_needs_an_account_and_an_open_step_with_supports(
    client: Client, process: Process, proposal: Proposal, resident: User
) -> None:
    response = client.post(url(proposal.step, "support", proposal))
    assert "/accounts/login/" in response["Location"]
    client.force_login(resident)
    CollectSettings.objects.create(
        step=proposal.step, organization=proposal.organization, supports_enabled=False
    )
    assert client.post(url(proposal.step, "support", proposal)).status_code == 403
    closed = ProposalFactory(step=collect_step_in(process, "after"), theme=proposal.theme)
    assert client.post(url(closed.step, "support", closed)).status_code == 403
    assert client.get(url(proposal.step, "support", proposal)).status_code == 405


def test_a_resident_reports_a_proposal_once(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    bad = client.post(url(proposal.step, "report", proposal), {"reason": "nonsense"})
    assert bad.status_code == 400
    good = client.post(url(proposal.step, "report", proposal), {"reason": "spam", "message": "Pub"})
    assert good.status_code == 302
    again = client.post(url(proposal.step, "report", proposal), {"reason": "abuse"}, follow=True)
    assert "déjà signalé" in again.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.message) == (resident, "spam", "Pub")


def test_a_hidden_proposal_shows_the_reason_but_not_its_content_to_the_public(
    client: Client, proposal: Proposal, moderator: User
) -> None:
    proposal.title = "Titre secret du projet"
    proposal.description_html = "<p>Contenu masqué</p>"
    proposal.save()
    answer_set(
        contribution=proposal.contribution,
        state="answered",
        text="Réponse de la ville",
        answered_by=None,
    )
    proposal_hide(proposal=proposal, moderator=moderator, reason="Propos injurieux")
    page = client.get(url(proposal.step, proposal=proposal)).content.decode()
    assert "Propos injurieux" in page
    for secret in ("Contenu masqué", proposal.title, quote(proposal.title), "Réponse de la ville"):
        assert secret not in page
    listed = client.get(url(proposal.step)).content.decode()
    assert proposal.title not in listed
    assert "Une proposition masquée par la modération" in listed
    client.force_login(moderator)
    assert "Contenu masqué" in client.get(url(proposal.step, proposal=proposal)).content.decode()


def test_another_organisation_never_sees_the_proposal(
    other_client: Client, proposal: Proposal
) -> None:
    assert other_client.get(url(proposal.step, proposal=proposal)).status_code == 404


def test_a_draft_process_hides_its_proposals(client: Client, proposal: Proposal) -> None:
    process = proposal.step.process
    process.is_published = False
    process.save()
    assert client.get(url(proposal.step, proposal=proposal)).status_code == 404


def test_the_page_runs_a_bounded_number_of_queries(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    address = url(proposal.step, proposal=proposal)
    client.get(address)
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    assert len(context.captured_queries) <= 20
