"""The follow-up pages in a browser: axe finds no violation at desktop and phone widths, the
pages fit a 375 px phone, and screenshots land in var/screenshots/followup-<page>-<width>.png
for a person to look at."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page

from tessera.accounts.models import Service
from tessera.followup.models import Realisation
from tessera.followup.statuses import RealisationStatus
from tessera.organizations.models import Organization
from tessera.processes.services import process_dates_refresh
from tests.browser.conftest import DESKTOP, PHONE, no_horizontal_scroll
from tests.factories import DistrictFactory, ProcessFactory, ThemeFactory
from tests.followup.conftest import image_upload, publish_results
from tests.followup.factories import FollowupStepFactory, NewsPostFactory, RealisationFactory
from tests.voting.factories import VoteStepFactory

pytestmark = pytest.mark.browser

AXE = Axe()
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
S = RealisationStatus


@pytest.fixture
def realisation(live_organization: Organization) -> Realisation:
    """A 2025 budget followed in public: five realisations, one with news and a picture."""
    now = timezone.now()
    process = ProcessFactory(
        organization=live_organization, title="Budget participatif 2025", slug="budget-2025"
    )
    vote = VoteStepFactory(
        process=process, starts_at=now - timedelta(days=90), ends_at=now - timedelta(days=60)
    )
    step = FollowupStepFactory(
        process=process, starts_at=vote.ends_at, ends_at=now + timedelta(days=300)
    )
    process_dates_refresh(process=process)
    district = DistrictFactory(organization=live_organization, name="La Gare", slug="la-gare")
    theme = ThemeFactory(organization=live_organization, name="Nature en ville", slug="nature")
    service = Service.objects.create(organization=live_organization, name="Espaces verts")
    today = timezone.localdate()
    main = RealisationFactory(
        step=step,
        title="Des arbres fruitiers dans les squares",
        status=S.WORKS,
        progress=60,
        district=district,
        theme=theme,
        service=service,
        address="Square de la Gare",
        planned_start=today - timedelta(days=40),
        planned_end=today + timedelta(days=80),
        actual_start=today - timedelta(days=30),
        budget_spent=21_000,
        proposal__author__display_name="Camille Autrice",
    )
    others = [
        RealisationFactory(step=step, title="Des bancs le long de la Marne", status=S.DONE,
                           progress=100, district=district),
        RealisationFactory(step=step, title="Une fresque participative", status=S.STUDIES,
                           progress=15, theme=theme),
        RealisationFactory(step=step, title="Un skatepark au Plateau", status=S.ABANDONED,
                           abandon_reason="Le terrain est vendu."),
        RealisationFactory(step=step, title="Une boîte à dons"),
    ]  # fmt: skip
    publish_results(vote, {main.proposal_id: 1204, **{r.proposal_id: 300 for r in others}})
    NewsPostFactory(
        realisation=main,
        title="Les premiers arbres sont plantés",
        published_at=timezone.now() - timedelta(days=3),
        image=image_upload("arbres.png", (640, 360)),
        image_alt="Des pommiers fraîchement plantés dans le square",
    )
    NewsPostFactory(
        realisation=main,
        title="Le projet est lancé",
        published_at=timezone.now() - timedelta(days=30),
    )
    return main


def check(page: Page, path: str, name: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reports = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        fits, width = no_horizontal_scroll(page)
        assert fits, f"{name} is {width} px wide at {viewport['width']} px"
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"at {viewport['width']} px\n{results.generate_report()}")
        page.screenshot(
            path=str(SCREENSHOTS / f"followup-{name}-{viewport['width']}.png"), full_page=True
        )
    assert not reports, f"{name}:\n" + "\n\n".join(reports)


def test_the_realisations_page_has_no_violation(page: Page, realisation: Realisation) -> None:
    check(page, "/realisations/", "list")


def test_a_realisation_page_has_no_violation(page: Page, realisation: Realisation) -> None:
    check(page, realisation.get_absolute_url(), "detail")
    assert page.locator("progress").get_attribute("value") == "60"
    assert page.get_by_role(
        "img", name="Des pommiers fraîchement plantés dans le square"
    ).is_visible()
