"""Who is told of an event: pure rules, no ORM (the fan-out turns an Audience into SQL).

The issue's words: residents follow a proposal, a realisation or a process; authors, voters and
commenters follow what they took part in unless they opted out. Here a person who took part
directly (the author of a proposal, of a comment) is named in `people`: they are told even if
their follow row is missing (a proposal older than the notifications). Whoever unfollowed the
event's target (`unless_unfollowed`) is not told, whatever else they follow; nobody is told of
their own act (`excluded`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from tessera.notifications import families

# What can be followed; the fan-out maps each to a column of Follow.
PROCESS = "process"
PROPOSAL = "proposal"
CONTRIBUTION = "contribution"
REALISATION = "realisation"

Target = tuple[str, int]


@dataclass(frozen=True)
class Audience:
    followers_of: tuple[Target, ...] = ()
    people: tuple[int, ...] = ()
    # Nobody who unfollowed this target is told.
    unless_unfollowed: Target | None = None
    # Voters holding an unsubmitted basket in this step (the reminder before a vote closes).
    drafts_of_step: int | None = None
    # Only those who have not voted in this step (the same reminder).
    not_voted_in_step: int | None = None
    # Everyone who chose to receive this family (families.OPT_IN): site-wide news.
    opted_in_to: str | None = None
    excluded: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        unfollowed = data.get("unless_unfollowed")
        return cls(
            followers_of=tuple((target, pk) for target, pk in data.get("followers_of", ())),
            people=tuple(data.get("people", ())),
            unless_unfollowed=(unfollowed[0], unfollowed[1]) if unfollowed else None,
            drafts_of_step=data.get("drafts_of_step"),
            not_voted_in_step=data.get("not_voted_in_step"),
            opted_in_to=data.get("opted_in_to"),
            excluded=tuple(data.get("excluded", ())),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.followers_of or self.people or self.drafts_of_step or self.opted_in_to)


def _ids(*user_ids: int | None) -> tuple[int, ...]:
    return tuple(sorted({pk for pk in user_ids if pk is not None}))


def status_change(
    *, proposal_id: int, author_id: int | None, changed_by_id: int | None
) -> Audience:
    """Followers of the proposal and its author hear of a new status (and official answer),
    except whoever made the change."""
    target = (PROPOSAL, proposal_id)
    return Audience(
        followers_of=(target,),
        people=_ids(author_id),
        unless_unfollowed=target,
        excluded=_ids(changed_by_id),
    )


def comment_posted(
    *,
    contribution_id: int,
    contribution_author_id: int | None,
    parent_author_id: int | None,
    commenter_id: int | None,
) -> list[tuple[str, Audience]]:
    """The author of the commented contribution (a proposal…) hears of a new comment; the
    author of the comment replied to hears of the reply. One person in both roles is told
    once, of the reply."""
    target = (CONTRIBUTION, contribution_id)
    planned: list[tuple[str, Audience]] = []
    excluded = _ids(commenter_id)
    replied_to = parent_author_id if parent_author_id not in excluded else None
    if replied_to is not None:
        planned.append(
            (
                families.COMMENT_REPLIED.identifier,
                Audience(people=(replied_to,), unless_unfollowed=target, excluded=excluded),
            )
        )
    if contribution_author_id is not None and contribution_author_id not in (
        *excluded,
        replied_to,
    ):
        planned.append(
            (
                families.PROPOSAL_COMMENTED.identifier,
                Audience(people=(contribution_author_id,), unless_unfollowed=target),
            )
        )
    return planned


def contributor(*, user_id: int) -> Audience:
    """The thank-you goes to the contributor alone."""
    return Audience(people=(user_id,))


def step_opened(*, process_id: int) -> Audience:
    return Audience(followers_of=((PROCESS, process_id),))


def step_closing(*, process_id: int) -> Audience:
    return Audience(followers_of=((PROCESS, process_id),))


def vote_closing(*, process_id: int, step_id: int) -> Audience:
    """The day before a vote closes: followers of the process and voters with a basket draft,
    as long as they have not voted in this step."""
    return Audience(
        followers_of=((PROCESS, process_id),),
        drafts_of_step=step_id,
        not_voted_in_step=step_id,
    )


def results_published(*, process_id: int) -> Audience:
    return Audience(followers_of=((PROCESS, process_id),))


def realisation_status(*, realisation_id: int, changed_by_id: int | None) -> Audience:
    """A new status of a realisation reaches its followers. Those of its proposal hear of it
    already: the proposal's status moves with it (followup keeps them in step)."""
    target = (REALISATION, realisation_id)
    return Audience(followers_of=(target,), unless_unfollowed=target, excluded=_ids(changed_by_id))


def realisation_news(
    *, realisation_id: int, proposal_id: int, proposal_author_id: int | None
) -> Audience:
    """News of a realisation reaches its followers, the proposal's followers and its author:
    what became of their participation."""
    target = (REALISATION, realisation_id)
    return Audience(
        followers_of=(target, (PROPOSAL, proposal_id)),
        people=_ids(proposal_author_id),
        unless_unfollowed=target,
    )


def process_news(*, process_id: int, author_id: int | None) -> Audience:
    """News of a process reaches its followers (not the staff member who wrote it)."""
    return Audience(followers_of=((PROCESS, process_id),), excluded=_ids(author_id))


def site_news(*, author_id: int | None) -> Audience:
    """Site-wide news concerns no process anyone follows: it reaches only those who chose the
    "news" family in their preferences (opt-in, families.OPT_IN)."""
    return Audience(opted_in_to=families.Family.NEWS.value, excluded=_ids(author_id))
