"""Processes in the back office: create, edit with a short URL, publish, next edition,
delete or archive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tessera.accounts.models import User
from tessera.branding.models import Redirect
from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.proposals.models import CollectSettings
from tessera.questionnaires.models import Participation as QuestionnaireParticipation
from tessera.voting.models import DistrictBudget, Results, VoteSettings
from tests.factories import DistrictFactory, ProcessFactory, StepFactory, ThemeFactory
from tests.manage.conftest import client_of
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Budget des jeunes 2027",
        "slug": "",
        "summary": "Les moins de 18 ans proposent et votent.",
        "description": "Un **budget** pour les jeunes.",
        "cover_alt": "",
        "visibility": "public",
        "short_url": "",
    }
    data.update(changes)
    return data


def test_a_manager_creates_a_process_whose_short_name_comes_from_its_title(
    manager: User, organization: Organization
) -> None:
    theme = ThemeFactory(organization=organization)
    district = DistrictFactory(organization=organization)
    response = client_of(manager).post(
        "/manage/processes/new/",
        form_data(themes=[theme.pk], districts=[district.pk], short_url="/jeunes"),
    )
    process = Process.objects.get(slug="budget-des-jeunes-2027")
    assert response.status_code == 302
    assert response["Location"] == "/manage/processes/budget-des-jeunes-2027/"
    assert not process.is_published
    assert "<strong>budget</strong>" in process.description_html
    assert list(process.themes.all()) == [theme]
    assert list(process.districts.all()) == [district]
    assert Redirect.objects.get(path="/jeunes").target == "/processes/budget-des-jeunes-2027/"


def test_a_taken_short_url_is_refused_and_every_field_typed_is_kept(
    manager: User, organization: Organization
) -> None:
    Redirect.objects.create(organization=organization, path="/budget", target="/pages/x/")
    response = client_of(manager).post("/manage/processes/new/", form_data(short_url="/budget"))
    page = response.content.decode()
    assert response.status_code == 400
    assert not Process.objects.exists()
    assert 'value="Budget des jeunes 2027"' in page
    assert "Un **budget** pour les jeunes." in page
    assert 'id="id_short_url_error"' in page or "errorlist" in page


def test_the_preview_shows_the_description_without_saving(manager: User) -> None:
    response = client_of(manager).post("/manage/processes/new/", form_data(preview="1"))
    assert response.status_code == 200
    assert "<strong>budget</strong>" in response.content.decode()
    assert not Process.objects.exists()


def test_renaming_the_process_keeps_its_short_url_pointing_to_it(
    manager: User, organization: Organization
) -> None:
    client = client_of(manager)
    client.post("/manage/processes/new/", form_data(short_url="/jeunes"))
    client.post(
        "/manage/processes/budget-des-jeunes-2027/edit/",
        form_data(slug="jeunes-2027", short_url="/jeunes"),
    )
    assert Redirect.objects.get(path="/jeunes").target == "/processes/jeunes-2027/"
    assert Redirect.objects.count() == 1


def test_a_process_without_step_cannot_be_published(
    manager: User, organization: Organization
) -> None:
    process = ProcessFactory(organization=organization, is_published=False)
    client_of(manager).post(f"/manage/processes/{process.slug}/publish/", {"published": "1"})
    process.refresh_from_db()
    assert not process.is_published


def test_a_manager_publishes_and_unpublishes(manager: User, process: Process) -> None:
    client = client_of(manager)
    client.post(f"/manage/processes/{process.slug}/publish/", {"published": "0"})
    process.refresh_from_db()
    assert not process.is_published
    client.post(f"/manage/processes/{process.slug}/publish/", {"published": "1"})
    process.refresh_from_db()
    assert process.is_published


def test_the_next_edition_copies_the_steps_and_their_settings_one_year_later(
    manager: User, process: Process
) -> None:
    collect = process.steps.get(kind="collect")
    CollectSettings.objects.create(
        organization=process.organization, step=collect, cost_max=50_000, supports_enabled=False
    )
    ProposalFactory(step=collect)
    vote = process.steps.get(kind="vote")
    district = DistrictFactory(organization=process.organization)
    settings = VoteSettings.objects.create(organization=process.organization, step=vote, budget=9)
    DistrictBudget.objects.create(
        organization=process.organization, settings=settings, district=district, budget=5
    )
    Results.objects.create(organization=process.organization, step=vote, published_at=vote.ends_at)
    response = client_of(manager).post(f"/manage/processes/{process.slug}/duplicate/")
    copy = Process.objects.get(title="Budget participatif 2027")
    assert response["Location"] == f"/manage/processes/{copy.slug}/"
    assert not copy.is_published
    old_steps = list(process.steps.order_by("starts_at"))
    new_steps = list(copy.steps.order_by("starts_at"))
    assert [step.title for step in new_steps] == [step.title for step in old_steps]
    for old, new in zip(old_steps, new_steps, strict=True):
        assert new.starts_at.year == old.starts_at.year + 1
        assert (new.ends_at - new.starts_at) == (old.ends_at - old.starts_at)
    settings = CollectSettings.objects.get(step__process=copy)
    assert settings.cost_max == 50_000
    assert not settings.supports_enabled
    assert not copy.steps.get(kind="collect").proposals.exists()
    new_vote = copy.steps.get(kind="vote")
    assert new_vote.vote_settings.district_budgets.get().budget == 5
    assert not Results.objects.filter(step=new_vote).exists()


def test_a_process_nobody_took_part_in_is_deleted(manager: User, process: Process) -> None:
    client_of(manager).post(f"/manage/processes/{process.slug}/remove/")
    assert not Process.objects.filter(pk=process.pk).exists()


def test_a_process_with_contributions_is_archived_not_deleted(
    manager: User, process: Process
) -> None:
    proposal = ProposalFactory(step=process.steps.get(kind="collect"))
    client = client_of(manager)
    confirm = client.get(f"/manage/processes/{process.slug}/remove/").content.decode()
    assert 'data-removal="archive"' in confirm
    client.post(f"/manage/processes/{process.slug}/remove/")
    process.refresh_from_db()
    assert process.archived_at is not None
    assert not process.is_published
    assert type(proposal).objects.filter(pk=proposal.pk).exists()
    listed = client.get("/manage/processes/").content.decode()
    link = f'href="/manage/processes/{process.slug}/">{process.title}</a>'
    assert link not in listed
    assert link in client.get("/manage/processes/?state=archived").content.decode()


def test_the_list_searches_and_filters(manager: User, organization: Organization) -> None:
    ProcessFactory(organization=organization, title="Vélo en ville")
    ProcessFactory(organization=organization, title="Jardins partagés", is_published=False)
    client = client_of(manager)
    found = client.get("/manage/processes/?q=vélo").content.decode()
    assert "Vélo en ville" in found
    assert "Jardins partagés" not in found
    drafts = client.get("/manage/processes/?state=draft").content.decode()
    assert "Jardins partagés" in drafts
    assert "Vélo en ville" not in drafts


def test_the_list_runs_a_bounded_number_of_queries(
    manager: User, organization: Organization, django_assert_max_num_queries: object
) -> None:
    now = timezone.now()
    for number in range(25):
        process = ProcessFactory(organization=organization)
        Step.objects.create(
            organization=organization,
            process=process,
            title=f"Étape {number}",
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=1),
        )
    client = client_of(manager)
    client.get("/manage/processes/")  # the site's settings are created on the first request
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/manage/processes/").status_code == 200


def test_a_restricted_process_lists_its_participants_by_email(
    manager: User, resident: User, organization: Organization
) -> None:
    data = form_data(visibility="restricted", allowed_emails=f"{resident.email.upper()}\n")
    assert client_of(manager).post("/manage/processes/new/", data).status_code == 302
    process = Process.objects.get(slug="budget-des-jeunes-2027")
    assert list(process.allowed_users.all()) == [resident]
    page = client_of(manager).get(f"/manage/processes/{process.slug}/edit/").content.decode()
    assert resident.email in page


def test_an_unknown_address_is_refused_and_nothing_is_saved(manager: User) -> None:
    data = form_data(visibility="restricted", allowed_emails="personne@nulle.part")
    response = client_of(manager).post("/manage/processes/new/", data)
    assert response.status_code == 400
    assert 'id="id_allowed_emails_error"' in response.content.decode()
    assert not Process.objects.exists()


def test_an_account_of_another_organisation_cannot_be_allowed(
    manager: User, other_organization_admin: User
) -> None:
    data = form_data(visibility="restricted", allowed_emails=other_organization_admin.email)
    assert client_of(manager).post("/manage/processes/new/", data).status_code == 400
    assert not Process.objects.exists()


def test_a_questionnaire_someone_replied_to_keeps_its_step_and_archives_its_process(
    manager: User, resident: User, process: Process
) -> None:
    step = StepFactory(process=process, kind="questionnaire", title="Vos trajets")
    QuestionnaireParticipation.objects.create(
        organization=process.organization, step=step, person=resident
    )
    client = client_of(manager)

    client.post(f"/manage/processes/{process.slug}/steps/{step.pk}/remove/")
    assert Step.objects.filter(pk=step.pk).exists()

    client.post(f"/manage/processes/{process.slug}/remove/")
    process.refresh_from_db()
    assert process.archived_at is not None
    assert QuestionnaireParticipation.objects.filter(step=step).exists()
