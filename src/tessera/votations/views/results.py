"""A votation's results after the close, and its ballots as open data for a recount."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import scope

from tessera.core.exports import csv_response
from tessera.processes.models import Step
from tessera.votations import counting
from tessera.votations.models import Majority, QuestionKind, VotationSettings
from tessera.votations.selectors import (
    eligible_population,
    judged,
    open_ballots,
    tallied,
    voters_count,
)
from tessera.votations.services import votation_close
from tessera.votations.views.common import grade_labels, settings_or_404, votation_step_for


def _closed_step(request: HttpRequest, slug: str, step_id: int) -> tuple[Step, VotationSettings]:
    step = votation_step_for(request, slug, step_id)
    settings = settings_or_404(step)
    if not request.user.has_perm("votations.view_results", step):
        raise PermissionDenied
    # Whatever still waits is counted, and every reference erased, before anyone reads.
    votation_close(step)
    return step, settings


def problem_sentence(code: str) -> str:
    return {
        counting.NO_VOTES: _("No vote was cast."),
        counting.TIE: _("Two answers are tied."),
        counting.NO_MAJORITY: _("No answer has more than half of the expressed votes."),
        counting.NO_QUORUM: _("Turnout is below the quorum."),
        counting.QUORUM_UNKNOWN: _(
            "The quorum cannot be checked: the eligible population is unknown."
        ),
    }[code]


def headline(outcome: counting.Outcome) -> str:
    """ "76 % of the 1,744 voters rejected the agreement" — here: chose the winning answer."""
    if outcome.winner is None:
        return ""
    return ngettext(
        "%(percent)s %% of the %(voters)s voter chose “%(answer)s”.",
        "%(percent)s %% of the %(voters)s voters chose “%(answer)s”.",
        outcome.votes,
    ) % {
        "percent": f"{outcome.winner.of_all:.0f}",
        "voters": f"{outcome.votes:,}".replace(",", "\u202f"),
        "answer": outcome.winner.label,
    }


def results(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    step, settings = _closed_step(request, slug, step_id)
    eligible = eligible_population(settings)
    context: dict[str, Any] = {
        "step": step,
        "process": step.process,
        "settings": settings,
        "voters": voters_count(step),
        "eligible": eligible,
    }
    if settings.kind == QuestionKind.JUDGMENT:
        context.update(ranking=judged(settings), grade_labels=grade_labels())
    else:
        rule = counting.Rule(
            absolute_majority=settings.majority == Majority.ABSOLUTE,
            quorum_percent=settings.quorum_percent,
        )
        outcome = counting.outcome(tallied(settings), rule, eligible)
        context.update(
            outcome=outcome,
            headline=headline(outcome),
            problems=[problem_sentence(code) for code in outcome.problems],
        )
    return render(request, "votations/results.html", context)


def ballots_csv(
    request: HttpRequest, slug: str, step_id: int
) -> HttpResponse | StreamingHttpResponse:
    """One row per counted ballot, in the random order of their ids: receipt, channel, the
    answer (or one grade column per answer). Paper votes are the stations' totals."""
    step, settings = _closed_step(request, slug, step_id)
    answers = list(settings.answers.all())
    judgment = settings.kind == QuestionKind.JUDGMENT
    organization = step.organization

    def rows() -> Iterator[list[Any]]:
        # Read after the view returned: the scope is opened again around the reading.
        with scope(organization=organization):
            yield ["receipt", "channel", *([a.label for a in answers] if judgment else ["answer"])]
            for receipt, channel, label, grades in open_ballots(step).iterator():
                if judgment:
                    yield [receipt, channel, *[grades.get(str(a.pk), "") for a in answers]]
                else:
                    yield [receipt, channel, label]

    return csv_response(f"{step.process.slug}-{step.pk}-ballots.csv", rows(), stream=True)
