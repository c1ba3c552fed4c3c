"""Reads of the follow-up shared by the public pages, the home section and the back office."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from tessera.followup.models import NewsPost, Realisation
from tessera.followup.statuses import IN_PROGRESS, RealisationStatus
from tessera.processes.selectors import processes_listed_for
from tessera.voting.models import Results


def realisations_listed_for(user: Any) -> QuerySet[Realisation]:
    """Realisations shown on public lists: those of the processes listed for this user."""
    return Realisation.objects.filter(process__in=processes_listed_for(user))


def for_cards(realisations: QuerySet[Realisation]) -> QuerySet[Realisation]:
    """What a realisation card shows, read with the realisations in one query."""
    return realisations.select_related("process", "district", "theme")


def edition_years(realisations: QuerySet[Realisation]) -> list[int]:
    """The years of the processes (their first step) the realisations come from, newest first."""
    years = (
        realisations.filter(process__starts_at__isnull=False)
        .annotate(year=ExtractYear("process__starts_at"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return list(years)


def status_counts(realisations: QuerySet[Realisation]) -> dict[str, int]:
    """How many realisations are done, in progress, to start and abandoned (one query)."""
    return realisations.aggregate(
        done=Count("pk", filter=Q(status=RealisationStatus.DONE)),
        in_progress=Count("pk", filter=Q(status__in=IN_PROGRESS)),
        to_start=Count("pk", filter=Q(status=RealisationStatus.TO_START)),
        abandoned=Count("pk", filter=Q(status=RealisationStatus.ABANDONED)),
    )


def news_of(realisation: Realisation) -> QuerySet[NewsPost]:
    """The realisation's timeline, newest first (authors are staff: not shown)."""
    return NewsPost.objects.filter(realisation=realisation)


@dataclass(frozen=True)
class ProposalVotes:
    """The votes a proposal received, and the vote step whose results say so."""

    votes: int
    step_id: int


def votes_for(realisation: Realisation) -> ProposalVotes | None:
    """The votes its proposal received, from the published results of the process's vote.

    None when no results name it (a process without a vote step, or results not published).
    A proposal on both a process ballot and a district ballot adds both scores.
    """
    results = Results.objects.filter(step__process_id=realisation.process_id).values_list(
        "step_id", "figures"
    )
    for step_id, figures in results:
        rows = [
            row
            for scope in figures.get("scopes", [])
            for row in scope.get("proposals", [])
            if row.get("id") == realisation.proposal_id
        ]
        if rows:
            return ProposalVotes(sum(int(row.get("score", 0)) for row in rows), step_id)
    return None
