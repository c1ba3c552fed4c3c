"""Moderation of proposals and comments: hiding after N distinct reports, and the review.

Proposal reports are stored by proposals (`proposals.Report`); proposals announces each new
one (`proposals.signals.proposal_reported`) and `receivers.py` calls
`proposal_hide_if_reported_enough` here. Every write to a proposal goes through
proposals.services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.comments import rules, selectors
from tessera.comments.models import Comment
from tessera.comments.services import (
    automatic_hiding_reason,
    comment_hide,
    comment_reports_resolve,
    comment_unhide,
)
from tessera.contributions.models import Contribution, ContributionState
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_hide, proposal_unhide, reports_resolve


def proposal_hide_if_reported_enough(*, proposal: Proposal) -> bool:
    """Hide the proposal when N different people reported it; True if it was hidden now.

    Called inside report_create's transaction; the proposal's row is locked so that two last
    reports sent at once are counted one after the other.
    """
    state = (
        Contribution.objects.select_for_update()
        .values_list("state", flat=True)
        .get(pk=proposal.contribution_id)
    )
    if state == ContributionState.HIDDEN:
        return False
    if not rules.should_hide_automatically(
        distinct_reporters=selectors.open_proposal_reports_count(proposal),
        threshold=selectors.reports_threshold_for(proposal.organization_id),
    ):
        return False
    proposal_hide(proposal=proposal, moderator=None, reason=automatic_hiding_reason())
    return True


# The review, from the moderation queue: hide (with a public reason), show again, or dismiss
# the reports and leave the content as it is. Each one closes the open reports.


def comment_review(*, comment: Comment, moderator: User, action: str, reason: str = "") -> None:
    if action == "hide":
        comment_hide(comment=comment, moderator=moderator, reason=reason)
    elif action == "unhide":
        comment_unhide(comment=comment, moderator=moderator)
    elif action == "dismiss":
        comment_reports_resolve(comment=comment, moderator=moderator)
    else:
        raise ValidationError(_("Unknown moderation action."), code="action")


def proposal_review(*, proposal: Proposal, moderator: User, action: str, reason: str = "") -> None:
    with transaction.atomic():
        if action == "hide":
            proposal_hide(proposal=proposal, moderator=moderator, reason=reason)
        elif action == "unhide":
            proposal_unhide(proposal=proposal, moderator=moderator)
        elif action != "dismiss":
            raise ValidationError(_("Unknown moderation action."), code="action")
        reports_resolve(proposal=proposal, moderator=moderator)
