"""The contrast rules are pure functions, checked against known WCAG ratios."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tessera.branding.contrast import (
    AA_TEXT,
    contrast_ratio,
    identity_contrast_problems,
    relative_luminance,
    suggest_readable,
    theme_palette,
)

colors = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}")


def test_black_on_white_is_twenty_one_to_one() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_the_order_of_the_colours_does_not_matter() -> None:
    assert contrast_ratio("#ffffff", "#000000") == contrast_ratio("#000000", "#ffffff")


def test_grey_777777_on_white_just_fails_aa() -> None:
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)
    assert contrast_ratio("#777777", "#ffffff") < AA_TEXT


def test_grey_767676_on_white_just_passes_aa() -> None:
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#0000ff", "#ffffff", 8.59),
        ("#ff0000", "#ffffff", 4.0),
        ("#595959", "#ffffff", 7.0),
        ("#ffffff", "#ffffff", 1.0),
    ],
)
def test_known_ratios(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


def test_relative_luminance_runs_from_black_to_white() -> None:
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#FFFFFF") == pytest.approx(1)


def test_a_malformed_colour_is_an_error() -> None:
    with pytest.raises(ValueError, match="RRGGBB"):
        contrast_ratio("red", "#ffffff")


def test_the_suggestion_for_a_light_grey_on_white_is_a_darker_grey_that_passes() -> None:
    suggestion = suggest_readable("#777777", "#ffffff")
    assert suggestion == "#767676"


def test_the_suggestion_on_a_dark_background_is_lighter() -> None:
    suggestion = suggest_readable("#333333", "#000000")
    assert relative_luminance(suggestion) > relative_luminance("#333333")
    assert contrast_ratio(suggestion, "#000000") >= AA_TEXT


def test_a_passing_colour_is_its_own_suggestion() -> None:
    assert suggest_readable("#1D4F91", "#ffffff") == "#1d4f91"


@given(foreground=colors, background=colors)
def test_every_suggestion_passes_aa(foreground: str, background: str) -> None:
    suggestion = suggest_readable(foreground, background)
    assert contrast_ratio(suggestion, background) >= AA_TEXT


def test_a_readable_identity_has_no_problem() -> None:
    assert not identity_contrast_problems(
        primary="#1d4f91", secondary="#eef3fa", background="#ffffff", text="#1b1b1b"
    )


def test_a_yellow_primary_on_white_is_refused_with_its_ratio_and_a_darker_suggestion() -> None:
    [problem] = identity_contrast_problems(
        primary="#ffcc00", secondary="#eef3fa", background="#ffffff", text="#1b1b1b"
    )
    assert problem.field == "primary"
    assert problem.ratio == pytest.approx(1.51, abs=0.01)
    assert contrast_ratio(problem.suggestion, "#ffffff") >= AA_TEXT
    assert relative_luminance(problem.suggestion) < relative_luminance("#ffcc00")


def test_a_dark_secondary_under_dark_text_is_refused_on_the_secondary_colour() -> None:
    problems = identity_contrast_problems(
        primary="#1d4f91", secondary="#333333", background="#ffffff", text="#1b1b1b"
    )
    assert [problem.field for problem in problems] == ["secondary"]
    assert contrast_ratio(problems[0].suggestion, "#1b1b1b") >= AA_TEXT


@given(primary=colors, secondary=colors, background=colors, text=colors)
def test_the_derived_colours_of_an_accepted_identity_stay_readable(
    primary: str, secondary: str, background: str, text: str
) -> None:
    if identity_contrast_problems(
        primary=primary, secondary=secondary, background=background, text=text
    ):
        return
    palette = theme_palette(primary=primary, secondary=secondary, background=background, text=text)
    for name in ("muted", "success", "error"):
        assert contrast_ratio(palette[name], palette["surface"]) >= AA_TEXT, name
    assert contrast_ratio(palette["control-border"], background) >= 3.0
