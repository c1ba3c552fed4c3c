"""Writes of the moderation, for every kind: reports, hiding after N reporters, the review.

A report is one transaction with its consequence: when N different people (the organisation's
setting) have an open report on a contribution, it is hidden until a moderator reviews it.
The review hides it (with a public reason), shows it again, or dismisses the reports; each
closes the open reports. Who may act is the caller's to ask (contributions.rules).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.contributions import rules, selectors
from tessera.contributions.models import Contribution, ContributionState, Report
from tessera.contributions.services import contribution_hide, contribution_unhide


def report_create(
    *, contribution: Contribution, reporter: User, reason: str, message: str = ""
) -> bool:
    """Report a contribution; False if this person already reported it."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Report.objects.create(
                    organization_id=contribution.organization_id,
                    contribution=contribution,
                    reporter=reporter,
                    reason=reason,
                    message=message.strip(),
                )
        except IntegrityError:
            return False
        hide_if_reported_enough(contribution=contribution)
    return True


def automatic_hiding_reason() -> str:
    # Stored as public text, like a moderator's reason: in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Hidden after several reports, until a moderator reviews it.")


def hide_if_reported_enough(*, contribution: Contribution) -> bool:
    """Hide it when N different people reported it; True if it was hidden now.

    The contribution's row is locked first: two last reports sent at once are counted one
    after the other, so neither misses the other.
    """
    state = (
        Contribution.objects.select_for_update()
        .values_list("state", flat=True)
        .get(pk=contribution.pk)
    )
    if state == ContributionState.HIDDEN:
        return False
    if not rules.should_hide_automatically(
        distinct_reporters=selectors.open_reports_count(contribution),
        threshold=selectors.reports_threshold_for(contribution.organization_id),
    ):
        return False
    return contribution_hide(
        contribution=contribution,
        moderator=None,
        reason=automatic_hiding_reason(),
        automatically=True,
    )


def reports_resolve(*, contribution: Contribution, moderator: User | None) -> int:
    """Close the contribution's open reports (a moderator reviewed it); how many were open."""
    return Report.objects.filter(contribution=contribution, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


REVIEW_ACTIONS = ("hide", "unhide", "dismiss")


def contribution_review(
    *, contribution: Contribution, moderator: User, action: str, reason: str = ""
) -> None:
    """A moderator's decision on reported content; the open reports are closed with it."""
    if action not in REVIEW_ACTIONS:
        raise ValidationError(_("Unknown moderation action."), code="action")
    with transaction.atomic():
        if action == "hide":
            contribution_hide(contribution=contribution, moderator=moderator, reason=reason)
        elif action == "unhide":
            contribution_unhide(contribution=contribution, moderator=moderator)
        reports_resolve(contribution=contribution, moderator=moderator)
