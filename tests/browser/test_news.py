"""News in a browser: a manager writes a post with an image in /manage/ and publishes it; a
resident reads it on the process page on a 375 px phone. axe finds no violation on the public
news pages and the back office's, which fit a phone; screenshots land in
var/screenshots/news-<page>-<width>.png for a person to look at."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tessera.accounts.models import Role
from tessera.branding.models import HomeSection, SectionKind
from tessera.core.images import reencode_image
from tessera.news import services
from tessera.news.models import Post
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tests.browser.conftest import DESKTOP, PHONE, log_in, no_horizontal_scroll
from tests.conftest import PASSWORD, make_user
from tests.news.conftest import jpeg_upload

pytestmark = pytest.mark.browser

AXE = Axe()
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
ALT = "Des habitants penchés sur un plan du quartier"


def jpeg_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (960, 540), "#0f5d57").save(output, format="JPEG")
    return output.getvalue()


@pytest.fixture
def posts(process: Process) -> list[Post]:
    """Two posts on the process (one with a picture), one for the whole site, on the home."""
    organization = process.organization
    HomeSection.objects.create(organization=organization, kind=SectionKind.NEWS, position=0)
    now = timezone.now()
    made = []
    for title, on_process, days, image in (
        ("Les ateliers ont réuni 240 personnes", True, 10, True),
        ("Plus que dix jours pour déposer vos idées", True, 1, False),
        ("Le site de la participation fait peau neuve", False, 3, False),
    ):
        post = services.post_save(
            organization=organization,
            author=None,
            process=process if on_process else None,
            title=title,
            body="Merci à **toutes et à tous**.\n\n## La suite\n\n- un atelier\n- un vote",
            image=reencode_image(jpeg_upload()) if image else None,
            image_alt=ALT if image else "",
            publish_at=now - timedelta(days=days),
        )
        made.append(services.post_publish(post=post))
    return made


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
            path=str(SCREENSHOTS / f"news-{name}-{viewport['width']}.png"), full_page=True
        )
    assert not reports, f"{name}:\n" + "\n\n".join(reports)


def test_the_public_news_pages_have_no_violation(page: Page, posts: list[Post]) -> None:
    check(page, "/news/", "list")
    check(page, posts[0].get_absolute_url(), "detail")
    check(page, posts[0].process.get_absolute_url(), "process")  # type: ignore[union-attr]
    check(page, "/", "home")
    expect(page.locator("#news-title")).to_be_visible()


def test_the_back_office_news_pages_have_no_violation(
    page: Page, posts: list[Post], live_organization: Organization
) -> None:
    manager = make_user(live_organization, Role.MANAGER)
    log_in(page, manager.email, PASSWORD)
    check(page, "/manage/news/", "manage-list")
    check(page, "/manage/news/add/", "manage-add")
    check(page, f"/manage/news/{posts[0].pk}/", "manage-edit")
    check(page, f"/manage/news/{posts[0].pk}/preview/", "preview")


def test_a_manager_publishes_a_post_that_a_resident_reads_on_a_phone(
    page: Page,
    browser: Browser,
    base_url: str,
    process: Process,
    live_organization: Organization,
    tmp_path: Path,
) -> None:
    manager = make_user(live_organization, Role.MANAGER)
    log_in(page, manager.email, PASSWORD)
    page.goto("/manage/")
    page.locator(".manage-nav").get_by_role("link", name="Actualités").click()
    page.get_by_role("link", name="Rédiger une actualité").click()
    page.get_by_label("Démarche").select_option(label=process.title)
    page.get_by_label("Titre").fill("Réunion publique jeudi")
    page.get_by_label("Texte").fill("Rendez-vous **jeudi à 19 h** à la mairie.")
    picture = tmp_path / "reunion.jpg"
    picture.write_bytes(jpeg_bytes())
    page.get_by_label("Image", exact=True).set_input_files(str(picture))
    page.get_by_label("Description de l’image").fill(ALT)
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et publier").click()
    expect(page.locator(".messages")).to_contain_text("publiée")
    post = Post.objects.get(title="Réunion publique jeudi")
    assert post.state().value == "published"

    resident = make_user(live_organization)
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="fr-FR")
    phone = context.new_page()
    log_in(phone, resident.email, PASSWORD)
    phone.goto(process.get_absolute_url())
    news = phone.locator(".process-news")
    expect(news).to_contain_text("Réunion publique jeudi")
    expect(news.get_by_role("img", name=ALT)).to_be_visible()
    fits, width = no_horizontal_scroll(phone)
    assert fits, f"the process page is {width} px wide on a phone"
    news.get_by_role("link", name="Réunion publique jeudi").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Réunion publique jeudi")
    expect(phone.locator(".prose strong")).to_have_text("jeudi à 19 h")
    context.close()
