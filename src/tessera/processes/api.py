"""The public GraphQL types of processes: a process, its steps, themes and districts.

Read-only and anonymous: the API shows what a visitor who is not logged in sees on the public
pages (see docs/api.md). The api app assembles `ProcessQuery` with the other apps' queries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self, TypeVar

import strawberry
import strawberry_django
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from graphql import GraphQLError
from strawberry import Parent
from strawberry.types import Info
from strawberry_django.pagination import OffsetPaginated, OffsetPaginationInput
from strawberry_django.settings import strawberry_django_settings

from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.processes.selectors import processes_listed_for, processes_visible_to, with_status
from tessera.processes.timeline import Phase, ProcessStatus

ProcessStatusEnum = strawberry.enum(
    ProcessStatus,
    name="ProcessStatus",
    description="Open from its first step's start to its last step's end.",
)
PhaseEnum = strawberry.enum(
    Phase, name="StepPhase", description="Where a step stands today on the timeline."
)


NodeType = TypeVar("NodeType")


@strawberry.type(
    description=(
        "One page of a list: `pagination: {offset, limit}` chooses it (limit 1 to 100, "
        "20 by default); `totalCount` counts the whole filtered list."
    ),
)
class Page(OffsetPaginated[NodeType]):
    """strawberry-django's offset pagination, refusing a page size over the maximum (the
    library would silently cut it): a client learns the limit instead of missing rows."""

    @classmethod
    def resolve_paginated(
        cls,
        queryset: QuerySet[Any],
        *,
        info: Info,
        pagination: OffsetPaginationInput | None = None,
        **kwargs: Any,
    ) -> Self:
        # STRAWBERRY_DJANGO in the settings: 20 rows by default, 100 at most.
        sizes = strawberry_django_settings()
        largest = sizes["PAGINATION_MAX_LIMIT"]
        pagination = pagination or OffsetPaginationInput()
        limit = pagination.limit
        if limit is strawberry.UNSET or limit is None:
            limit = sizes["PAGINATION_DEFAULT_LIMIT"]
            pagination = OffsetPaginationInput(offset=pagination.offset, limit=limit)
        elif largest is not None and not 1 <= limit <= largest:
            raise GraphQLError(f"The page size (limit) must be between 1 and {largest}.")
        if pagination.offset < 0:
            raise GraphQLError("The offset cannot be negative.")
        return super().resolve_paginated(queryset, info=info, pagination=pagination, **kwargs)


def absolute_url(info: Info, path: str) -> str:
    """An address on the organisation's own site (the host the request came to)."""
    return info.context.request.build_absolute_uri(path)


def public_processes() -> QuerySet[Process]:
    """Processes anyone may open: published and not restricted (unlisted ones included: they
    are reached by their slug only)."""
    return processes_visible_to(AnonymousUser())


def listed_processes() -> QuerySet[Process]:
    """Processes shown on the public lists: published, public (neither unlisted nor
    restricted)."""
    return processes_listed_for(AnonymousUser())


def public_process(slug: str) -> Process | None:
    return public_processes().filter(slug=slug).first()


@strawberry_django.type(Theme, name="Theme", description="A category of processes and proposals.")
class ThemeType:
    slug: str
    name: str


@strawberry_django.type(
    District, name="District", description="A geographic zone of the organisation."
)
class DistrictType:
    slug: str
    name: str


@strawberry_django.type(
    Step,
    name="Step",
    description=(
        "A dated phase of a process. Its kind says what happens in it: `collect` (proposals: "
        "query `proposals`), `vote` (query `voteResults`), `followup` (query `realisations`), "
        "`presentation`, `analysis`…"
    ),
)
class StepType:
    id: strawberry.ID
    kind: str
    title: str
    description_html: str = strawberry_django.field(
        description="The description as sanitised HTML, as the page shows it."
    )
    starts_at: datetime
    ends_at: datetime = strawberry_django.field(description="The step is over at this instant.")
    process: ProcessType

    @strawberry_django.field(only=["starts_at", "ends_at"])
    def phase(self, root: Parent[Step]) -> PhaseEnum:  # type: ignore[valid-type]
        return root.phase(timezone.now())

    @strawberry_django.field(
        only=["process_id"],
        select_related=["process"],
        description="The address of the step's public page.",
    )
    def url(self, root: Parent[Step], info: Info) -> str:
        return absolute_url(info, root.get_absolute_url())


@strawberry_django.type(Process, name="Process", description="A participatory process.")
class ProcessType:
    slug: str
    title: str
    summary: str
    description_html: str = strawberry_django.field(
        description="The description as sanitised HTML, as the page shows it."
    )
    cover_alt: str = strawberry_django.field(description="The cover image's text alternative.")
    starts_at: datetime | None = strawberry_django.field(description="Its first step's start.")
    ends_at: datetime | None = strawberry_django.field(description="Its last step's end.")
    themes: list[ThemeType]
    districts: list[DistrictType]
    steps: list[StepType] = strawberry_django.field(description="The timeline, in date order.")

    @strawberry_django.field(only=["starts_at", "ends_at"])
    def status(self, root: Parent[Process]) -> ProcessStatusEnum:  # type: ignore[valid-type]
        return root.status(timezone.now())

    @strawberry_django.field(
        only=["visibility"], description="False for an unlisted process (reached by its slug)."
    )
    def listed(self, root: Parent[Process]) -> bool:
        return root.visibility == "public"

    @strawberry_django.field(only=["cover"], description="The cover image's address, if any.")
    def cover_url(self, root: Parent[Process], info: Info) -> str | None:
        return absolute_url(info, root.cover.url) if root.cover else None

    @strawberry_django.field(only=["slug"], description="The address of the process's page.")
    def url(self, root: Parent[Process], info: Info) -> str:
        return absolute_url(info, root.get_absolute_url())


def _processes(
    status: ProcessStatusEnum | None = None,  # type: ignore[valid-type]
    theme: str | None = None,
    district: str | None = None,
) -> QuerySet[Process]:
    processes = listed_processes()
    if status is not None:
        processes = with_status(processes, status, timezone.now())
    if theme:
        processes = processes.filter(themes__slug=theme)
    if district:
        processes = processes.filter(districts__slug=district)
    # A process has a theme or a district once: the filters add no duplicate row.
    return processes.order_by("-starts_at", "-created_at", "pk")


@strawberry.type
class ProcessQuery:
    @strawberry_django.offset_paginated(
        description=(
            "The processes on the public list (published, neither unlisted nor restricted), "
            "newest first, filtered as the list page filters them (theme and district by slug)."
        )
    )
    def processes(
        self,
        status: ProcessStatusEnum | None = None,  # type: ignore[valid-type]
        theme: str | None = None,
        district: str | None = None,
    ) -> Page[ProcessType]:
        return _processes(status, theme, district)  # type: ignore[return-value]

    @strawberry_django.field(
        description="One process by its slug: public or unlisted; null if there is none."
    )
    def process(self, slug: str) -> ProcessType | None:
        return public_processes().filter(slug=slug)  # type: ignore[return-value]

    @strawberry_django.field(description="The organisation's themes.")
    def themes(self) -> list[ThemeType]:
        return Theme.objects.all()  # type: ignore[return-value]

    @strawberry_django.field(description="The organisation's districts.")
    def districts(self) -> list[DistrictType]:
        return District.objects.all()  # type: ignore[return-value]


__all__ = [
    "DistrictType",
    "Page",
    "ProcessQuery",
    "ProcessType",
    "StepType",
    "ThemeType",
    "absolute_url",
    "listed_processes",
    "public_process",
    "public_processes",
]
