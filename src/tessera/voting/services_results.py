"""Counting a closed vote step and publishing its results; pabulib export and import.

Paper totals per polling station enter the count as weighted single-choice ballots: a station
reporting 40 votes for a proposal adds one ballot of weight 40 naming only that proposal (for
points ballots: one ballot giving it those points). The greedy rules then add exactly the
station's votes to each score. The Method of Equal Shares sees those paper voters as
supporting one proposal each, because totals do not say which proposals one person chose
together; enter paper ballots one by one where that matters. Ranked steps take paper ballots
one by one only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tessera.proposals.statuses import ProposalStatus
from tessera.voting import rules as vote_rules
from tessera.voting import tally
from tessera.voting.models import Ballot, BallotChoice, PaperTotal, Participation, Results
from tessera.voting.selectors import (
    ON_BALLOT_STATUSES,
    ballot_proposals,
    ballot_scopes,
    envelope_for,
    turnout,
    vote_settings_for,
)
from tessera.voting.signals import results_published

VOTE_TYPES = {
    vote_rules.APPROVAL: "approval",
    vote_rules.BUDGET: "approval",
    vote_rules.RANKED: "ordinal",
    vote_rules.POINTS: "cumulative",
}


@dataclass(frozen=True)
class ScopeCount:
    """What one ballot (process or district) adds up to, with its tally instance."""

    district: District | None
    instance: tally.Instance
    proposals: dict[str, Proposal]
    online: dict[str, int]
    paper: dict[str, int]


def step_instance(step: Step, district: District | None) -> ScopeCount:
    """The tally instance of one scope: its proposals in submission order, its ballots
    (anonymous: numbered in the order of their random ids, which is not the order they were
    cast, no account id) and the paper totals as weighted ballots."""
    settings = vote_settings_for(step)
    proposals = list(
        ballot_proposals(step, district, statuses=ON_BALLOT_STATUSES).order_by("created_at", "pk")
    )
    by_id = {str(p.pk): p for p in proposals}
    uses_points = settings.kind == vote_rules.POINTS
    rows = (
        BallotChoice.objects.filter(ballot__step=step, ballot__district=district)
        .order_by("ballot_id", "rank", "proposal_id")
        .values_list("ballot_id", "proposal_id", "points")
    )
    grouped: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for ballot_id, proposal_id, points in rows.iterator(chunk_size=20_000):
        if str(proposal_id) in by_id:
            grouped[ballot_id].append((str(proposal_id), points or 0))
    ballots = [
        tally.Ballot(
            choices=tuple(pid for pid, _p in lines),
            points=tuple(p for _pid, p in lines) if uses_points else (),
            voter_id=str(index + 1),
        )
        for index, lines in enumerate(grouped.values())
    ]
    online: dict[str, int] = defaultdict(int)
    for lines in grouped.values():
        for pid, points in lines:
            online[pid] += points if uses_points else 1
    paper: dict[str, int] = defaultdict(int)
    totals = PaperTotal.objects.filter(station__step=step, station__district=district)
    for proposal_id, votes in totals.values_list("proposal_id", "votes"):
        pid = str(proposal_id)
        if pid not in by_id or votes <= 0:
            continue
        paper[pid] += votes
        if uses_points:
            ballots.append(
                tally.Ballot(choices=(pid,), points=(votes,), voter_id=f"p{len(ballots) + 1}")
            )
        else:
            ballots.append(
                tally.Ballot(choices=(pid,), weight=votes, voter_id=f"p{len(ballots) + 1}")
            )
    budget = envelope_for(step, district)
    if budget is None:
        budget = sum(p.estimated_cost or 0 for p in proposals)
    instance = tally.Instance(
        budget=budget,
        projects=tuple(tally.Project(str(p.pk), p.estimated_cost or 0, p.title) for p in proposals),
        ballots=tuple(ballots),
        vote_type=VOTE_TYPES[settings.kind],  # type: ignore[arg-type]
        max_choices=settings.max_choices if settings.kind == vote_rules.RANKED else None,
    )
    return ScopeCount(district, instance, by_id, dict(online), dict(paper))


def results_publish(*, step: Step, published_by: User | None) -> Results:
    """Count every ballot of a closed vote step with its rule, make the winners "winner" and
    the others "not selected", and freeze the figures the results page shows."""
    if step.kind != vote_rules.VOTE or step.phase() is not Phase.PAST:
        raise ValidationError(_("Results are published once the vote is closed."), code="open")
    settings = vote_settings_for(step)
    rule = settings.tally_rule
    with transaction.atomic():
        Step.objects.select_for_update().filter(pk=step.pk).values_list("pk").first()
        if Results.objects.filter(step=step).exists():
            raise ValidationError(_("The results are already published."), code="published")
        scopes = []
        winners: list[int] = []
        for district in ballot_scopes(step):
            count = step_instance(step, district)
            outcome = tally.tally(count.instance, rule, settings.tally_threshold)
            winners += [int(pid) for pid in outcome.selected]
            scopes.append(_scope_figures(count, outcome))
        results = Results.objects.create(
            organization_id=step.organization_id,
            step=step,
            published_at=timezone.now(),
            published_by=published_by,
            rule=rule,
            threshold=settings.tally_threshold,
            tie_break=tally.TIE_BREAK_DESCRIPTION[rule],
            winners=winners,
            figures={
                "scopes": scopes,
                "turnout": turnout(step),
                "districts": _district_turnout(step),
            },
        )
        _statuses_set(step, set(winners), published_by)
        # Nothing can change any more: the last link from a voter to their ballot goes.
        Ballot.objects.filter(step=step, reference__isnull=False).update(reference=None)
        transaction.on_commit(
            lambda: results_published.send(sender=Results, results=results, step=step)
        )
    step._vote_results_cache = results  # type: ignore[attr-defined]
    return results


def _scope_figures(count: ScopeCount, outcome: tally.Outcome) -> dict[str, Any]:
    scores = tally.scores(count.instance)
    selected = list(outcome.selected)
    rows: list[dict[str, Any]] = [
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


def _district_turnout(step: Step) -> list[dict[str, Any]]:
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


def _statuses_set(step: Step, winners: set[int], changed_by: User | None) -> None:
    """Winners and the others change status through the proposals' one service, which tells
    each proposal's author and followers whether it was selected."""
    for district in ballot_scopes(step):
        for proposal in ballot_proposals(step, district):
            to_status = (
                ProposalStatus.WINNER if proposal.pk in winners else ProposalStatus.NOT_SELECTED
            )
            proposal_status_change(proposal=proposal, to_status=to_status, changed_by=changed_by)


def pabulib_for(step: Step, district: District | None) -> tally.PabulibFile:
    """The anonymised .pb file of one scope (open data once the results are published)."""
    count = step_instance(step, district)
    settings = vote_settings_for(step)
    meta: tuple[tuple[str, str], ...] = (
        ("description", step.process.title),
        ("country", "France"),
        ("unit", step.organization.name),
        ("subunit", district.name if district else ""),
        ("instance", str(step.starts_at.year)),
        ("currency", "EUR"),
        ("date_begin", step.starts_at.strftime("%d.%m.%Y")),
        ("date_end", step.ends_at.strftime("%d.%m.%Y")),
        ("rule", settings.tally_rule),
    )
    if settings.max_choices:
        meta += (("max_length", str(settings.max_choices)),)
    if settings.tally_threshold:
        meta += (("min_project_score_threshold", str(settings.tally_threshold)),)
    selected = None
    results = Results.objects.filter(step=step).first()
    if results is not None:
        winners = {str(pk) for pk in results.winners}
        selected = tuple(
            (project.id, "1" if project.id in winners else "0")
            for project in count.instance.projects
        )
    return tally.PabulibFile(instance=count.instance, meta=meta, selected=selected)


def pabulib_import(*, pabulib_file: tally.PabulibFile, step: Step) -> int:
    """Load a .pb file's ballots into a vote step (demo and tests): its projects must be the
    step's proposals, named by id, or are matched in order to the proposals on the ballot.
    Returns the number of ballots created (anonymous, marked online, each with an
    anonymous participation for the turnout)."""
    proposals = list(
        ballot_proposals(step, None, statuses=ON_BALLOT_STATUSES).order_by("created_at", "pk")
    )
    ids = {str(p.pk) for p in proposals}
    projects = pabulib_file.instance.projects
    if all(project.id in ids for project in projects):
        mapping = {project.id: int(project.id) for project in projects}
    elif len(projects) <= len(proposals):
        mapping = {project.id: proposals[i].pk for i, project in enumerate(projects)}
    else:
        raise ValidationError(_("The file has more projects than the step has proposals."))
    now = timezone.now()
    created = 0
    with transaction.atomic():
        batch = list(pabulib_file.instance.ballots)
        for start in range(0, len(batch), 2000):
            chunk = batch[start : start + 2000]
            expanded = [b for b in chunk for _copy in range(b.weight)]
            Participation.objects.bulk_create(
                Participation(organization_id=step.organization_id, step=step, voted_at=now)
                for _b in expanded
            )
            ballots = Ballot.objects.bulk_create(
                Ballot(organization_id=step.organization_id, step=step) for _b in expanded
            )
            BallotChoice.objects.bulk_create(
                BallotChoice(
                    organization_id=step.organization_id,
                    ballot=ballot,
                    proposal_id=mapping[pid],
                    rank=index + 1 if pabulib_file.instance.vote_type == "ordinal" else None,
                    points=source.points[index] if source.points else None,
                )
                for ballot, source in zip(ballots, expanded, strict=True)
                for index, pid in enumerate(source.choices)
            )
            created += len(ballots)
    return created
