"""Reading a whole ballot from one form (paper entry, voting codes): a line per proposal."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from tessera.voting import ballot_rules as vote_rules
from tessera.voting.services import BallotRefused


def _number(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise BallotRefused(_("This ballot is not readable."), code="unreadable") from None


def choices_from_post(post: QueryDict, kind: str) -> list[vote_rules.Choice]:
    """The choices as sent: ticked `choice` values, or `rank-<id>` / `points-<id>` fields.

    Whatever is sent is kept as is (ids, ranks and points): `validate_ballot` judges it.
    """
    if kind in {vote_rules.APPROVAL, vote_rules.BUDGET}:
        return [vote_rules.Choice(_number(value)) for value in post.getlist("choice")]
    prefix = "rank-" if kind == vote_rules.RANKED else "points-"
    choices = []
    for key in post:
        value = post.get(key, "")
        if not key.startswith(prefix) or not value.strip():
            continue
        proposal_id, number = _number(key.removeprefix(prefix)), _number(value)
        if kind == vote_rules.RANKED:
            choices.append(vote_rules.Choice(proposal_id, rank=number))
        elif number != 0:
            choices.append(vote_rules.Choice(proposal_id, points=number))
    return sorted(choices, key=lambda choice: choice.rank or 0)
