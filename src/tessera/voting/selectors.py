"""Reads of the vote: settings, the proposals on a ballot, a voter's ballot, counts, results."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus
from tessera.voting import rules as vote_rules
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    BallotDraft,
    PaperTotal,
    PollingStation,
    Results,
    Scope,
    VoteSettings,
)

# Proposals that were on a ballot, before (eligible) and after (winner, …) the results.
ON_BALLOT_STATUSES = (
    ProposalStatus.ELIGIBLE,
    ProposalStatus.WINNER,
    ProposalStatus.NOT_SELECTED,
    ProposalStatus.IN_PROGRESS,
    ProposalStatus.DONE,
    ProposalStatus.ABANDONED,
)


def vote_settings_for(step: Step) -> VoteSettings:
    """The step's settings (defaults when none is saved), read once per step object."""
    cached = getattr(step, "_vote_settings_cache", None)
    if cached is not None:
        return cached
    settings = VoteSettings.objects.filter(step=step).first()
    if settings is None:
        settings = VoteSettings(step=step, organization_id=step.organization_id)
    step._vote_settings_cache = settings  # type: ignore[attr-defined]
    return settings


def ballot_districts(step: Step) -> list[District]:
    """The districts a voter can pick for a district ballot (empty for a process ballot)."""
    settings = vote_settings_for(step)
    if settings.scope == Scope.PROCESS:
        return []
    districts = list(step.process.districts.all())
    return districts or list(District.objects.all())


def ballot_scopes(step: Step) -> list[District | None]:
    """Every ballot of the step: None is the process-wide one."""
    settings = vote_settings_for(step)
    districts: list[District | None] = list(ballot_districts(step))
    if settings.scope == Scope.PROCESS:
        return [None]
    if settings.scope == Scope.BOTH:
        return [None, *districts]
    return districts


def ballot_proposals(
    step: Step, district: District | None, *, statuses: tuple[str, ...] = (ProposalStatus.ELIGIBLE,)
) -> QuerySet[Proposal]:
    """The proposals on the ballot of this scope.

    Process scope: every eligible proposal of the process. District scope: the district's.
    Both: the process ballot holds the city-wide proposals (no district), each district ballot
    its own.
    """
    settings = vote_settings_for(step)
    proposals = Proposal.objects.filter(
        step__process_id=step.process_id, status__in=statuses, hidden=False
    )
    if settings.scope == Scope.PROCESS:
        return proposals
    if district is not None:
        return proposals.filter(district=district)
    if settings.scope == Scope.BOTH:
        return proposals.filter(district__isnull=True)
    return proposals.none()


def envelope_for(step: Step, district: District | None) -> int | None:
    settings = vote_settings_for(step)
    if district is not None and settings.pk is not None:
        for item in settings.district_budgets.all():
            if item.district_id == district.pk:
                return int(item.budget)
    return None if settings.budget is None else int(settings.budget)


def ballot_rules_for(
    step: Step, district: District | None, proposals: list[Proposal] | None = None
) -> vote_rules.BallotRules:
    """The pure rules of one ballot, built from the settings and its eligible proposals
    (pass them when already read, with their theme, to save a query)."""
    if proposals is None:
        proposals = list(
            ballot_proposals(step, district)
            .select_related("theme")
            .only("pk", "title", "estimated_cost", "theme_id", "theme__name")
        )
    options = {
        proposal.pk: vote_rules.ProposalOption(
            proposal.pk,
            proposal.estimated_cost or 0,
            proposal.theme_id,
            proposal.theme.name,
            proposal.title,
        )
        for proposal in proposals
    }
    settings = vote_settings_for(step)
    budget = envelope_for(step, district)
    quotas: tuple[vote_rules.ThemeLimit, ...] = ()
    if settings.pk is not None:
        quotas = tuple(
            vote_rules.ThemeLimit(
                quota.theme_id,
                quota.theme.name,
                quota.min_choices,
                quota.max_choices,
                quota.min_amount,
                quota.max_amount,
            )
            for quota in settings.quotas.select_related("theme")
        )
    is_budget = settings.kind == vote_rules.BUDGET
    return vote_rules.BallotRules(
        kind=settings.kind,
        proposals=options,
        min_choices=settings.min_choices,
        max_choices=settings.max_choices,
        budget=budget if is_budget else None,
        min_spend=vote_rules.min_spend_amount(
            budget, settings.min_spend, settings.min_spend_percent
        )
        if is_budget
        else None,
        points=settings.points,
        max_points_per_proposal=settings.max_points_per_proposal,
        theme_limits=quotas,
    )


def ballot_of(voter: Any, step: Step, district: District | None) -> Ballot | None:
    if not getattr(voter, "is_authenticated", False):
        return None
    return (
        Ballot.objects.filter(voter=voter, step=step, district=district)
        .prefetch_related("choices")
        .first()
    )


def ballot_choices(ballot: Ballot) -> list[vote_rules.Choice]:
    return [
        vote_rules.Choice(choice.proposal_id, choice.rank, choice.points)
        for choice in sorted(ballot.choices.all(), key=lambda c: (c.rank or 0, c.pk))
    ]


def draft_of(voter: Any, step: Step, district: District | None) -> BallotDraft | None:
    if not getattr(voter, "is_authenticated", False):
        return None
    return BallotDraft.objects.filter(voter=voter, step=step, district=district).first()


def draft_choices(draft: BallotDraft | None) -> list[vote_rules.Choice]:
    """The draft's choices as pure data; ranks follow the stored order for ranked ballots."""
    if draft is None:
        return []
    choices = []
    for item in draft.choices:
        if isinstance(item, dict) and isinstance(item.get("proposal"), int):
            points = item.get("points")
            choices.append(
                vote_rules.Choice(
                    item["proposal"], None, points if isinstance(points, int) else None
                )
            )
    return choices


def results_for_step(step: Step) -> Results | None:
    if hasattr(step, "_vote_results_cache"):
        cached: Results | None = step._vote_results_cache
        return cached
    results = Results.objects.filter(step=step).first()
    step._vote_results_cache = results  # type: ignore[attr-defined]
    return results


def online_scores(step: Step, kind: str) -> Counter[int]:
    """Per proposal: approvals (or points for points ballots) of the online and paper ballots
    entered one by one."""
    choices = BallotChoice.objects.filter(ballot__step=step)
    if kind == vote_rules.POINTS:
        rows = choices.values("proposal_id").annotate(score=Sum("points"))
    else:
        rows = choices.values("proposal_id").annotate(score=Count("pk"))
    return Counter({row["proposal_id"]: int(row["score"] or 0) for row in rows})


def paper_scores(step: Step) -> Counter[int]:
    rows = (
        PaperTotal.objects.filter(station__step=step)
        .values("proposal_id")
        .annotate(score=Sum("votes"))
    )
    return Counter({row["proposal_id"]: int(row["score"] or 0) for row in rows})


COUNTS_CACHE_SECONDS = 60


def live_scores(step: Step, kind: str) -> Counter[int]:
    """Online and paper scores shown during the vote, recomputed at most once a minute:
    counting every ballot on every page view would cost more than the page itself."""
    key = f"voting:scores:{step.pk}"
    cached = cache.get(key)
    if isinstance(cached, dict):
        return Counter(cached)
    scores = online_scores(step, kind) + paper_scores(step)
    cache.set(key, dict(scores), COUNTS_CACHE_SECONDS)
    return scores


def turnout(step: Step) -> dict[str, int]:
    """Ballots online and on paper (one by one, and as station totals), and distinct voters."""
    counts = Ballot.objects.filter(step=step).aggregate(
        online=Count("pk", filter=Q(is_paper=False)),
        paper=Count("pk", filter=Q(is_paper=True)),
        voters=Count("voter", distinct=True),
        anonymous=Count("pk", filter=Q(voter__isnull=True)),
    )
    stations = (
        PollingStation.objects.filter(step=step).aggregate(total=Sum("ballots_count"))["total"] or 0
    )
    return {
        "online": counts["online"],
        "paper": counts["paper"] + stations,
        "paper_single": counts["paper"],
        "paper_stations": stations,
        "ballots": counts["online"] + counts["paper"] + stations,
        # A voter with an account counts once even with a district and a process ballot;
        # code and paper ballots have no account: each counts as one voter.
        "voters": counts["voters"] + counts["anonymous"] + stations,
    }
