"""Reads of proposals shared by the pages, the back office and (later) the API."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Mod

from tessera.contributions.models import ContributionState
from tessera.contributions.selectors import reacted_values
from tessera.processes.models import Step
from tessera.proposals.models import (
    CollectSettings,
    Proposal,
    ProposalRevision,
    ProposalStatusChange,
)
from tessera.proposals.statuses import LISTED

# A prime above any id: (id × a + b) mod p is a permutation of the ids for 0 < a < p.
_RANDOM_MODULUS = 2_147_483_647
SORTS = ("random", "recent", "comments", "supports")
_WORD = re.compile(r"\w{3,}")


def collect_settings_for(step: Step) -> CollectSettings:
    """The step's collect settings, or the defaults (unsaved) when staff set none."""
    try:
        return step.collect_settings
    except CollectSettings.DoesNotExist:
        return CollectSettings(step=step, organization_id=step.organization_id)


def proposals_of_step(step: Step) -> QuerySet[Proposal]:
    """The proposals shown on the step's public list: not withdrawn, hidden ones included
    (they show their moderation notice), with what a card needs joined in."""
    return Proposal.objects.filter(step=step, status__in=LISTED).select_related(
        "contribution", "theme", "district"
    )


def proposals_search(queryset: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """Full-text search: PostgreSQL's French configuration, or icontains on SQLite."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="french", search_type="websearch")
        return queryset.filter(search_vector=query)
    words = _WORD.findall(text) or [text]
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset


def proposals_sorted(queryset: QuerySet[Proposal], sort: str, seed: int) -> QuerySet[Proposal]:
    """Order a list: a stable random order per visitor (the seed), or by date or popularity."""
    if sort == "recent":
        return queryset.order_by("-created_at", "-pk")
    if sort == "comments":
        return queryset.order_by("-contribution__comments_count", "-pk")
    if sort == "supports":
        return queryset.order_by("-contribution__positive_count", "-pk")
    multiplier = seed % (_RANDOM_MODULUS - 1) + 1
    offset = (seed // 7919) % _RANDOM_MODULUS
    return queryset.annotate(
        shuffle=Mod(F("id") * Value(multiplier) + Value(offset), Value(_RANDOM_MODULUS))
    ).order_by("shuffle", "pk")


def similar_proposals(step: Step, title: str, *, limit: int = 5) -> list[Proposal]:
    """Proposals of the step whose title or text looks like `title`, to avoid duplicates.

    Any significant word matches (OR), the best matches first on PostgreSQL.
    """
    words = [word.lower() for word in _WORD.findall(title)][:12]
    if not words:
        return []
    queryset = visible(Proposal.objects.filter(step=step, status__in=LISTED))
    if connection.vendor == "postgresql":
        query = SearchQuery(" | ".join(words), config="french", search_type="raw")
        return list(
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-pk")[:limit]
        )
    matches = Q()
    for word in words:
        if len(word) >= 4:
            matches |= Q(title__icontains=word)
    if not matches:
        return []
    return list(queryset.filter(matches).order_by("-pk")[:limit])


def visible(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Without the proposals the moderation hides (their title is not public either)."""
    return queryset.exclude(contribution__state=ContributionState.HIDDEN)


def supported_ids(user: Any, proposals: Iterable[Proposal]) -> set[int]:
    """Which of these proposals the user supports, in one query."""
    by_contribution = {proposal.contribution_id: proposal.pk for proposal in proposals}
    return {by_contribution[pk] for pk in reacted_values(user, by_contribution)}


def status_history(proposal: Proposal) -> QuerySet[ProposalStatusChange]:
    """The status changes of a proposal, oldest first, with who made them."""
    return proposal.status_changes.select_related("changed_by").order_by("created_at", "pk")


def revisions_of(proposal: Proposal) -> QuerySet[ProposalRevision]:
    """Every edit of a proposal, newest first (staff only: see rules.py)."""
    return proposal.revisions.select_related("author").order_by("-created_at", "-pk")
