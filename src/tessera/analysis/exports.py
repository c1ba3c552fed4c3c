"""Exports of proposals with their analysis, for staff: CSV and XLSX, both streamed.

Rows are read with `iterator(chunk_size=…)` (assignments prefetched per chunk), so memory stays
flat whatever the number of proposals: the CSV is sent while it is read; the XLSX is written by
openpyxl's write-only workbook (rows go to a temporary file) and then sent from that file, both
by core.exports (which also keeps any cell a spreadsheet would run as a formula as text).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.analysis.models import Assignment, Eligibility, Outcome
from tessera.proposals.models import Proposal
from tessera.proposals.statuses import ProposalStatus

CHUNK_SIZE = 500

Cell = str | int | None


def header() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Status"),
        _("Author"),
        _("Author's e-mail"),
        _("On behalf of"),
        _("Theme"),
        _("District"),
        _("Cost estimated by the author (€)"),
        _("Supports"),
        _("Submitted on"),
        _("Services"),
        _("Analysts"),
        _("Due dates"),
        _("Eligibility by the services"),
        _("Reasons for ineligibility"),
        _("Cost estimated by the services (€)"),
        _("Feasibility notes"),
        _("Recommendations"),
        _("Analyses submitted on"),
        _("Decision"),
        _("Public answer"),
    ]


def _per_service(assignments: list[Assignment], value: Any) -> str:
    """One line per assigned service: "Voirie: …" (empty lines left out)."""
    lines = []
    for assignment in assignments:
        text = value(assignment)
        if text not in (None, ""):
            lines.append(f"{assignment.service.name} : {text}")
    return "\n".join(lines)


def _analysis(assignment: Assignment) -> Any:
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(assignment, "analysis", None)


def _date(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def labels() -> dict[str, str]:
    """Every choice label of the export, translated once (not once per cell)."""
    names = {
        str(value): str(label)
        for choices in (ProposalStatus.choices, Eligibility.choices, Outcome.choices)
        for value, label in choices
    }
    names.update({"whole_city": _("The whole city"), "not_started": _("not started")})
    return names


def proposal_row(proposal: Proposal, labels: dict[str, str]) -> list[Cell]:
    assignments = list(proposal.assignments.all())

    def of_analysis(attribute: str) -> Any:
        def read(assignment: Assignment) -> Any:
            analysis = _analysis(assignment)
            return getattr(analysis, attribute) if analysis is not None else None

        return read

    def eligibility(assignment: Assignment) -> str:
        analysis = _analysis(assignment)
        return labels[analysis.eligibility] if analysis else not_started

    def reason(assignment: Assignment) -> str:
        analysis = _analysis(assignment)
        if analysis is None:
            return ""
        label = analysis.ineligibility_reason.label if analysis.ineligibility_reason else ""
        return " — ".join(part for part in (label, analysis.ineligibility_details) if part)

    decision = getattr(proposal, "decision", None)
    author = proposal.author
    not_started = labels["not_started"]
    return [
        proposal.pk,
        proposal.title,
        labels[proposal.status],
        author.display_name if author else "",
        author.email if author else "",
        proposal.on_behalf_of,
        proposal.theme.name if proposal.theme else "",
        proposal.district.name if proposal.district else labels["whole_city"],
        proposal.estimated_cost,
        proposal.supports_count,
        _date(proposal.created_at),
        "\n".join(a.service.name for a in assignments),
        _per_service(assignments, lambda a: a.analyst.display_name if a.analyst else ""),
        _per_service(assignments, lambda a: a.due_date.isoformat() if a.due_date else ""),
        _per_service(assignments, eligibility),
        _per_service(assignments, reason),
        _per_service(assignments, of_analysis("estimated_cost")),
        _per_service(assignments, of_analysis("feasibility_notes")),
        _per_service(assignments, of_analysis("recommendation")),
        _per_service(assignments, lambda a: _date(of_analysis("submitted_at")(a))),
        labels[decision.outcome] if decision else "",
        decision.public_answer if decision else "",
    ]


def export_queryset(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Only the relations a row reads (fewer objects built per row than the table's)."""
    assignments = Assignment.objects.select_related(
        "service", "analyst", "analysis__ineligibility_reason"
    ).order_by("service__name", "pk")
    return (
        proposals.select_related("contribution", "theme", "district", "author", "decision")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by("-created_at", "-pk")
    )


def rows(proposals: QuerySet[Proposal]) -> Iterator[list[Cell]]:
    """The export's rows, read chunk by chunk."""
    names = labels()
    for proposal in export_queryset(proposals).iterator(chunk_size=CHUNK_SIZE):
        yield proposal_row(proposal, names)
