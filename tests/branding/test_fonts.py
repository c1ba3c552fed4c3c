"""Uploaded fonts are read completely by fontTools before they are kept, then served cached."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

import tessera.branding
from tessera.accounts.models import User
from tessera.branding.fonts import PRESETS, font_validate, preset_stack
from tessera.branding.models import Font
from tessera.organizations.models import Organization
from tests.branding.helpers import (
    ROBOTO_TTF,
    identity_form,
    logged_in,
    png_bytes,
    roboto_woff2,
    upload,
)

FONTS = Path(tessera.branding.__file__).parent / "static" / "branding" / "fonts"


def test_at_least_fourteen_web_fonts_are_served_with_their_licence() -> None:
    served = [preset for preset in PRESETS if preset.family]
    assert len(served) >= 14
    assert len({preset.family for preset in served}) == len(served)
    for preset in served:
        folder = FONTS / preset.key
        licence = (folder / "LICENSE.txt").read_text()
        assert "Open Font License" in licence or "Apache License" in licence, preset.key
        css = (folder / "font.css").read_text()
        assert f"font-family: '{preset.family}'" in css
        files = re.findall(r"url\(\./([^)]+)\)", css)
        assert any("-latin-400-normal" in name for name in files), preset.key
        assert any("-latin-700-normal" in name for name in files), preset.key
        for name in files:  # each a real font the validator accepts, nothing from elsewhere
            assert font_validate((folder / name).read_bytes()).format == "woff2"
        assert "http" not in css


def test_reading_comfort_fonts_are_among_the_presets() -> None:
    families = {preset.family for preset in PRESETS}
    assert {"Atkinson Hyperlegible", "Lexend", "Andika", "OpenDyslexic"} <= families


def test_every_stack_ends_with_a_generic_family() -> None:
    assert all(
        preset.stack.rstrip().endswith(("serif", "monospace", "cursive")) for preset in PRESETS
    )


def test_an_unknown_preset_falls_back_to_the_system_font() -> None:
    assert preset_stack("nope") == preset_stack("system-ui")


def test_a_real_ttf_font_is_accepted_with_its_family_name() -> None:
    info = font_validate(ROBOTO_TTF.read_bytes())
    assert (info.format, info.family) == ("ttf", "Roboto")
    assert info.glyphs > 1000


def test_a_real_woff2_font_is_accepted() -> None:
    assert font_validate(roboto_woff2()).format == "woff2"


@pytest.mark.parametrize("cut", [0.5, 0.1])
def test_a_truncated_font_is_refused_as_damaged(cut: float) -> None:
    data = ROBOTO_TTF.read_bytes()
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        font_validate(data[: int(len(data) * cut)])
    assert error.value.code == "damaged"
    assert "endommagé" in error.value.messages[0]


def test_a_truncated_woff2_font_is_refused() -> None:
    data = roboto_woff2()
    with pytest.raises(ValidationError) as error:
        font_validate(data[: len(data) // 2])
    assert error.value.code == "damaged"


def test_a_png_renamed_woff2_is_refused_as_not_a_font() -> None:
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        font_validate(png_bytes())
    assert error.value.code == "not_a_font"
    assert error.value.messages == [
        "Ce fichier n’est pas une police de caractères. Envoyez un fichier WOFF2, WOFF, TTF ou OTF."
    ]


def test_a_font_over_the_size_limit_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        font_validate(b"wOF2" + b"\0" * (3 * 1024 * 1024))
    assert error.value.code == "too_large"


@pytest.mark.django_db
def test_an_administrator_uploads_a_font_and_it_is_served_with_its_content_type_and_caching(
    admin: User, organization: Organization
) -> None:
    client = logged_in(admin)
    response = client.post(
        "/site/manage/fonts/",
        {"family": "", "file": upload("Roboto.woff2", roboto_woff2(), "font/woff2")},
    )
    assert response.status_code == 302
    font = Font.objects.get(organization=organization)
    assert (font.family, font.format) == ("Roboto", "woff2")
    assert font.file.name.startswith("ville-de-test/branding/")

    served = Client().get(f"/site/files/{font.file.name}")
    assert served.status_code == 200
    assert served["Content-Type"] == "font/woff2"
    assert "max-age=31536000" in served["Cache-Control"]
    assert served.content[:4] == b"wOF2"


@pytest.mark.django_db
def test_a_png_renamed_woff2_upload_is_refused_with_a_french_message(
    admin: User, organization: Organization
) -> None:
    client = logged_in(admin)
    response = client.post(
        "/site/manage/fonts/",
        {"family": "Fausse", "file": upload("fausse.woff2", png_bytes(), "font/woff2")},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert "n’est pas une police de caractères" in response.content.decode()
    assert not Font.objects.filter(organization=organization).exists()


@pytest.mark.django_db
def test_a_truncated_font_upload_is_refused(admin: User, organization: Organization) -> None:
    data = ROBOTO_TTF.read_bytes()
    response = logged_in(admin).post(
        "/site/manage/fonts/", {"family": "", "file": upload("cut.ttf", data[:20_000])}
    )
    assert response.status_code == 400
    assert not Font.objects.filter(organization=organization).exists()


@pytest.mark.django_db
def test_an_uploaded_font_is_not_served_on_another_organisations_site(
    admin: User, organization: Organization, other_organization: Organization, other_client: Client
) -> None:
    logged_in(admin).post(
        "/site/manage/fonts/", {"family": "", "file": upload("r.ttf", ROBOTO_TTF.read_bytes())}
    )
    font = Font.objects.get(organization=organization)
    assert other_client.get(f"/site/files/{font.file.name}").status_code == 404


@pytest.mark.django_db
def test_the_theme_uses_the_uploaded_title_font_with_the_preset_behind_it(
    admin: User, organization: Organization
) -> None:
    from tessera.branding.selectors import site_settings_for
    from tessera.branding.theme import theme_css

    logged_in(admin).post(
        "/site/manage/fonts/",
        {"family": "Ma police", "file": upload("r.ttf", ROBOTO_TTF.read_bytes())},
    )
    font = Font.objects.get(organization=organization)
    settings = site_settings_for(organization)
    settings.title_font_file = font
    settings.title_font = "playfair-display"
    css = theme_css(settings)
    assert f'url("/site/files/{font.file.name}") format("truetype")' in css
    assert f'--font-title: "site-title-{font.pk}", "Playfair Display", Georgia' in css


@pytest.mark.django_db
def test_a_published_preset_font_is_served_by_the_site_itself(
    admin: User, organization: Organization, client: Client
) -> None:
    editor = logged_in(admin)
    form = identity_form(title_font="atkinson-hyperlegible", body_font="lexend")
    assert editor.post("/site/manage/", form).status_code == 302
    assert editor.post("/site/manage/publish/").status_code == 302

    page = client.get("/").content.decode()
    sheets = re.findall(r'<link rel="stylesheet" href="(/static/branding/fonts/[^"]+)"', page)
    assert sorted(sheets) == [
        "/static/branding/fonts/atkinson-hyperlegible/font.css",
        "/static/branding/fonts/lexend/font.css",
    ]
    theme = client.get("/site/theme.css?v=2").content.decode()
    assert '--font-title: "Atkinson Hyperlegible", ' in theme
    assert '--font-body: "Lexend", ' in theme


@pytest.mark.django_db
def test_the_system_font_downloads_nothing(client: Client, organization: Organization) -> None:
    assert "/static/branding/fonts/" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_editor_draws_each_preset_name_in_its_font(admin: User) -> None:
    page = logged_in(admin).get("/site/manage/").content.decode()
    assert "/static/branding/fonts/previews.css" in page
    for preset in PRESETS:
        assert f'class="font-option font-preview--{preset.key}"' in page


@pytest.mark.django_db
def test_an_unknown_preset_key_is_refused_by_the_form(admin: User) -> None:
    response = logged_in(admin).post("/site/manage/", identity_form(title_font="didone"))
    assert response.status_code == 400
    assert "didone" in response.content.decode()  # named in the error, nothing else lost
