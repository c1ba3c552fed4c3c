"""Paper: ballots entered one by one by staff, and polling stations' totals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.proposals.models import Proposal
from tessera.voting import ballot_rules as vote_rules
from tessera.voting.mixing import mix_when_due
from tessera.voting.models import (
    AuditAction,
    Channel,
    PaperTotal,
    PollingStation,
)
from tessera.voting.selectors import (
    results_for_step,
    vote_settings_for,
)
from tessera.voting.services.ballots import participation_claim, pending_anonymous
from tessera.voting.services.codes import census_for_paper
from tessera.voting.services.common import (
    BallotRefused,
    audit_record,
    check_scope,
    checked_rules,
    scope_details,
)


def paper_ballot_record(
    *,
    recorded_by: User,
    step: Step,
    choices: Sequence[vote_rules.Choice],
    district: District | None = None,
    census_code: str = "",
) -> None:
    """Staff enter one paper ballot: same rules, marked paper; the census code (required
    when the step asks for one) stops a person from voting twice in a scope, online and on
    paper. The audit trail records that `recorded_by` entered a paper ballot in this scope,
    never what it said. Entered after the close, it waits sealed until the publication."""
    check_scope(step, district)
    checked_rules(step, district, choices)
    with transaction.atomic(durable=True):
        # The step's row queues this entry behind a publication in progress (nothing may be
        # left pending once the results are counted).
        Step.objects.select_for_update().filter(pk=step.pk).values_list("pk").first()
        step.__dict__.pop("_vote_results_cache", None)
        if step.phase() is Phase.UPCOMING or results_for_step(step) is not None:
            raise BallotRefused(
                _("Paper ballots are entered during or after the vote."), code="closed"
            )
        census = (
            census_for_paper(step, district, census_code)
            if census_code.strip() or vote_settings_for(step).census_required
            else None
        )
        participation_claim(step, district, channel=Channel.PAPER, census=census)
        pending_anonymous(step, district, Channel.PAPER, choices)
        audit_record(
            step,
            recorded_by,
            AuditAction.PAPER_BALLOT,
            {"scope": scope_details(district), "census_code": census is not None},
        )
    mix_when_due(step)


def polling_station_open(
    *,
    step: Step,
    name: str,
    district: District | None,
    ballots_count: int,
    votes: dict[int, int],
    saved_by: User | None = None,
) -> PollingStation:
    """Add a polling station with its first totals (or give new totals to the station of that
    name): both or nothing, so refused totals leave no empty station behind."""
    name = name.strip()[:120]
    if not name:
        raise BallotRefused(_("Name the polling station."), code="name")
    _check_totals(step, ballots_count, votes)
    with transaction.atomic():
        station, _created = PollingStation.objects.get_or_create(
            organization_id=step.organization_id, step=step, name=name, district=district
        )
        paper_totals_save(
            station=station, ballots_count=ballots_count, votes=votes, saved_by=saved_by
        )
    return station


def paper_totals_save(
    *,
    station: PollingStation,
    ballots_count: int,
    votes: dict[int, int],
    saved_by: User | None = None,
) -> None:
    """Replace a polling station's totals (per proposal) and its number of ballots. The audit
    trail keeps the totals before and after (they are counts, not anyone's ballot)."""
    _check_totals(station.step, ballots_count, votes)
    with transaction.atomic():
        locked = PollingStation.objects.select_for_update().get(pk=station.pk)
        before = {
            "ballots_count": locked.ballots_count,
            "votes": _votes_details(
                PaperTotal.objects.filter(station=station).values_list("proposal_id", "votes")
            ),
        }
        PollingStation.objects.filter(pk=station.pk).update(ballots_count=ballots_count)
        station.ballots_count = ballots_count
        PaperTotal.objects.filter(station=station).delete()
        PaperTotal.objects.bulk_create(
            PaperTotal(
                organization_id=station.organization_id,
                station=station,
                proposal_id=proposal_id,
                votes=count,
            )
            for proposal_id, count in votes.items()
            if count
        )
        audit_record(
            station.step,
            saved_by,
            AuditAction.STATION_TOTALS,
            {
                "station": station.pk,
                "name": station.name,
                "scope": scope_details(station.district),
                "before": before,
                "after": {
                    "ballots_count": ballots_count,
                    "votes": _votes_details(votes.items()),
                },
            },
        )


def _check_totals(step: Step, ballots_count: int, votes: dict[int, int]) -> None:
    if results_for_step(step) is not None:
        raise BallotRefused(_("The results are published."), code="closed")
    if ballots_count < 0 or any(count < 0 for count in votes.values()):
        raise BallotRefused(_("Counts cannot be negative."), code="negative")
    allowed = set(
        Proposal.objects.filter(step__process_id=step.process_id).values_list("pk", flat=True)
    )
    if set(votes) - allowed:
        raise BallotRefused(_("A proposal is not on this ballot."), code="unknown")


def _votes_details(rows: Any) -> dict[str, int]:
    return {str(proposal_id): int(count) for proposal_id, count in rows if count}
