"""Each administrator drafts alone; publishing says what changes and never silently
overwrites a publication made after the draft began."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tessera.accounts.models import Role, User
from tessera.branding.identity_changes import identity_changes
from tessera.branding.models import IdentityVersion, SiteSettings, identity_copy
from tessera.branding.selectors import site_settings_for
from tessera.organizations.models import Organization
from tests.branding.helpers import identity_form, logged_in
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

EDITOR = "/site/manage/"
PUBLISH = "/site/manage/publish/"


@pytest.fixture
def second_admin(organization: Organization) -> User:
    return make_user(organization, Role.ADMINISTRATOR)


def test_two_administrators_keep_their_own_drafts(admin: User, second_admin: User) -> None:
    first, second = logged_in(admin), logged_in(second_admin)
    assert first.post(EDITOR, identity_form(site_name="Nom d'Alice")).status_code == 302
    assert second.post(EDITOR, identity_form(site_name="Nom de Bob")).status_code == 302

    assert 'value="Nom d&#x27;Alice"' in first.get(EDITOR).content.decode()
    assert 'value="Nom de Bob"' in second.get(EDITOR).content.decode()
    assert IdentityVersion.objects.filter(state="draft").count() == 2


def test_the_editor_lists_what_publishing_the_draft_changes(admin: User) -> None:
    editor = logged_in(admin)
    editor.post(EDITOR, identity_form(site_name="Grenoble participe", primary_color="#0b5e55"))
    page = editor.get(EDITOR).content.decode()
    assert "Grenoble participe" in page.split("<h3>", 1)[1]
    assert "#0b5e55" in page.split("<h3>", 1)[1]


def test_a_newer_publication_is_not_overwritten_silently(
    admin: User, second_admin: User, organization: Organization, client: Client
) -> None:
    alice, bob = logged_in(admin), logged_in(second_admin)
    bob.post(EDITOR, identity_form(site_name="Nom de Bob", primary_color="#0b5e55"))
    alice.post(EDITOR, identity_form(site_name="Nom d'Alice"))
    assert alice.post(PUBLISH).status_code == 302  # version 2, Alice's

    refused = bob.post(PUBLISH)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Rien n’a été publié" in page or "Nothing was published" in page
    assert 'name="overwrite" value="1"' in page
    assert "Nom d&#x27;Alice" in page
    assert "Nom de Bob" in page
    assert SiteSettings.objects.get(organization=organization).site_name == "Nom d'Alice"
    assert IdentityVersion.objects.filter(state="draft", edited_by=second_admin).exists()

    assert bob.post(PUBLISH, {"overwrite": "1"}).status_code == 302
    assert SiteSettings.objects.get(organization=organization).site_name == "Nom de Bob"
    assert "Nom de Bob" in client.get("/").content.decode()


def test_a_draft_of_the_current_version_publishes_at_once(
    admin: User, organization: Organization
) -> None:
    editor = logged_in(admin)
    editor.post(EDITOR, identity_form(site_name="Première"))
    assert editor.post(PUBLISH).status_code == 302
    editor.post(EDITOR, identity_form(site_name="Seconde"))  # a new draft, of version 2
    assert editor.post(PUBLISH).status_code == 302
    assert SiteSettings.objects.get(organization=organization).version == 3


def test_changes_name_each_changed_field_in_words(organization: Organization) -> None:
    published = site_settings_for(organization)
    draft = IdentityVersion(organization=organization, state="draft")
    identity_copy(published, draft)
    draft.site_name, draft.title_font = "Autre nom", "lexend"
    draft.custom_css = "body { margin: 0 }"
    draft.colors = {"footer-link": "#000000"}
    with translation.override("en"):
        changes = {
            change.label: (change.before, change.after)
            for change in identity_changes(published, draft)
        }
    assert changes.keys() == {"site name", "title font", "custom CSS", "Footer links"}
    assert changes["Footer links"] == ("", "#000000")
    assert changes["site name"] == (published.site_name, "Autre nom")
    assert changes["title font"][1].startswith("Lexend")
    assert changes["custom CSS"] == ("", "changed")
