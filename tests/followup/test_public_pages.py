"""The public pages: the follow-up step, /realisations/ with its filters, one realisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tessera.accounts.models import Service
from tessera.followup import hooks
from tessera.followup.models import Realisation
from tessera.followup.statuses import RealisationStatus
from tessera.organizations.models import District, Organization, Theme
from tessera.processes.models import Process, Step, Visibility
from tests.factories import DistrictFactory, ProcessFactory, ThemeFactory
from tests.followup.conftest import days, image_upload
from tests.followup.factories import FollowupStepFactory, NewsPostFactory, RealisationFactory

pytestmark = pytest.mark.django_db

S = RealisationStatus


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


@pytest.fixture
def other_process(organization: Organization) -> Process:
    """A 2022 edition with its own realisations."""
    process = ProcessFactory(
        organization=organization, slug="budget-2022", title="Budget 2022", starts_at=days(-1500)
    )
    return process


@pytest.fixture
def catalogue(
    realisation: Realisation, other_process: Process, district: District, theme: Theme
) -> dict[str, Realisation]:
    """Realisations of two editions at every status."""
    Process.objects.filter(pk=realisation.process_id).update(starts_at=days(-120))
    old_step = FollowupStepFactory(process=other_process, starts_at=days(-1400), ends_at=days(-1))
    culture = ThemeFactory(organization=other_process.organization, name="Culture", slug="culture")
    made = {
        "trees": realisation,
        "bench": RealisationFactory(step=old_step, title="Des bancs", status=S.DONE, progress=100),
        "mural": RealisationFactory(
            step=old_step, title="Une fresque", status=S.WORKS, progress=60, theme=culture
        ),
        "skate": RealisationFactory(
            step=old_step,
            title="Un skatepark",
            status=S.ABANDONED,
            abandon_reason="Terrain vendu.",
            district=district,
        ),
        "study": RealisationFactory(step=old_step, title="Un kiosque", status=S.STUDIES),
    }
    return made


def titles(html: str, catalogue: dict[str, Realisation]) -> set[str]:
    return {key for key, realisation in catalogue.items() if f">{realisation.title}</a>" in html}


def test_the_follow_up_step_lists_its_process_realisations(
    client: Client, catalogue: dict[str, Realisation], followup_step: Step
) -> None:
    html = page(client, followup_step.get_absolute_url())
    assert titles(html, catalogue) == {"trees"}
    assert "<h1>Réalisation des projets</h1>" in html
    assert "0 % réalisé" in html


def test_every_realisation_is_listed_with_counts(
    client: Client, catalogue: dict[str, Realisation]
) -> None:
    html = page(client, "/realisations/")
    assert titles(html, catalogue) == set(catalogue)
    counts = html[html.index("realisation-counts") :]
    assert '<span class="figure-number">1</span> terminée' in counts
    assert '<span class="figure-number">2</span> en cours' in counts
    assert '<span class="figure-number">1</span> à lancer' in counts
    assert '<span class="figure-number">1</span> abandonnée' in counts


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=done", {"bench"}),
        ("status=works", {"mural"}),
        ("process=budget-2022", {"bench", "mural", "skate", "study"}),
        ("process=budget-2025", {"trees"}),
        ("district=la-gare", {"trees", "skate"}),
        ("theme=culture", {"mural"}),
        ("process=budget-2022&district=la-gare", {"skate"}),
    ],
)
def test_the_list_filters(
    client: Client, catalogue: dict[str, Realisation], query: str, expected: set[str]
) -> None:
    assert titles(page(client, f"/realisations/?{query}"), catalogue) == expected


def test_the_list_filters_by_the_year_of_the_edition(
    client: Client, catalogue: dict[str, Realisation]
) -> None:
    year = catalogue["bench"].process.starts_at.year
    html = page(client, f"/realisations/?year={year}")
    assert titles(html, catalogue) == {"bench", "mural", "skate", "study"}
    assert f'<option value="{year}" selected>' in html


def test_the_counts_follow_every_filter_but_the_status(
    client: Client, catalogue: dict[str, Realisation]
) -> None:
    html = page(client, "/realisations/?process=budget-2022&status=done")
    counts = html[html.index("realisation-counts") :]
    assert '<span class="figure-number">1</span> abandonnée' in counts


@pytest.mark.parametrize(
    "query", ["status=finished", "year=1999", "year=abc", "district=nowhere", "process=nope"]
)
def test_a_bad_filter_is_a_400_that_says_so(
    client: Client, catalogue: dict[str, Realisation], query: str
) -> None:
    html = page(client, f"/realisations/?{query}", status=400)
    assert "Un filtre a une valeur inconnue" in html
    assert titles(html, catalogue) == set()


def test_realisations_of_a_draft_or_unlisted_process_are_not_listed(
    client: Client, catalogue: dict[str, Realisation], other_process: Process
) -> None:
    other_process.is_published = False
    other_process.save()
    assert titles(page(client, "/realisations/"), catalogue) == {"trees"}
    other_process.is_published, other_process.visibility = True, Visibility.UNLISTED
    other_process.save()
    assert titles(page(client, "/realisations/"), catalogue) == {"trees"}
    page(client, catalogue["bench"].get_absolute_url())  # by its link


def test_the_list_is_paginated(client: Client, followup_step: Step) -> None:
    for number in range(30):
        RealisationFactory(step=followup_step, title=f"Projet {number:02}")
    html = page(client, "/realisations/")
    assert 'rel="next"' in html
    assert "Projet 29" in page(client, "/realisations/?page=2")


def test_another_organisation_sees_none_of_them(
    other_client: Client, catalogue: dict[str, Realisation], other_organization: Organization
) -> None:
    assert titles(page(other_client, "/realisations/"), catalogue) == set()
    page(other_client, catalogue["trees"].get_absolute_url(), status=404)


def test_a_realisation_page_says_where_it_stands(
    client: Client, realisation: Realisation, organization: Organization
) -> None:
    Realisation.objects.filter(pk=realisation.pk).update(
        status=S.WORKS,
        progress=45,
        planned_start=days(-20).date(),
        planned_end=days(100).date(),
        actual_start=days(-10).date(),
        budget_spent=12_500,
        service=Service.objects.create(organization=organization, name="Espaces verts"),
    )
    html = page(client, realisation.get_absolute_url())
    assert "<h1" in html
    assert "Des arbres fruitiers</h1>" in html
    assert 'max="100" value="45"' in html
    assert "45 % réalisé" in html
    assert "Travaux" in html
    assert "Espaces verts" in html
    assert "30\xa0000 €" in html  # voted, from the proposal's cost
    assert "12\xa0500 €" in html  # spent
    assert "La Gare" in html
    assert "Place de la Gare" in html
    assert f'href="{realisation.proposal.get_absolute_url()}"' in html
    assert "Camille Autrice" in html
    assert "412 voix" in html
    assert (
        f"/processes/budget-2025/steps/{realisation.process.steps.get(kind='vote').pk}/vote/results/"
        in html
    )


def test_an_abandoned_realisation_says_why(client: Client, realisation: Realisation) -> None:
    Realisation.objects.filter(pk=realisation.pk).update(
        status=S.ABANDONED, abandon_reason="Le terrain est vendu."
    )
    assert "Le terrain est vendu." in page(client, realisation.get_absolute_url())


def test_the_news_timeline_shows_images_with_their_description(
    client: Client, realisation: Realisation
) -> None:
    NewsPostFactory(realisation=realisation, title="Première pierre", published_at=days(-5))
    with_image = NewsPostFactory(
        realisation=realisation,
        title="Plantation",
        published_at=days(-1),
        image=image_upload("arbres.png"),
        image_alt="Des enfants plantent un pommier",
    )
    html = page(client, realisation.get_absolute_url())
    assert html.index("Plantation") < html.index("Première pierre")
    assert f'src="{with_image.image.url}" alt="Des enfants plantent un pommier"' in html
    assert "<strong>avancent</strong>" in html


def test_a_realisation_without_published_results_shows_no_votes(
    client: Client, followup_step: Step
) -> None:
    html = page(client, RealisationFactory(step=followup_step).get_absolute_url())
    assert "voix" not in html


def test_a_draft_realisation_is_404_and_a_restricted_one_asks_to_log_in(
    client: Client, realisation: Realisation
) -> None:
    process = realisation.process
    process.visibility = Visibility.RESTRICTED
    process.save()
    response = client.get(realisation.get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    process.is_published = False
    process.save()
    page(client, realisation.get_absolute_url(), status=404)
    page(client, "/realisations/999999/", status=404)


def test_apps_above_add_their_sections_to_the_page(
    client: Client, realisation: Realisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def follow_button(request: Any, shown: Realisation) -> str:
        return f'<p id="follow">Suivre {shown.pk}</p>'

    monkeypatch.setattr(hooks._sections, "_sections", [])
    hooks.register_detail_section(follow_button)
    hooks.register_detail_section(follow_button)
    html = page(client, realisation.get_absolute_url())
    assert html.count(f'<p id="follow">Suivre {realisation.pk}</p>') == 1


def test_the_list_runs_a_bounded_number_of_queries(
    client: Client,
    followup_step: Step,
    organization: Organization,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    districts = [DistrictFactory(organization=organization) for _ in range(3)]
    for number in range(30):
        RealisationFactory(step=followup_step, district=districts[number % 3])
    client.get("/realisations/")  # warms the organisation's caches
    # Filter choices (years, processes, districts, themes), the counts, the page and its count.
    with django_assert_max_num_queries(9):
        page(client, "/realisations/?status=to_start")
    with django_assert_max_num_queries(8):
        page(client, followup_step.get_absolute_url())


def test_a_realisation_page_runs_a_bounded_number_of_queries(
    client: Client, realisation: Realisation, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    for number in range(10):
        NewsPostFactory(realisation=realisation, title=f"Nouvelle {number}")
    client.get(realisation.get_absolute_url())
    # The realisation with all it shows, its news, the results of the vote.
    with django_assert_max_num_queries(5):
        page(client, realisation.get_absolute_url())
