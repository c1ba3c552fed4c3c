"""The pure rules of comments, tested directly (times passed in)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tessera.comments import rules
from tessera.contributions.models import ContributionState
from tessera.proposals import rules as proposal_rules

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_the_author_may_edit_during_15_minutes_and_not_after() -> None:
    assert rules.edit_window_open(created_at=T0, now=T0)
    assert rules.edit_window_open(created_at=T0, now=T0 + timedelta(minutes=14, seconds=59))
    assert not rules.edit_window_open(created_at=T0, now=T0 + timedelta(minutes=15))
    assert not rules.edit_window_open(created_at=T0, now=T0 + timedelta(days=3))


@given(st.integers(min_value=0, max_value=60 * 60 * 24))
def test_the_edit_window_is_exactly_the_first_900_seconds(seconds: int) -> None:
    now = T0 + timedelta(seconds=seconds)
    assert rules.edit_window_open(created_at=T0, now=now) == (seconds < 900)


def _open(now: datetime, **overrides: object) -> bool:
    values: dict[str, object] = {
        "step_starts_at": T0,
        "step_ends_at": T0 + timedelta(days=10),
        "process_ends_at": T0 + timedelta(days=60),
        "proposal_status": "published",
        "proposal_hidden": False,
        "now": now,
    }
    values.update(overrides)
    return proposal_rules.comments_open(**values)  # type: ignore[arg-type]


def test_comments_open_with_the_collect_and_close_with_the_process() -> None:
    assert not _open(T0 - timedelta(seconds=1))
    assert _open(T0)
    assert _open(T0 + timedelta(days=30))  # analysis and vote: the discussion goes on
    assert not _open(T0 + timedelta(days=60))


def test_without_a_later_step_comments_close_with_the_collect() -> None:
    assert _open(T0 + timedelta(days=9), process_ends_at=None)
    assert not _open(T0 + timedelta(days=10), process_ends_at=None)
    # A process end recorded before the step's end never shortens the collect.
    assert _open(T0 + timedelta(days=9), process_ends_at=T0 + timedelta(days=1))


def test_a_withdrawn_or_hidden_proposal_takes_no_comment() -> None:
    assert not _open(T0 + timedelta(days=1), proposal_status="withdrawn")
    assert not _open(T0 + timedelta(days=1), proposal_hidden=True)
    assert _open(T0 + timedelta(days=1), proposal_status="ineligible")


def test_only_a_shown_top_comment_takes_replies() -> None:
    assert rules.may_reply_to(parent_is_reply=False, parent_deleted=False, parent_hidden=False)
    assert not rules.may_reply_to(parent_is_reply=True, parent_deleted=False, parent_hidden=False)
    assert not rules.may_reply_to(parent_is_reply=False, parent_deleted=True, parent_hidden=False)
    assert not rules.may_reply_to(parent_is_reply=False, parent_deleted=False, parent_hidden=True)


def test_ten_comments_a_minute_pass_the_eleventh_does_not() -> None:
    assert not rules.rate_limit_exceeded(count_in_period=10)
    assert rules.rate_limit_exceeded(count_in_period=11)


@given(st.booleans(), st.sampled_from(list(ContributionState)), st.booleans())
def test_only_a_published_contribution_of_a_commented_kind_with_its_tool_open_takes_comments(
    offers: bool, state: str, tool_open: bool
) -> None:
    expected = offers and tool_open and state == ContributionState.PUBLISHED
    assert (
        rules.comments_allowed(offers_comments=offers, state=state, tool_open=tool_open) is expected
    )
