"""The colour roles: each follows the base colours until set, a followed one stays readable,
a set one is refused with a suggestion when it is not; the editor and the theme sheet."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tessera.accounts.models import User
from tessera.branding.colors import ROLES, ROLES_BY_KEY, color_problems, roles_resolve
from tessera.branding.contrast import AA_TEXT, contrast_ratio, theme_palette
from tessera.branding.models import IdentityVersion
from tessera.organizations.models import Organization
from tests.branding.helpers import identity_form, logged_in

hexes = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}")
BASE = theme_palette(primary="#1d4f91", secondary="#eef3fa", background="#ffffff", text="#1b1b1b")


def test_there_are_about_twenty_five_colour_keys_in_groups() -> None:
    assert len(ROLES) + 4 >= 25
    assert {role.group for role in ROLES} >= {
        "header", "menu", "buttons", "links", "headings", "sections", "cards", "tags",
        "footer", "focus", "bars",
    }  # fmt: skip


def test_left_alone_every_role_follows_the_base_colours() -> None:
    palette = roles_resolve(BASE, {})
    assert palette["header-background"] == "#ffffff"
    assert palette["button-background"] == palette["link"] == "#1d4f91"
    assert palette["footer-background"] == "#eef3fa"


def test_a_followed_role_moves_to_stay_readable_on_a_background_set_by_hand() -> None:
    palette = roles_resolve(BASE, {"header-background": "#102a43"})
    assert palette["header-background"] == "#102a43"
    for key in ("header-text", "menu-link"):
        assert contrast_ratio(palette[key], "#102a43") >= AA_TEXT, key


def test_a_role_set_by_hand_and_unreadable_is_refused_with_a_readable_suggestion() -> None:
    [problem] = color_problems(BASE, {"footer-background": "#333333", "footer-link": "#444444"})
    assert problem.field == "footer-link"
    assert problem.against == "#333333"
    assert contrast_ratio(problem.suggestion, "#333333") >= AA_TEXT


def test_the_bar_needs_three_to_one_on_its_track() -> None:
    assert ROLES_BY_KEY["bar"].minimum == 3.0
    assert not color_problems(BASE, {"bar": "#767676", "bar-track": "#ffffff"})
    assert color_problems(BASE, {"bar": "#aaaaaa", "bar-track": "#ffffff"})


@given(chosen=st.dictionaries(st.sampled_from([role.key for role in ROLES]), hexes, max_size=6))
def test_whatever_is_set_an_accepted_palette_is_readable_everywhere(chosen: dict[str, str]) -> None:
    if color_problems(BASE, chosen):
        return
    palette = roles_resolve(BASE, chosen)
    for role in ROLES:
        if not role.drawn_on:
            continue
        against = palette[role.drawn_on]
        # On a mid grey nothing reaches the ratio: the nearest extreme is the best there is.
        if (
            max(contrast_ratio("#000000", against), contrast_ratio("#ffffff", against))
            >= role.minimum
        ):
            assert contrast_ratio(palette[role.key], against) >= role.minimum, role.key


@pytest.mark.django_db
def test_the_editor_saves_a_role_and_the_theme_paints_it(
    admin: User, organization: Organization
) -> None:
    editor = logged_in(admin)
    form = identity_form(color_header_background="#102A43", color_header_text="#ffffff")
    assert editor.post("/site/manage/", form).status_code == 302
    draft = IdentityVersion.objects.get(state="draft")
    assert draft.colors == {"header-background": "#102a43", "header-text": "#ffffff"}
    assert editor.post("/site/manage/publish/").status_code == 302

    theme = Client().get("/site/theme.css?v=2").content.decode()
    assert "--color-header-background: #102a43;" in theme
    assert "--color-header-text: #ffffff;" in theme
    assert "--color-bar: " in theme  # every role is written, followed or set


@pytest.mark.django_db
def test_an_unreadable_role_is_refused_in_french_next_to_it_keeping_the_rest(
    admin: User,
) -> None:
    form = identity_form(
        site_name="Nom gardé", color_footer_background="#333333", color_footer_link="#444444"
    )
    response = logged_in(admin).post("/site/manage/", form, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Liens du pied de page n’est pas lisible sur « Fond du pied de page »" in page
    assert 'value="Nom gardé"' in page
    assert 'value="#444444"' in page
    assert not IdentityVersion.objects.filter(colors__has_key="footer-link").exists()


@pytest.mark.django_db
def test_a_colour_that_is_not_hexadecimal_is_refused(admin: User) -> None:
    response = logged_in(admin).post("/site/manage/", identity_form(color_link="rouge"))
    assert response.status_code == 400
    assert 'value="rouge"' in response.content.decode()
