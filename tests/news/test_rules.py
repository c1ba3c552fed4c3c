"""A post's state from its two fields, and the selectors agree with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tessera.news.rules import PostState, post_state

NOW = datetime(2026, 12, 8, 12, tzinfo=UTC)


@given(st.booleans(), st.integers(min_value=-10_000, max_value=10_000))
def test_a_post_is_a_draft_until_published_then_waits_for_its_date(
    is_published: bool, minutes: int
) -> None:
    state = post_state(
        is_published=is_published, publish_at=NOW + timedelta(minutes=minutes), now=NOW
    )
    if not is_published:
        assert state is PostState.DRAFT
    elif minutes > 0:
        assert state is PostState.SCHEDULED
    else:
        assert state is PostState.PUBLISHED
