"""The pure rules of who is told of what (recipients.py)."""

from __future__ import annotations

import pytest

from tessera.notifications import recipients
from tessera.notifications.recipients import CONTRIBUTION, PROCESS, PROPOSAL, Audience


def test_a_status_change_reaches_the_followers_and_the_author_but_not_who_made_it() -> None:
    audience = recipients.status_change(proposal_id=7, author_id=1, changed_by_id=2)
    assert audience.followers_of == ((PROPOSAL, 7),)
    assert audience.people == (1,)
    assert audience.unless_unfollowed == (PROPOSAL, 7)
    assert audience.excluded == (2,)


def test_a_status_change_by_its_author_does_not_tell_the_author() -> None:
    audience = recipients.status_change(proposal_id=7, author_id=1, changed_by_id=1)
    assert audience.excluded == (1,)


@pytest.mark.parametrize(
    ("proposal_author", "parent_author", "commenter", "expected"),
    [
        # a comment on my proposal
        (1, None, 3, [("proposal_commented", (1,))]),
        # I comment on my own proposal: nobody is told
        (1, None, 1, []),
        # a reply to my comment on someone else's proposal: both authors are told
        (1, 2, 3, [("comment_replied", (2,)), ("proposal_commented", (1,))]),
        # a reply to the proposal's author's comment: told once, of the reply
        (1, 1, 3, [("comment_replied", (1,))]),
        # I reply to my own comment: only the proposal's author
        (1, 3, 3, [("proposal_commented", (1,))]),
        # a proposal whose author left (deleted account)
        (None, 2, 3, [("comment_replied", (2,))]),
    ],
)
def test_a_comment_reaches_the_authors_it_concerns(
    proposal_author: int | None,
    parent_author: int | None,
    commenter: int,
    expected: list[tuple[str, tuple[int, ...]]],
) -> None:
    planned = recipients.comment_posted(
        contribution_id=7,
        contribution_author_id=proposal_author,
        parent_author_id=parent_author,
        commenter_id=commenter,
    )
    assert [(kind, audience.people) for kind, audience in planned] == expected
    assert all(audience.unless_unfollowed == (CONTRIBUTION, 7) for _kind, audience in planned)


def test_the_vote_reminder_reaches_followers_and_basket_holders_who_have_not_voted() -> None:
    audience = recipients.vote_closing(process_id=4, step_id=9)
    assert audience.followers_of == ((PROCESS, 4),)
    assert audience.drafts_of_step == 9
    assert audience.not_voted_in_step == 9


def test_process_events_reach_the_process_followers() -> None:
    assert recipients.step_opened(process_id=4).followers_of == ((PROCESS, 4),)
    assert recipients.results_published(process_id=4).followers_of == ((PROCESS, 4),)


def test_a_thank_you_reaches_the_contributor_alone() -> None:
    assert recipients.contributor(user_id=5) == Audience(people=(5,))


def test_an_audience_survives_its_json_round_trip() -> None:
    audience = recipients.status_change(proposal_id=7, author_id=1, changed_by_id=2)
    assert Audience.from_json(audience.as_json()) == audience
    assert Audience().is_empty
