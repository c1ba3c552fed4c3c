"""The public GraphQL types of proposals: what a collect step's list and a proposal page show.

Only proposals a visitor sees with their content: not withdrawn, not hidden by moderation,
in a collect step of a process open to all (an unlisted one by its slug). No e-mail, no
account id: the author is the name the proposal page shows (see docs/api.md).
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
import strawberry_django
from django.db.models import QuerySet
from graphql import GraphQLError
from strawberry import Parent
from strawberry.types import Info

from tessera.processes.api import (
    DistrictType,
    Page,
    StepType,
    ThemeType,
    absolute_url,
    public_process,
)
from tessera.processes.models import Step
from tessera.proposals.kinds import COLLECT
from tessera.proposals.models import Proposal, ProposalAttachment, ProposalImage
from tessera.proposals.selectors import (
    collect_settings_for,
    proposals_search,
    proposals_sorted,
    visible,
)
from tessera.proposals.statuses import LISTED, ProposalStatus

# As long as the list page's search box allows.
SEARCH_MAX_LENGTH = 200

ProposalStatusEnum = strawberry.enum(
    ProposalStatus,
    name="ProposalStatus",
    description="Where a proposal stands: published, analysed, voted on, carried out.",
)


@strawberry.enum(name="ProposalSort", description="The order of a list of proposals.")
class ProposalSort(Enum):
    RECENT = "recent"
    SUPPORTS = "supports"
    COMMENTS = "comments"


@strawberry_django.type(ProposalImage, name="ProposalImage")
class ProposalImageType:
    alt_text: str = strawberry_django.field(description="Empty when its author gave none.")

    @strawberry_django.field(only=["image"])
    def url(self, root: Parent[ProposalImage], info: Info) -> str:
        return absolute_url(info, root.image.url)


@strawberry_django.type(ProposalAttachment, name="ProposalAttachment", description="A PDF.")
class ProposalAttachmentType:
    title: str
    size: int = strawberry_django.field(description="In bytes.")

    @strawberry_django.field(only=["file"])
    def url(self, root: Parent[ProposalAttachment], info: Info) -> str:
        return absolute_url(info, root.file.url)


@strawberry_django.type(
    Proposal, name="Proposal", description="A proposal of a collect step, as its page shows it."
)
class ProposalType:
    id: strawberry.ID
    title: str
    description: str = strawberry_django.field(description="The Markdown its author wrote.")
    description_html: str = strawberry_django.field(
        description="The description rendered as sanitised HTML, as the page shows it."
    )
    theme: ThemeType | None = strawberry_django.field(
        description="Null when the collect step did not ask for a theme."
    )
    district: DistrictType | None = strawberry_django.field(description="Null: the whole city.")
    estimated_cost: int | None = strawberry_django.field(description="In euros.")
    address: str
    created_at: datetime
    on_behalf_of: str = strawberry_django.field(
        description="The association or collective it is proposed for, if any."
    )
    step: StepType = strawberry_django.field(description="Its collect step.")
    images: list[ProposalImageType]
    attachments: list[ProposalAttachmentType]

    @strawberry_django.field(only=["status"])
    def status(self, root: Parent[Proposal]) -> ProposalStatusEnum:  # type: ignore[valid-type]
        return ProposalStatus(root.status)

    @strawberry_django.field(
        # The step's organisation too: collect_settings_for builds the defaults with it.
        only=[
            "contribution__positive_count",
            "step__organization",
            "step__collect_settings__supports_enabled",
        ],
        select_related=["contribution", "step__collect_settings"],
        description="Null when the step does not take supports (the page shows none).",
    )
    def supports_count(self, root: Parent[Proposal]) -> int | None:
        if not collect_settings_for(root.step).supports_enabled:
            return None
        return root.supports_count

    @strawberry_django.field(
        only=["contribution__answer__text"],
        select_related=["contribution__answer"],
        description="The city's answer, plain text (empty: none yet).",
    )
    def official_answer(self, root: Parent[Proposal]) -> str:
        return root.official_answer

    @strawberry_django.field(only=["contribution__comments_count"], select_related=["contribution"])
    def comments_count(self, root: Parent[Proposal]) -> int:
        return root.comments_count

    @strawberry_django.field(
        only=["author__display_name", "author__deleted_at"],
        select_related=["author"],
        description="The author's public name, as the page shows it; null for a deleted account.",
    )
    def author_name(self, root: Parent[Proposal]) -> str | None:
        author = root.author
        if author is None or author.deleted_at is not None:
            return None
        return author.display_name or None

    @strawberry_django.field(
        only=["step_id"],
        select_related=["step__process"],
        description="The address of the proposal's page.",
    )
    def url(self, root: Parent[Proposal], info: Info) -> str:
        return absolute_url(info, root.get_absolute_url())


def _id(value: strawberry.ID) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def public_collect_step(process_slug: str, step_id: strawberry.ID) -> Step | None:
    """The collect step of a process open to all (unlisted included: asked by its slug)."""
    process = public_process(process_slug)
    pk = _id(step_id)
    if process is None or pk is None:
        return None
    return Step.objects.filter(process=process, pk=pk, kind=COLLECT.identifier).first()


def public_proposals(step: Step) -> QuerySet[Proposal]:
    """What the API lists of a collect step: neither withdrawn nor hidden by moderation."""
    return visible(Proposal.objects.filter(step=step, status__in=LISTED))


@strawberry.type
class ProposalQuery:
    @strawberry_django.offset_paginated(
        description=(
            "The proposals of a collect step (a step of kind `collect`), neither withdrawn nor "
            "hidden by moderation; filters as on the list page (theme and district by slug); "
            "`search` looks in titles and descriptions. An error if the process or the step "
            "is not public."
        )
    )
    def proposals(
        self,
        process: str,
        step: strawberry.ID,
        theme: str | None = None,
        district: str | None = None,
        status: ProposalStatusEnum | None = None,  # type: ignore[valid-type]
        search: str | None = None,
        sort: ProposalSort = ProposalSort.RECENT,
    ) -> Page[ProposalType]:
        collect_step = public_collect_step(process, step)
        if collect_step is None:
            raise GraphQLError("No public collect step with this id in this process.")
        if search is not None and len(search) > SEARCH_MAX_LENGTH:
            raise GraphQLError(f"The search is {SEARCH_MAX_LENGTH} characters at most.")
        proposals = public_proposals(collect_step)
        if theme:
            proposals = proposals.filter(theme__slug=theme)
        if district:
            proposals = proposals.filter(district__slug=district)
        if status is not None:
            proposals = proposals.filter(status=status)
        proposals = proposals_search(proposals, search or "")
        return proposals_sorted(proposals, sort.value, seed=0)  # type: ignore[return-value]

    @strawberry_django.field(
        description="One proposal of a public process, by id; null if it is not public."
    )
    def proposal(self, process: str, id: strawberry.ID) -> ProposalType | None:
        found = public_process(process)
        pk = _id(id)
        if found is None or pk is None:
            return Proposal.objects.none()  # type: ignore[return-value]
        return visible(  # type: ignore[return-value]
            Proposal.objects.filter(
                step__process=found, step__kind=COLLECT.identifier, pk=pk, status__in=LISTED
            )
        )
