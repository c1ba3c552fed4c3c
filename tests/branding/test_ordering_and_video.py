"""Pure rules: moving a row in a list; which video addresses can be embedded, and how."""

from __future__ import annotations

from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tessera.branding.ordering import moved
from tessera.branding.video import video_embed


@given(st.integers(1, 20), st.integers(0, 19), st.sampled_from(["up", "down"]))
def test_moving_keeps_every_row_and_swaps_one_neighbour(
    size: int, index: int, direction: Literal["up", "down"]
) -> None:
    ids = [100 - number * 3 for number in range(size)]  # any distinct ids, in any order
    before = index % size
    moving = ids[before]
    result = moved(ids, moving, direction)
    assert sorted(result) == sorted(ids)
    edge = (direction == "up" and before == 0) or (direction == "down" and before == size - 1)
    step = 0 if edge else (-1 if direction == "up" else 1)
    assert result.index(moving) == before + step
    if not edge:
        assert moved(result, moving, "down" if direction == "up" else "up") == ids


def test_moving_an_absent_row_changes_nothing() -> None:
    assert moved([1, 2, 3], 9, "up") == [1, 2, 3]


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://peertube.example/w/9c9de5e8-0a1e-484a", "https://peertube.example/videos/embed/9c9de5e8-0a1e-484a"),
        ("https://tube.example/videos/watch/abcdef12", "https://tube.example/videos/embed/abcdef12"),
    ],
)  # fmt: skip
def test_known_video_addresses_get_their_privacy_friendly_player(url: str, player: str) -> None:
    embed = video_embed(url)
    assert embed is not None
    assert embed.player_url == player


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://www.youtube.com/watch?v=<script>",
        "https://www.youtube.com/channel/abc",
        "https://vimeo.com/channels/staff",
        "https://example.org/film.mp4",
        "javascript:alert(1)",
        "",
    ],
)
def test_other_addresses_are_not_embedded(url: str) -> None:
    assert video_embed(url) is None
