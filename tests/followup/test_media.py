"""A news image is read by who may see its realisation's process, even with its link."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tessera.followup.models import Realisation
from tessera.processes.models import Visibility
from tests.followup.factories import NewsPostFactory


@pytest.fixture
def image_url(settings: object, realisation: Realisation) -> str:
    slug = realisation.organization.slug
    folder = Path(settings.MEDIA_ROOT) / slug / "followup" / "news"  # type: ignore[attr-defined]
    folder.mkdir(parents=True)
    (folder / "works.jpg").write_bytes(b"\xff\xd8\xff works")
    NewsPostFactory(realisation=realisation, image=f"{slug}/followup/news/works.jpg")
    return f"/media/{slug}/followup/news/works.jpg"


def test_the_news_image_of_a_public_process_is_public(image_url: str, client: Client) -> None:
    response = client.get(image_url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"


def test_the_news_image_of_a_restricted_process_is_refused_to_a_visitor_with_its_link(
    image_url: str, client: Client, realisation: Realisation
) -> None:
    realisation.process.visibility = Visibility.RESTRICTED
    realisation.process.save()
    response = client.get(image_url)
    assert response.status_code == 404
    assert b"works" not in b"".join(getattr(response, "streaming_content", [b""]))
