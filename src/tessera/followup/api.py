"""The public GraphQL types of the follow-up: realisations and their news.

What the public pages show: the realisations of processes open to all (an unlisted process's
by its slug), their status, progress, dates, budgets and news; never who wrote an update.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
import strawberry_django
from django.db.models import Exists, OuterRef, QuerySet
from graphql import GraphQLError
from strawberry import Parent
from strawberry.types import Info

from tessera.followup.models import FollowupSettings, NewsPost, Realisation
from tessera.followup.statuses import RealisationStatus
from tessera.processes.api import (
    DistrictType,
    Page,
    ProcessType,
    StepType,
    ThemeType,
    absolute_url,
    listed_processes,
    public_process,
)

RealisationStatusEnum = strawberry.enum(
    RealisationStatus,
    name="RealisationStatus",
    description="to start → studies → works → done; or abandoned.",
)


@strawberry_django.type(NewsPost, name="RealisationNews", description="News of a realisation.")
class NewsType:
    title: str
    published_at: datetime
    body_html: str = strawberry_django.field(description="The text as sanitised HTML.")


@strawberry_django.type(
    Realisation, name="Realisation", description="A winner of a vote, as the city carries it out."
)
class RealisationType:
    id: strawberry.ID
    title: str
    abandon_reason: str = strawberry_django.field(description="Set when abandoned.")
    progress: int = strawberry_django.field(description="In percent.")
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    district: DistrictType | None = strawberry_django.field(description="Null: the whole city.")
    theme: ThemeType | None
    address: str
    updated_at: datetime
    process: ProcessType
    step: StepType | None = strawberry_django.field(description="Its follow-up step, if any.")
    news: list[NewsType] = strawberry_django.field(description="Newest first.")

    @strawberry_django.field(
        only=["budget_voted"], description="In euros; null if not set or not published."
    )
    def budget_voted(self, root: Parent[Realisation]) -> int | None:
        return root.budget_voted if _budgets_public(root) else None

    @strawberry_django.field(
        only=["budget_spent"], description="In euros; null if not known or not published."
    )
    def budget_spent(self, root: Parent[Realisation]) -> int | None:
        return root.budget_spent if _budgets_public(root) else None

    @strawberry_django.field(only=["status"])
    def status(self, root: Parent[Realisation]) -> RealisationStatusEnum:  # type: ignore[valid-type]
        return RealisationStatus(root.status)

    @strawberry_django.field(
        only=["proposal_id"], description="The id of the proposal it carries out."
    )
    def proposal_id(self, root: Parent[Realisation]) -> strawberry.ID:
        return strawberry.ID(str(root.proposal_id))

    @strawberry_django.field(
        only=["service__name"],
        select_related=["service"],
        description="The city's department in charge, if assigned.",
    )
    def service_name(self, root: Parent[Realisation]) -> str | None:
        return root.service.name if root.service is not None else None

    @strawberry_django.field(description="The address of the realisation's page.")
    def url(self, root: Parent[Realisation], info: Info) -> str:
        return absolute_url(info, root.get_absolute_url())


def _budgets_public(realisation: Realisation) -> bool:
    """As the realisation's page: its budgets are shown unless a follow-up step of its
    process says no (read with the rows: see `_with_budgets_hidden`)."""
    return not realisation.budgets_hidden  # type: ignore[attr-defined]


def _with_budgets_hidden(realisations: QuerySet[Realisation]) -> QuerySet[Realisation]:
    hidden = FollowupSettings.objects.filter(
        step__process=OuterRef("process"), budgets_public=False
    )
    return realisations.annotate(budgets_hidden=Exists(hidden))


def _realisations(
    process: str | None,
    status: RealisationStatusEnum | None,  # type: ignore[valid-type]
    theme: str | None,
    district: str | None,
) -> QuerySet[Realisation]:
    if process:
        found = public_process(process)
        if found is None:
            raise GraphQLError("No public process with this slug.")
        realisations = Realisation.objects.filter(process=found)
    else:
        realisations = Realisation.objects.filter(process__in=listed_processes())
    if status is not None:
        realisations = realisations.filter(status=status)
    if theme:
        realisations = realisations.filter(theme__slug=theme)
    if district:
        realisations = realisations.filter(district__slug=district)
    return _with_budgets_hidden(realisations).order_by("-process__starts_at", "title", "pk")


@strawberry.type
class RealisationQuery:
    @strawberry_django.offset_paginated(
        description=(
            "Realisations, as the realisations page lists them: those of every listed process, "
            "or of one process by its slug (unlisted included); filters by status, theme and "
            "district (slugs). Newest process first, then by title."
        )
    )
    def realisations(
        self,
        process: str | None = None,
        status: RealisationStatusEnum | None = None,  # type: ignore[valid-type]
        theme: str | None = None,
        district: str | None = None,
    ) -> Page[RealisationType]:
        return _realisations(process, status, theme, district)  # type: ignore[return-value]

    @strawberry_django.field(
        description="One realisation of a listed process, by id; null if there is none."
    )
    def realisation(self, id: strawberry.ID) -> RealisationType | None:
        try:
            pk = int(id)
        except ValueError:
            return Realisation.objects.none()  # type: ignore[return-value]
        return _with_budgets_hidden(  # type: ignore[return-value]
            Realisation.objects.filter(process__in=listed_processes(), pk=pk)
        )
