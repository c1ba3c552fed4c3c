"""Helpers of the news tests: a process, posts in each state, an image upload."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tessera.accounts.models import User
from tessera.core.images import reencode_image
from tessera.news import services
from tessera.news.models import Post
from tessera.organizations.models import Organization
from tessera.processes.models import Process
from tests.factories import ProcessFactory


def jpeg_upload(name: str = "photo.jpg") -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "#0f5d57").save(output, format="JPEG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def make_post(
    organization: Organization,
    *,
    process: Process | None = None,
    title: str = "Les ateliers ont commencé",
    published: bool = True,
    days_ago: int = 1,
    author: User | None = None,
    image: bool = False,
) -> Post:
    post = services.post_save(
        organization=organization,
        author=author,
        process=process,
        title=title,
        body="Merci **à toutes et à tous**.",
        publish_at=timezone.now() - timedelta(days=days_ago),
        image=reencode_image(jpeg_upload()) if image else None,
        image_alt="Un dessin." if image else "",
    )
    return services.post_publish(post=post) if published else post


@pytest.fixture
def budget(organization: Organization) -> Process:
    return ProcessFactory(
        organization=organization, title="Budget participatif", slug="budget", is_published=True
    )
