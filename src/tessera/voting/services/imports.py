"""Importing a pabulib file's ballots into a vote step (demos, tests, research): into the
ballot scope the file or the caller names, each row checked against the step's rules unless
asked not to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import ballot_rules as vote_rules
from tessera.voting import tally
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    Participation,
)
from tessera.voting.selectors import (
    ON_BALLOT_STATUSES,
    ballot_proposals,
    ballot_rules_for,
    ballot_scopes,
    results_for_step,
    vote_settings_for,
)


@dataclass
class ImportReport:
    """What `pabulib_import` did: ballots created, and those the step's rules refused (by the
    code of their first error: "count", "budget", "unknown"…)."""

    imported: int = 0
    refused: int = 0
    reasons: Counter[str] = field(default_factory=Counter)


# Which files fit which ballot kind: ranks and points cannot be made up.
IMPORTABLE_VOTE_TYPES = {
    vote_rules.APPROVAL: ("approval", "choose-1", "ordinal"),
    vote_rules.BUDGET: ("approval", "choose-1", "ordinal"),
    vote_rules.RANKED: ("ordinal",),
    vote_rules.POINTS: ("cumulative", "scoring"),
}


def imported_choices(
    kind: str, ballot: tally.Ballot, mapping: dict[str, int]
) -> list[vote_rules.Choice]:
    """A file's ballot as the step's choices: ranks for a ranked step (the file's order),
    points for a points step, plain approvals otherwise (an ordinal file's order dropped)."""
    if kind == vote_rules.RANKED:
        return [
            vote_rules.Choice(mapping[pid], index + 1) for index, pid in enumerate(ballot.choices)
        ]
    if kind == vote_rules.POINTS:
        return [
            vote_rules.Choice(mapping[pid], None, points)
            for pid, points in zip(ballot.choices, ballot.points, strict=True)
        ]
    return [vote_rules.Choice(mapping[pid]) for pid in ballot.choices]


def pabulib_import_scope(
    step: Step, wanted: str, meta: Sequence[tuple[str, str]]
) -> District | None:
    """The ballot of the step a file goes into: `wanted` (a district's id or slug), else the
    district the file's META `district` (or `subunit`) names, else the process-wide ballot.
    Refused when the step has no such ballot (a district-only step needs a district)."""
    scopes = ballot_scopes(step)
    districts = [d for d in scopes if d is not None]
    names = ", ".join(d.slug for d in districts) or "-"
    if wanted:
        found = next((d for d in districts if wanted in (str(d.pk), d.slug)), None)
        if found is None:
            raise ValidationError(
                _("This step has no ballot for %(district)s (its districts: %(names)s).")
                % {"district": wanted, "names": names},
                code="district",
            )
        return found
    named = {value.strip().casefold() for key, value in meta if key in ("district", "subunit")}
    found = next(
        (d for d in districts if d.name.casefold() in named or d.slug.casefold() in named), None
    )
    if found is not None:
        return found
    if None in scopes:
        return None
    raise ValidationError(
        _("This step votes per district only: choose the district (its districts: %(names)s).")
        % {"names": names},
        code="district",
    )


def pabulib_import(
    *,
    pabulib_file: tally.PabulibFile,
    step: Step,
    district: District | None = None,
    validate: bool = True,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Load a .pb file's ballots into one ballot of a vote step (demo, tests, research).

    Its projects must be the ballot's proposals, named by id, or are matched in order to the
    proposals on the ballot. Each ballot is checked with the step's rules (`validate_ballot`)
    and refused if it breaks one, unless `validate` is off (a research file loaded as it
    is). Ballots are created anonymous, marked online, each with an anonymous participation
    for the turnout; a file's `weight` (older exports) makes that many ballots. `progress`
    hears a line per 2,000 ballots written."""
    settings = vote_settings_for(step)
    if results_for_step(step) is not None:
        raise ValidationError(_("The results are published."), code="published")
    if district not in ballot_scopes(step):
        raise ValidationError(_("This district does not vote here."), code="district")
    vote_type = pabulib_file.instance.vote_type
    if vote_type not in IMPORTABLE_VOTE_TYPES[settings.kind]:
        raise ValidationError(
            _("A %(vote_type)s file does not fit this step's ballots.") % {"vote_type": vote_type},
            code="vote_type",
        )
    mapping = _project_mapping(pabulib_file, step, district)
    rules = ballot_rules_for(step, district)
    report = ImportReport()
    accepted: list[list[vote_rules.Choice]] = []
    for ballot in pabulib_file.instance.ballots:
        choices = imported_choices(settings.kind, ballot, mapping)
        errors = vote_rules.validate_ballot(rules, choices) if validate else []
        if errors:
            report.refused += ballot.weight
            report.reasons[errors[0].code] += ballot.weight
        else:
            accepted += [choices] * ballot.weight
    with transaction.atomic():
        for start in range(0, len(accepted), 2000):
            report.imported += _ballots_create(step, district, accepted[start : start + 2000])
            if progress is not None:
                progress(f"{report.imported} of {len(accepted)} ballots written")
    return report


def _project_mapping(
    pabulib_file: tally.PabulibFile, step: Step, district: District | None
) -> dict[str, int]:
    proposals = list(
        ballot_proposals(step, district, statuses=ON_BALLOT_STATUSES).order_by("created_at", "pk")
    )
    ids = {str(p.pk) for p in proposals}
    projects = pabulib_file.instance.projects
    if all(project.id in ids for project in projects):
        return {project.id: int(project.id) for project in projects}
    if len(projects) <= len(proposals):
        return {project.id: proposals[i].pk for i, project in enumerate(projects)}
    raise ValidationError(_("The file has more projects than the step has proposals."))


def _ballots_create(
    step: Step, district: District | None, chunk: list[list[vote_rules.Choice]]
) -> int:
    now = timezone.now()
    Participation.objects.bulk_create(
        Participation(
            organization_id=step.organization_id, step=step, district=district, voted_at=now
        )
        for _choices in chunk
    )
    ballots = Ballot.objects.bulk_create(
        Ballot(organization_id=step.organization_id, step=step, district=district)
        for _choices in chunk
    )
    BallotChoice.objects.bulk_create(
        BallotChoice(
            organization_id=step.organization_id,
            ballot=ballot,
            proposal_id=choice.proposal_id,
            rank=choice.rank,
            points=choice.points,
        )
        for ballot, choices in zip(ballots, chunk, strict=True)
        for choice in choices
    )
    return len(ballots)
