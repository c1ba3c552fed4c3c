"""Counting a closed vote step and publishing its results (see `counting` for how ballots
and station totals become a tally instance, `open_data` for the published files)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.proposals.services import proposal_status_change
from tessera.proposals.statuses import ProposalStatus
from tessera.voting import ballot_rules as vote_rules
from tessera.voting import tally
from tessera.voting.figures import (
    DistrictTurnout,
    ProposalFigures,
    ScopeFigures,
    StationFigures,
    Turnout,
    figures_checked,
)
from tessera.voting.mixing import mix_remaining
from tessera.voting.models import (
    Ballot,
    PaperTotal,
    Participation,
    PollingStation,
    Results,
)
from tessera.voting.selectors import (
    ballot_proposals,
    ballot_scopes,
    turnout,
    turnout_by_home_district,
    vote_settings_for,
)
from tessera.voting.services.counting import ScopeCount, step_instance
from tessera.voting.services.open_data import open_data_store
from tessera.voting.signals import results_published

logger = logging.getLogger(__name__)


def print_nothing(line: str) -> None:
    """The default progress: nobody listens."""


def results_preview(step: Step) -> list[ScopeFigures]:
    """What publishing would show, scope by scope (the figures of `_scope_figures`), counted
    from the ballots counted so far and written nowhere: for staff to check before they
    publish."""
    settings = vote_settings_for(step)
    previews = []
    for district in ballot_scopes(step):
        count = step_instance(step, district)
        outcome = tally.tally(count.instance, settings.tally_rule, settings.tally_threshold)
        previews.append(_scope_figures(count, outcome))
    return previews


def results_publish(
    *, step: Step, published_by: User | None, progress: Callable[[str], None] = print_nothing
) -> Results:
    """Count every ballot of a closed vote step with its rule, make the winners "winner" and
    the others "not selected", freeze the figures the results page shows and write the
    open-data file of each scope (removed again if the publication fails). `progress` hears
    a line per step of the work (the background task shows them to staff)."""
    if step.kind != vote_rules.VOTE or step.phase() is not Phase.PAST:
        raise ValidationError(_("Results are published once the vote is closed."), code="open")
    settings = vote_settings_for(step)
    rule = settings.tally_rule
    written: list[str] = []
    try:
        with transaction.atomic():
            Step.objects.select_for_update().filter(pk=step.pk).values_list("pk").first()
            if Results.objects.filter(step=step).exists():
                raise ValidationError(_("The results are already published."), code="published")
            # What still waits sealed is counted too, and the drafts go (the vote is closed).
            mixed = mix_remaining(step)
            progress(_("%(count)d ballot(s) still waiting were counted in.") % {"count": mixed})
            scopes = []
            winners: list[int] = []
            all_scopes = ballot_scopes(step)
            for index, district in enumerate(all_scopes, start=1):
                count = step_instance(step, district)
                outcome = tally.tally(count.instance, rule, settings.tally_threshold)
                winners += [int(pid) for pid in outcome.selected]
                figures = _scope_figures(count, outcome)
                figures["open_data"] = open_data_store(step, count, set(outcome.selected))
                written.append(figures["open_data"]["name"])
                scopes.append(figures)
                progress(
                    _(
                        "Counted %(scope)s (%(index)d of %(total)d): %(ballots)d ballots, "
                        "open-data file written."
                    )
                    % {
                        "scope": district.name if district else _("the whole process"),
                        "index": index,
                        "total": len(all_scopes),
                        "ballots": count.individual,
                    }
                )
            results = Results.objects.create(
                organization_id=step.organization_id,
                step=step,
                published_at=timezone.now(),
                published_by=published_by,
                rule=rule,
                threshold=settings.tally_threshold,
                tie_break=tally.TIE_BREAK_DESCRIPTION[rule],
                winners=winners,
                figures=figures_checked(
                    {
                        "scopes": scopes,
                        "turnout": cast(Turnout, turnout(step)),
                        "districts": _district_turnout(step),
                        "home_districts": turnout_by_home_district(step),
                        "stations": _station_totals(step),
                    }
                ),
            )
            _statuses_set(step, set(winners), published_by)
            # Nothing can change any more: the last link from a voter to their ballot goes.
            Ballot.objects.filter(step=step, reference__isnull=False).update(reference=None)
            transaction.on_commit(
                lambda: results_published.send(sender=Results, results=results, step=step)
            )
    except BaseException:
        for name in written:  # a file of results that were never published
            default_storage.delete(name)
        raise
    step._vote_results_cache = results  # type: ignore[attr-defined]
    logger.info(
        "voting: results published", extra={"event": "results_published", "step_id": step.pk}
    )
    return results


def _scope_figures(count: ScopeCount, outcome: tally.Outcome) -> ScopeFigures:
    scores = tally.scores(count.instance)
    selected = list(outcome.selected)
    rows: list[ProposalFigures] = [
        {
            "id": int(pid),
            "title": proposal.title,
            "step": proposal.step_id,
            "cost": proposal.estimated_cost or 0,
            "online": count.online.get(pid, 0),
            "paper": count.paper.get(pid, 0),
            "score": scores.get(pid, 0),
            "winner": pid in selected,
            "order": selected.index(pid) + 1 if pid in selected else None,
        }
        for pid, proposal in count.proposals.items()
    ]
    rows.sort(key=lambda row: (-row["score"], row["cost"], row["id"]))
    return {
        "district": count.district.pk if count.district else None,
        "district_name": count.district.name if count.district else "",
        "district_slug": count.district.slug if count.district else "",
        "budget": int(count.instance.budget),
        "total_cost": outcome.total_cost,
        "selected": [int(pid) for pid in selected],
        "proposals": rows,
    }


def _district_turnout(step: Step) -> list[DistrictTurnout]:
    rows = (
        Participation.objects.filter(step=step, district__isnull=False)
        .values("district_id", "district__name")
        .annotate(ballots=Count("pk"))
        .order_by("district__name")
    )
    return [
        {"district": row["district_id"], "name": row["district__name"], "ballots": row["ballots"]}
        for row in rows
    ]


def _station_totals(step: Step) -> list[StationFigures]:
    """Each polling station with its number of paper ballots and its votes per proposal."""
    stations = list(
        PollingStation.objects.filter(step=step)
        .select_related("district")
        .order_by("district__position", "district__name", "name", "pk")
    )
    totals: dict[int, list[list[Any]]] = defaultdict(list)
    rows = (
        PaperTotal.objects.filter(station__step=step, votes__gt=0)
        .order_by("proposal__created_at", "proposal_id")
        .values_list("station_id", "proposal_id", "proposal__title", "votes")
    )
    for station_id, proposal_id, title, votes in rows:
        totals[station_id].append([proposal_id, title, votes])
    return [
        {
            "name": station.name,
            "district": station.district_id,
            "district_name": station.district.name if station.district else "",
            "ballots": station.ballots_count,
            "totals": totals[station.pk],
        }
        for station in stations
    ]


def _statuses_set(step: Step, winners: set[int], changed_by: User | None) -> None:
    """Winners and the others change status through the proposals' one service, which tells
    each proposal's author and followers whether it was selected."""
    for district in ballot_scopes(step):
        for proposal in ballot_proposals(step, district):
            to_status = (
                ProposalStatus.WINNER if proposal.pk in winners else ProposalStatus.NOT_SELECTED
            )
            proposal_status_change(proposal=proposal, to_status=to_status, changed_by=changed_by)
