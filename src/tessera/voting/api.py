"""The public GraphQL types of a vote's results: what the results page shows, once published.

Everything comes from the `Results` row frozen at publication (its `figures`): the API never
counts ballots. Before publication the results are null, and the live counts some steps show
during the vote are left out (see docs/api.md).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

import strawberry
import strawberry_django
from django.urls import reverse
from graphql import GraphQLError
from strawberry import Parent
from strawberry.types import Info

from tessera.processes.api import StepType, absolute_url, public_process
from tessera.processes.models import Step
from tessera.voting.figures import ProposalFigures, ScopeFigures, figures_of
from tessera.voting.kinds import VOTE
from tessera.voting.models import Results


@strawberry.type(description="Ballots and voters of a vote, as the results page counts them.")
class Turnout:
    voters: int = strawberry.field(
        description="Distinct voters: an account counts once, a code or paper ballot once each."
    )
    ballots: int
    online: int = strawberry.field(description="Ballots cast with an account or a voting code.")
    paper: int = strawberry.field(
        description="Paper ballots: entered one by one and polling station totals."
    )


@strawberry.type(description="The ballots cast on one district's ballot.")
class DistrictTurnout:
    district_name: str
    ballots: int


@strawberry.type(description="One proposal's figures on one ballot.")
class ResultLine:
    proposal_id: strawberry.ID
    title: str
    cost: int = strawberry.field(description="In euros, as counted.")
    online: int = strawberry.field(
        description="Score from ballots cast with an account or a voting code."
    )
    paper: int = strawberry.field(description="Score from paper ballots and station totals.")
    score: int = strawberry.field(
        description="What the rule ranks by: votes, points or rank points."
    )
    winner: bool
    selection_order: int | None = strawberry.field(
        description="1 for the first proposal the rule selected; null if not selected."
    )

    @classmethod
    def of(cls, row: ProposalFigures) -> ResultLine:
        return cls(
            proposal_id=strawberry.ID(str(row["id"])),
            title=row["title"],
            cost=row["cost"],
            online=row["online"],
            paper=row["paper"],
            score=row["score"],
            winner=row["winner"],
            selection_order=row["order"],
        )


@strawberry.type(description="One ballot of the vote: the whole process, or one district's ballot.")
class ResultScope:
    district_name: str | None = strawberry.field(description="Null: the process-wide ballot.")
    district_slug: str | None
    budget: int = strawberry.field(description="The envelope, in euros.")
    total_cost: int = strawberry.field(description="What the winners cost together, in euros.")
    winners: list[ResultLine] = strawberry.field(description="In the order the rule chose them.")
    proposals: list[ResultLine] = strawberry.field(
        description="Every proposal on the ballot, by decreasing score (as on the page)."
    )
    pabulib_url: str = strawberry.field(
        description="The anonymised ballots of this ballot as a pabulib .pb file (open data)."
    )


def _scope(scope: ScopeFigures, pabulib_url: str) -> ResultScope:
    lines = [ResultLine.of(row) for row in scope.get("proposals", [])]
    winners = sorted((line for line in lines if line.winner), key=_selection_order)
    slug = scope.get("district_slug") or ""
    return ResultScope(
        district_name=scope.get("district_name") or None,
        district_slug=slug or None,
        budget=scope["budget"],
        total_cost=scope["total_cost"],
        winners=winners,
        proposals=lines,
        pabulib_url=f"{pabulib_url}?{urlencode({'scope': slug})}" if slug else pabulib_url,
    )


def _selection_order(line: ResultLine) -> int:
    return line.selection_order or 0


def _results_url(info: Info, results: Results, name: str) -> str:
    step = results.step
    path = reverse(f"voting:{name}", kwargs={"slug": step.process.slug, "step_id": step.pk})
    return absolute_url(info, path)


@strawberry_django.type(
    Results, name="VoteResults", description="The published results of a vote step."
)
class VoteResultsType:
    step: StepType
    published_at: datetime
    rule: str = strawberry_django.field(
        description=(
            "The counting rule: greedy, greedy-no-skip, equal-shares, equal-shares-plain or "
            "ranked (see docs/api.md)."
        )
    )
    threshold: int | None = strawberry_django.field(
        description="The minimum score a proposal needed to be funded, if any."
    )
    tie_break: str = strawberry_django.field(description="How ties were broken (English).")

    @strawberry_django.field(
        only=["winners"], description="Every winner's proposal id, in selection order."
    )
    def winners(self, root: Parent[Results]) -> list[strawberry.ID]:
        return [strawberry.ID(str(pk)) for pk in root.winners]

    @strawberry_django.field(only=["figures"])
    def turnout(self, root: Parent[Results]) -> Turnout:
        figures = figures_of(root)["turnout"]
        return Turnout(
            voters=figures["voters"],
            ballots=figures["ballots"],
            online=figures["online"],
            paper=figures["paper"],
        )

    @strawberry_django.field(
        only=["figures"], description="Ballots per district ballot (empty for a process vote)."
    )
    def district_turnout(self, root: Parent[Results]) -> list[DistrictTurnout]:
        return [
            DistrictTurnout(district_name=row["name"], ballots=row["ballots"])
            for row in figures_of(root)["districts"]
        ]

    @strawberry_django.field(
        only=["figures", "step_id"],
        select_related=["step__process"],
        description="Each ballot's figures: the process-wide one first, then per district.",
    )
    def scopes(self, root: Parent[Results], info: Info) -> list[ResultScope]:
        pabulib_url = _results_url(info, root, "results_pb")
        return [_scope(scope, pabulib_url) for scope in figures_of(root)["scopes"]]

    @strawberry_django.field(
        only=["step_id"],
        select_related=["step__process"],
        description="Every proposal's figures as CSV (semicolons, UTF-8).",
    )
    def csv_url(self, root: Parent[Results], info: Info) -> str:
        return _results_url(info, root, "results_csv")

    @strawberry_django.field(
        only=["step_id"], select_related=["step__process"], description="The same as XLSX."
    )
    def xlsx_url(self, root: Parent[Results], info: Info) -> str:
        return _results_url(info, root, "results_xlsx")


def public_vote_step(process_slug: str, step_id: strawberry.ID) -> Step | None:
    """The vote step of a process open to all (unlisted included: asked by its slug)."""
    process = public_process(process_slug)
    try:
        pk = int(step_id)
    except ValueError:
        return None
    if process is None:
        return None
    return Step.objects.filter(process=process, pk=pk, kind=VOTE.identifier).first()


@strawberry.type
class VoteResultsQuery:
    @strawberry_django.field(
        description=(
            "The published results of a vote step (a step of kind `vote`): null until they "
            "are published. An error if the process or the step is not public."
        )
    )
    def vote_results(self, process: str, step: strawberry.ID) -> VoteResultsType | None:
        vote_step = public_vote_step(process, step)
        if vote_step is None:
            raise GraphQLError("No public vote step with this id in this process.")
        return Results.objects.filter(step=vote_step)  # type: ignore[return-value]
