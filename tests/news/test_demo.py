"""The demo's news: two posts on the participatory budget, one site-wide, run after run."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.branding.models import HomeSection, SectionKind
from tessera.news.demo import load_demo_news
from tessera.news.models import Post
from tessera.organizations.models import Organization
from tessera.processes.models import Process

pytestmark = pytest.mark.django_db


def test_the_demo_news_is_published_once_and_shown_on_the_home_page(
    client: Client, organization: Organization, budget: Process
) -> None:
    assert load_demo_news(organization=organization, budget=budget) == "Demo news created: 3"
    assert load_demo_news(organization=organization, budget=budget) == "Demo news created: 0"
    posts = list(Post.objects.all())
    assert sorted(post.process_id is not None for post in posts) == [False, True, True]
    assert all(post.state().value == "published" for post in posts)
    assert [post.image_alt != "" for post in posts if post.image] == [True]
    assert HomeSection.objects.filter(kind=SectionKind.NEWS).count() == 1
    home = client.get("/").content.decode()
    assert all(post.title in home for post in posts)
