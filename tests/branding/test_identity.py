"""The identity is drafted, previewed by its editor only, published at once, restorable."""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.branding.models import IdentityState, IdentityVersion, SiteSettings
from tessera.branding.selectors import site_settings_for
from tessera.organizations.models import Organization
from tests.branding.helpers import identity_form, logged_in, png_bytes, upload

pytestmark = pytest.mark.django_db

EDITOR = "/site/manage/"


def save_draft(client: Client, **overrides: object) -> None:
    response = client.post(EDITOR, identity_form(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_saving_the_draft_changes_nothing_for_visitors(
    admin: User, organization: Organization, client: Client
) -> None:
    save_draft(logged_in(admin), site_name="Grenoble participe")
    assert "Grenoble participe" not in client.get("/").content.decode()
    assert site_settings_for(organization).site_name == "Ville de Test"


def test_a_resident_never_sees_a_draft_even_with_the_preview_flag_in_their_session(
    admin: User, resident: User, organization: Organization
) -> None:
    save_draft(logged_in(admin), site_name="Nom en brouillon")
    client = logged_in(resident)
    session = client.session
    session["branding_preview"] = True
    session.save()
    page = client.get("/").content.decode()
    assert "Nom en brouillon" not in page
    assert "preview=" not in page
    assert client.get("/site/theme.css?preview=1")["Cache-Control"].startswith("public")


def test_the_editor_previews_the_draft_on_the_real_pages_and_others_do_not(
    admin: User, organization: Organization, client: Client
) -> None:
    editor = logged_in(admin)
    save_draft(editor, site_name="Nom en brouillon", primary_color="#0b5e55")
    assert editor.post("/site/manage/preview/", {"enabled": "1"}).status_code == 302

    page = editor.get("/processes/").content.decode()
    assert "Nom en brouillon" in page
    assert "seul" in page or "only you" in page  # the preview bar
    theme_url = page.split('href="/site/theme.css?', 1)[1].split('"', 1)[0]
    assert theme_url.startswith("preview=")
    theme = editor.get(f"/site/theme.css?{theme_url}")
    assert "--color-primary: #0b5e55;" in theme.content.decode()
    assert theme["Cache-Control"] == "private, no-store"

    assert "Nom en brouillon" not in client.get("/processes/").content.decode()
    assert "#0b5e55" not in client.get(f"/site/theme.css?{theme_url}").content.decode()


def test_publishing_applies_the_draft_everywhere_at_once_and_keeps_the_previous_version(
    admin: User, organization: Organization, client: Client
) -> None:
    client.get("/")  # the published identity is now cached
    editor = logged_in(admin)
    save_draft(editor, site_name="Grenoble participe", primary_color="#0b5e55")
    assert editor.post("/site/manage/publish/").status_code == 302

    page = client.get("/").content.decode()
    assert "Grenoble participe" in page
    assert 'href="/site/theme.css?v=2"' in page
    assert "--color-primary: #0b5e55;" in client.get("/site/theme.css?v=2").content.decode()
    assert not IdentityVersion.objects.filter(state=IdentityState.DRAFT).exists()
    [previous] = IdentityVersion.objects.filter(state=IdentityState.ARCHIVED)
    assert previous.site_name == "Ville de Test"


def test_a_previous_version_can_be_restored(
    admin: User, organization: Organization, client: Client
) -> None:
    editor = logged_in(admin)
    save_draft(editor, site_name="Première")
    editor.post("/site/manage/publish/")
    save_draft(editor, site_name="Seconde")
    editor.post("/site/manage/publish/")
    first = IdentityVersion.objects.get(site_name="Première")

    assert editor.post(f"/site/manage/versions/{first.pk}/restore/").status_code == 302

    assert "Première" in client.get("/").content.decode()
    assert SiteSettings.objects.get(organization=organization).version == 4
    assert IdentityVersion.objects.filter(site_name="Seconde", state="archived").exists()


def test_unreadable_colours_are_refused_with_the_ratio_and_a_suggestion_in_french(
    admin: User, organization: Organization
) -> None:
    response = logged_in(admin).post(
        EDITOR, identity_form(primary_color="#777777"), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "4,47:1" in page
    assert "4,5:1" in page
    assert "#767676" in page
    assert IdentityVersion.objects.get(state="draft").primary_color != "#777777"


def test_a_draft_made_unreadable_behind_the_form_cannot_be_published(
    admin: User, organization: Organization
) -> None:
    editor = logged_in(admin)
    save_draft(editor)
    IdentityVersion.objects.filter(state="draft").update(text_color="#eeeeee")
    editor.post("/site/manage/publish/")
    assert site_settings_for(organization).text_color == "#1b1b1b"


def test_an_svg_logo_is_cleaned_and_served_with_a_strict_policy(
    admin: User, organization: Organization, client: Client
) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
        b'<script>alert(2)</script><rect width="10" height="10" fill="#0b5e55"/>'
        b'<a href="javascript:alert(3)"><circle r="2"/></a></svg>'
    )
    editor = logged_in(admin)
    save_draft(editor, logo_upload=upload("logo.svg", svg, "image/svg+xml"))
    editor.post("/site/manage/publish/")

    logo_url = site_settings_for(organization).logo_url
    served = client.get(logo_url)
    body = served.content.decode()
    assert served["Content-Type"] == "image/svg+xml"
    assert "sandbox" in served["Content-Security-Policy"]
    assert "<rect" in body
    assert "script" not in body
    assert "onload" not in body
    assert "javascript" not in body
    assert f'src="{logo_url}"' in client.get("/").content.decode()


def test_a_favicon_is_made_in_every_size(
    admin: User, organization: Organization, client: Client
) -> None:
    editor = logged_in(admin)
    save_draft(editor, favicon_upload=upload("icon.png", png_bytes((600, 400)), "image/png"))
    editor.post("/site/manage/publish/")
    settings = site_settings_for(organization)
    for size in (32, 180, 192, 512):
        response = client.get(settings.favicon_url(size))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "immutable" in response["Cache-Control"]
    page = client.get("/").content.decode()
    assert f'href="{settings.favicon_url(32)}"' in page
    assert client.get("/favicon.ico")["Location"] == settings.favicon_url(32)


def test_custom_css_is_served_from_its_own_url_never_inline(
    admin: User, organization: Organization, client: Client
) -> None:
    editor = logged_in(admin)
    save_draft(editor, custom_css=".hero-band { border: 3px solid #0b5e55; }")
    editor.post("/site/manage/publish/")
    page = client.get("/").content.decode()
    assert "<style" not in page
    assert 'href="/site/custom.css?v=2"' in page
    css = client.get("/site/custom.css?v=2")
    assert css["Content-Type"].startswith("text/css")
    assert "border: 3px solid" in css.content.decode()
    assert "max-age=31536000" in css["Cache-Control"]


@pytest.mark.parametrize(
    "css",
    [
        "@import url(https://fonts.example/css);",
        "body { background: url(https://tracker.example/pixel.png); }",
        "</style><script>alert(1)</script>",
    ],
)
def test_custom_css_loading_from_elsewhere_is_refused(
    admin: User, organization: Organization, css: str
) -> None:
    response = logged_in(admin).post(EDITOR, identity_form(custom_css=css))
    assert response.status_code == 400


def test_custom_css_over_the_size_limit_is_refused(admin: User, organization: Organization) -> None:
    response = logged_in(admin).post(EDITOR, identity_form(custom_css="a{}" * 20_000))
    assert response.status_code == 400


def test_the_social_sharing_image_is_re_encoded_and_announced_to_social_networks(
    admin: User, organization: Organization, client: Client
) -> None:
    editor = logged_in(admin)
    save_draft(
        editor, social_image_upload=upload("partage.png", png_bytes((1200, 630)), "image/png")
    )
    editor.post("/site/manage/publish/")
    url = site_settings_for(organization).social_image_url
    assert url.endswith(".jpg")  # re-encoded from the pixels: no metadata survives
    assert (
        f'<meta property="og:image" content="http://testserver{url}">'
        in client.get("/").content.decode()
    )
    assert client.get(url)["Content-Type"] == "image/jpeg"
