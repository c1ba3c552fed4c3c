"""Who may vote in a votation with an account, written once: the service, the page and the
`votations.vote` permission ask `refusal`. The age and district rules are the vote's
(voting.ballot_rules.eligibility_problem)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from tessera.votations.models import VotationSettings
from tessera.voting.ballot_rules import eligibility_problem


def refusal(voter: Any, settings: VotationSettings) -> str | None:
    """Why this signed-in voter may not vote (a sentence), or None."""
    if not (voter.is_authenticated and voter.is_active and voter.email_verified):
        return gettext("Verify your e-mail address to vote.")
    if voter.organization_id != settings.organization_id:
        return gettext("The vote is not open.")
    return eligibility_problem(
        year_of_birth=voter.year_of_birth,
        home_district_id=voter.district_id,
        ballot_district_id=settings.district_id,
        min_age=settings.min_age,
        residence_required=settings.district_id is not None,
        this_year=timezone.localdate().year,
    )
