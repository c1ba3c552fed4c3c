"""The proposals of the GraphQL API: a collect step's public proposals with filters, search,
sort and pages; one proposal; what stays out (hidden, withdrawn, restricted processes, another
organisation, anything personal); query counts."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.accounts.services import account_delete
from tessera.contributions.models import Contribution
from tessera.contributions.services import answer_set
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step, Visibility
from tessera.proposals.models import Proposal, ProposalAttachment, ProposalImage
from tessera.proposals.services import search_vector_refresh
from tessera.proposals.statuses import ProposalStatus
from tests.api.conftest import data, errors, graphql, queries_of
from tests.factories import ThemeFactory
from tests.proposals.factories import CollectSettingsFactory, ProposalFactory

pytestmark = pytest.mark.django_db

LIST = """
query List($process: String!, $step: ID!, $theme: String, $district: String,
           $status: ProposalStatus, $search: String, $sort: ProposalSort! = RECENT,
           $offset: Int! = 0, $limit: Int) {
  proposals(process: $process, step: $step, theme: $theme, district: $district,
            status: $status, search: $search, sort: $sort,
            pagination: {offset: $offset, limit: $limit}) {
    totalCount
    results {
      id title description descriptionHtml estimatedCost address status officialAnswer
      supportsCount commentsCount createdAt onBehalfOf authorName url
      theme { slug name }
      district { slug name }
      step { id kind process { slug } }
      images { url altText }
      attachments { title size url }
    }
  }
}
"""

ONE = """
query One($process: String!, $id: ID!) {
  proposal(process: $process, id: $id) { id title authorName }
}
"""


def listed(client: Client, step: Step, **variables: object) -> list[dict[str, object]]:
    page = data(client, LIST, {"process": step.process.slug, "step": step.pk, **variables})
    results: list[dict[str, object]] = page["proposals"]["results"]
    return results


def titles(client: Client, step: Step, **variables: object) -> list[object]:
    return [proposal["title"] for proposal in listed(client, step, **variables)]


def test_it_lists_a_collect_steps_proposals_as_the_page_shows_them(
    step: Step, proposal: Proposal, district: District
) -> None:
    proposal.district = district
    proposal.estimated_cost = 12_000
    proposal.address = "Place de la Gare"
    proposal.on_behalf_of = "Les Amis du Parc"
    proposal.save()
    answer_set(
        contribution=proposal.contribution,
        state="under_review",
        text="Étudiée par la voirie.",
        answered_by=None,
    )
    Contribution.objects.filter(pk=proposal.contribution_id).update(
        positive_count=4, comments_count=2
    )

    [found] = listed(Client(), step)

    assert found["id"] == str(proposal.pk)
    assert found["title"] == "Des bancs à l'ombre"
    assert found["description"] == proposal.description
    assert found["descriptionHtml"] == proposal.description_html
    assert found["estimatedCost"] == 12_000
    assert found["address"] == "Place de la Gare"
    assert found["status"] == "PUBLISHED"
    assert found["officialAnswer"] == "Étudiée par la voirie."
    assert found["supportsCount"] == 4
    assert found["commentsCount"] == 2
    assert found["onBehalfOf"] == "Les Amis du Parc"
    assert found["authorName"] == "Alice Autrice"
    assert found["theme"] == {"slug": "nature", "name": "Nature en ville"}
    assert found["district"] == {"slug": "la-gare", "name": "La Gare"}
    assert found["step"] == {"id": str(step.pk), "kind": "collect", "process": {"slug": "budget"}}
    assert found["url"] == (
        f"http://testserver/processes/budget/steps/{step.pk}/proposals/{proposal.pk}/"
    )


def test_it_shows_nothing_personal(step: Step, proposal: Proposal, author: User) -> None:
    body = json.dumps(graphql(Client(), LIST, {"process": "budget", "step": step.pk}))
    fields = data(Client(), '{ __type(name: "Proposal") { fields { name } } }')

    assert author.email not in body
    assert "Alice Autrice" in body  # the name the proposal page shows, nothing more
    names = {field["name"] for field in fields["__type"]["fields"]}
    assert not names & {"author", "authorId", "email", "latitude", "longitude", "hiddenReason"}


def test_a_deleted_account_leaves_no_name(step: Step, proposal: Proposal, author: User) -> None:
    account_delete(user=author)

    [found] = listed(Client(), step)

    assert found["authorName"] is None


def test_the_supports_count_is_null_when_the_step_takes_no_supports(
    step: Step, proposal: Proposal
) -> None:
    CollectSettingsFactory(step=step, supports_enabled=False)

    [found] = listed(Client(), step)

    assert found["supportsCount"] is None


def test_hidden_and_withdrawn_proposals_stay_out(step: Step, theme: Theme) -> None:
    ProposalFactory(step=step, theme=theme, title="Visible")
    hidden = ProposalFactory(step=step, theme=theme, title="Cachée", contribution__state="hidden")
    withdrawn = ProposalFactory(
        step=step, theme=theme, title="Retirée", status=ProposalStatus.WITHDRAWN
    )
    client = Client()

    assert titles(client, step) == ["Visible"]
    for proposal in (hidden, withdrawn):
        assert data(client, ONE, {"process": "budget", "id": proposal.pk}) == {"proposal": None}


def test_it_filters_searches_and_sorts(
    organization: Organization, step: Step, theme: Theme, district: District
) -> None:
    other_theme = ThemeFactory(organization=organization, slug="culture")
    ProposalFactory(
        step=step, theme=theme, title="Un verger partagé", contribution__positive_count=1
    )
    ProposalFactory(
        step=step,
        theme=theme,
        district=district,
        title="Des arbres rue Haute",
        contribution__positive_count=9,
    )
    ProposalFactory(
        step=step,
        theme=other_theme,
        title="Une fresque au collège",
        status=ProposalStatus.ELIGIBLE,
        contribution__positive_count=5,
    )
    search_vector_refresh()  # the factory bypasses the service that keeps it (PostgreSQL)
    client = Client()

    assert titles(client, step, theme="culture") == ["Une fresque au collège"]
    assert titles(client, step, district="la-gare") == ["Des arbres rue Haute"]
    assert titles(client, step, status="ELIGIBLE") == ["Une fresque au collège"]
    assert titles(client, step, search="verger") == ["Un verger partagé"]
    assert titles(client, step, sort="SUPPORTS") == [
        "Des arbres rue Haute",
        "Une fresque au collège",
        "Un verger partagé",
    ]
    assert titles(client, step, sort="RECENT", offset=1, limit=1) == ["Des arbres rue Haute"]


def test_images_and_attachments_come_with_their_addresses(step: Step, proposal: Proposal) -> None:
    ProposalImage.objects.create(
        organization=proposal.organization,
        proposal=proposal,
        image="ville-de-test/proposals/images/a.png",
        alt_text="Un banc",
    )
    ProposalAttachment.objects.create(
        organization=proposal.organization,
        proposal=proposal,
        file="ville-de-test/proposals/attachments/plan.pdf",
        title="Plan",
        size=1234,
    )

    [found] = listed(Client(), step)

    assert found["images"] == [
        {
            "url": "http://testserver/media/ville-de-test/proposals/images/a.png",
            "altText": "Un banc",
        }
    ]
    assert found["attachments"] == [
        {
            "title": "Plan",
            "size": 1234,
            "url": "http://testserver/media/ville-de-test/proposals/attachments/plan.pdf",
        }
    ]


def test_a_proposal_is_found_by_its_process_and_id(proposal: Proposal) -> None:
    client = Client()

    assert data(client, ONE, {"process": "budget", "id": proposal.pk})["proposal"] == {
        "id": str(proposal.pk),
        "title": "Des bancs à l'ombre",
        "authorName": "Alice Autrice",
    }
    assert data(client, ONE, {"process": "other", "id": proposal.pk}) == {"proposal": None}
    assert data(client, ONE, {"process": "budget", "id": "nope"}) == {"proposal": None}
    assert data(client, ONE, {"process": "budget", "id": 999_999}) == {"proposal": None}


@pytest.mark.parametrize(
    ("process_slug", "step_id"),
    [("nowhere", None), ("budget", 999_999), ("budget", "abc")],
    ids=["unknown process", "unknown step", "not an id"],
)
def test_an_unknown_process_or_step_is_an_error(
    step: Step, process_slug: str, step_id: object
) -> None:
    variables = {"process": process_slug, "step": step_id or step.pk}

    assert errors(Client(), LIST, variables) == [
        "No public collect step with this id in this process."
    ]


def test_a_step_that_is_not_a_collect_is_an_error(process: Process, step: Step) -> None:
    step.kind = "presentation"
    step.save()

    assert errors(Client(), LIST, {"process": "budget", "step": step.pk}) == [
        "No public collect step with this id in this process."
    ]


@pytest.mark.parametrize(
    "fields",
    [{"is_published": False}, {"visibility": Visibility.RESTRICTED}],
    ids=["draft", "restricted"],
)
def test_the_proposals_of_a_draft_or_restricted_process_stay_out(
    process: Process, step: Step, proposal: Proposal, fields: dict[str, object]
) -> None:
    Process.objects.filter(pk=process.pk).update(**fields)
    client = Client()

    assert errors(client, LIST, {"process": "budget", "step": step.pk})
    assert data(client, ONE, {"process": "budget", "id": proposal.pk}) == {"proposal": None}


def test_an_unlisted_process_gives_its_proposals_by_its_slug(
    process: Process, step: Step, proposal: Proposal
) -> None:
    Process.objects.filter(pk=process.pk).update(visibility=Visibility.UNLISTED)

    assert titles(Client(), step) == ["Des bancs à l'ombre"]


def test_another_organisation_never_sees_these_proposals(
    step: Step, proposal: Proposal, other_organization: Organization, other_client: Client
) -> None:
    assert errors(other_client, LIST, {"process": "budget", "step": step.pk})
    assert data(other_client, ONE, {"process": "budget", "id": proposal.pk}) == {"proposal": None}


def test_a_page_over_100_and_a_search_over_200_characters_are_refused(step: Step) -> None:
    client = Client()
    variables = {"process": "budget", "step": step.pk}

    assert errors(client, LIST, {**variables, "limit": 500}) == [
        "The page size (limit) must be between 1 and 100."
    ]
    assert errors(client, LIST, {**variables, "search": "x" * 201}) == [
        "The search is 200 characters at most."
    ]


def _proposals(step: Step, theme: Theme, district: District, count: int) -> None:
    for _index in range(count):
        proposal = ProposalFactory(step=step, theme=theme, district=district)
        ProposalImage.objects.create(
            organization=proposal.organization, proposal=proposal, image="x/a.png"
        )
        ProposalAttachment.objects.create(
            organization=proposal.organization, proposal=proposal, file="x/a.pdf", title="A"
        )


def test_the_list_runs_the_same_queries_for_3_or_30_proposals(
    step: Step, theme: Theme, district: District
) -> None:
    client = Client()
    variables = {"process": "budget", "step": step.pk, "limit": 100}
    _proposals(step, theme, district, 3)
    few = queries_of(client, LIST, variables)
    _proposals(step, theme, district, 27)
    many = queries_of(client, LIST, variables)

    assert few == many
    # The process, the step, the count, the proposals (theme, district, author, step and
    # process joined), their images, their attachments.
    assert many == 6


def test_a_proposal_without_a_theme_has_a_null_theme(step: Step, proposal: Proposal) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(theme=None)

    [found] = listed(Client(), step)

    assert found["theme"] is None
    assert titles(Client(), step, theme="nature") == []
