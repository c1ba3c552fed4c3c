"""The demo organisation gets its identity, pages, sections and short URL, run after run."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tessera.branding.models import ContentPage, HomeSection, MenuItem, Redirect

pytestmark = pytest.mark.django_db


def test_the_demo_has_its_own_identity_and_running_it_twice_changes_nothing(db: None) -> None:
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    assert ContentPage.objects.count() == 4
    assert HomeSection.objects.count() == 6  # branding's five and the news (news.demo)
    assert Redirect.objects.count() == 1
    assert MenuItem.objects.count() == 4  # each page in one menu, once

    client = Client(HTTP_HOST="127.0.0.1")
    home = client.get("/").content.decode()
    assert "Démo participe" in home
    assert "Mentions légales" in home
    assert "Vous proposez, vous choisissez, nous réalisons" in home
    assert 'alt="Une rue de la ville, ses maisons et ses arbres, au petit matin"' in home
    assert client.get("/budget")["Location"] == "/processes/budget-participatif-2026/"
    theme = client.get("/site/theme.css?v=1").content.decode()
    assert "--color-primary: #0f5d57;" in theme
    logo = client.get(home.split('class="brand-logo"')[0].rsplit('src="', 1)[1].split('"')[0])
    assert logo["Content-Type"] == "image/svg+xml"
