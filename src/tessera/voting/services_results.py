"""Counting a closed vote step and publishing its results; the open-data file.

Paper totals per polling station enter the count as weighted single-choice ballots: a station
reporting 40 votes for a proposal adds one ballot of weight 40 naming only that proposal (for
points ballots: one ballot giving it those points). The greedy rules then add exactly the
station's votes to each score. The Method of Equal Shares sees those paper voters as
supporting one proposal each, because totals do not say which proposals one person chose
together; enter paper ballots one by one where that matters. Ranked steps take paper ballots
one by one only.

Per proposal, the results split the score by channel: "online" is what the ballots cast with
an account or a voting code gave it, "paper" what the paper ballots entered one by one and the
station totals gave it, both in the rule's unit (votes, points or rank points), so that online
plus paper is the score.

The open-data file (pabulib, one per ballot scope) holds the ballots themselves only: station
totals are not ballots, so they are left out of it, said so in its META `comment`, and
published apart (the stations' CSV). It is written once, at publication, to the storage under
the organisation's prefix; downloads read that file and never count the ballots again.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tessera.accounts.models import User
from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.processes.timeline import Phase
from tessera.proposals.models import Proposal
from tessera.proposals.services import proposal_status_change
from tessera.proposals.statuses import ProposalStatus
from tessera.voting import rules as vote_rules
from tessera.voting import tally
from tessera.voting.mixing import mix_remaining
from tessera.voting.models import (
    Ballot,
    BallotChoice,
    Channel,
    PaperTotal,
    Participation,
    PollingStation,
    Results,
)
from tessera.voting.selectors import (
    ON_BALLOT_STATUSES,
    ballot_districts,
    ballot_proposals,
    ballot_scopes,
    envelope_for,
    turnout,
    turnout_by_home_district,
    vote_settings_for,
)
from tessera.voting.signals import results_published
from tessera.voting.tally.pabulib import PABULIB_RULES
from tessera.voting.tally.scores import rank_length

logger = logging.getLogger(__name__)

def print_nothing(line: str) -> None:
    """The default progress: nobody listens."""


VOTE_TYPES = {
    vote_rules.APPROVAL: "approval",
    vote_rules.BUDGET: "approval",
    vote_rules.RANKED: "ordinal",
    vote_rules.POINTS: "cumulative",
}


@dataclass(frozen=True)
class ScopeCount:
    """What one ballot (process or district) adds up to, with its tally instance.

    The instance's first `individual` ballots are the ballots themselves (online, code and
    paper ones entered one by one); the station totals follow as weighted ballots."""

    district: District | None
    instance: tally.Instance
    proposals: dict[str, Proposal]
    online: dict[str, int]
    paper: dict[str, int]
    individual: int = 0
    station_ballots: int = 0  # paper ballots counted as station totals (not in the file)
    empty_ballots: int = 0  # ballots naming no proposal of this scope (counted nowhere)

    @property
    def ballots_instance(self) -> tally.Instance:
        """The instance of the individual ballots only: the open-data file's VOTES."""
        instance = self.instance
        return tally.Instance(
            budget=instance.budget,
            projects=instance.projects,
            ballots=instance.ballots[: self.individual],
            vote_type=instance.vote_type,
            max_choices=instance.max_choices,
        )


def score_by_proposal(
    ballots: Iterable[tally.Ballot], vote_type: str, ranks: int
) -> dict[str, int]:
    """What these ballots give each proposal, in the tally's unit (`tally.scores`): one per
    approval, the points of a points ballot, k - i for the i-th choice (0-based) of a ranked
    ballot of k ranks; times the ballot's weight."""
    totals: dict[str, int] = defaultdict(int)
    for ballot in ballots:
        for index, proposal_id in enumerate(ballot.choices):
            if ballot.points:
                value = ballot.points[index]
            elif vote_type == "ordinal":
                value = ranks - index
            else:
                value = 1
            totals[proposal_id] += value * ballot.weight
    return dict(totals)


def step_instance(step: Step, district: District | None) -> ScopeCount:
    """The tally instance of one scope: its proposals in submission order, its ballots
    (anonymous: numbered in the order of their random ids, which is not the order they were
    cast, no account id) and the paper totals as weighted ballots."""
    settings = vote_settings_for(step)
    proposals = list(
        ballot_proposals(step, district, statuses=ON_BALLOT_STATUSES).order_by("created_at", "pk")
    )
    by_id = {str(p.pk): p for p in proposals}
    uses_points = settings.kind == vote_rules.POINTS
    rows = (
        BallotChoice.objects.filter(ballot__step=step, ballot__district=district)
        .order_by("ballot_id", "rank", "proposal_id")
        .values_list("ballot_id", "ballot__channel", "proposal_id", "points")
    )
    grouped: dict[int, list[tuple[str, int]]] = defaultdict(list)
    on_paper: set[int] = set()
    for ballot_id, channel, proposal_id, points in rows.iterator(chunk_size=20_000):
        if str(proposal_id) in by_id:
            grouped[ballot_id].append((str(proposal_id), points or 0))
            if channel == Channel.PAPER:
                on_paper.add(ballot_id)
    ballots = [
        tally.Ballot(
            choices=tuple(pid for pid, _p in lines),
            points=tuple(p for _pid, p in lines) if uses_points else (),
            voter_id=str(index + 1),
        )
        for index, lines in enumerate(grouped.values())
    ]
    paper_ballots = [
        b for b, ballot_id in zip(ballots, grouped, strict=True) if ballot_id in on_paper
    ]
    online_ballots = [
        b for b, ballot_id in zip(ballots, grouped, strict=True) if ballot_id not in on_paper
    ]
    individual = len(ballots)
    stations: list[tally.Ballot] = []
    totals = PaperTotal.objects.filter(station__step=step, station__district=district)
    for proposal_id, votes in totals.values_list("proposal_id", "votes"):
        pid = str(proposal_id)
        if pid not in by_id or votes <= 0:
            continue
        voter_id = f"p{individual + len(stations) + 1}"
        if uses_points:
            stations.append(tally.Ballot(choices=(pid,), points=(votes,), voter_id=voter_id))
        else:
            stations.append(tally.Ballot(choices=(pid,), weight=votes, voter_id=voter_id))
    budget = envelope_for(step, district)
    if budget is None:
        budget = sum(p.estimated_cost or 0 for p in proposals)
    instance = tally.Instance(
        budget=budget,
        projects=tuple(tally.Project(str(p.pk), p.estimated_cost or 0, p.title) for p in proposals),
        ballots=(*ballots, *stations),
        vote_type=VOTE_TYPES[settings.kind],  # type: ignore[arg-type]
        max_choices=settings.max_choices if settings.kind == vote_rules.RANKED else None,
    )
    ranks = rank_length(instance) if instance.vote_type == "ordinal" else 0
    station_ballots = PollingStation.objects.filter(step=step, district=district).values_list(
        "ballots_count", flat=True
    )
    all_ballots = Ballot.objects.filter(step=step, district=district).count()
    return ScopeCount(
        district,
        instance,
        by_id,
        online=score_by_proposal(online_ballots, instance.vote_type, ranks),
        paper=score_by_proposal([*paper_ballots, *stations], instance.vote_type, ranks),
        individual=individual,
        station_ballots=sum(station_ballots),
        empty_ballots=all_ballots - individual,
    )


def results_preview(step: Step) -> list[dict[str, Any]]:
    """What publishing would show, scope by scope (the figures of `_scope_figures`), counted
    from the ballots counted so far and written nowhere: for staff to check before they
    publish."""
    settings = vote_settings_for(step)
    previews = []
    for district in ballot_scopes(step):
        count = step_instance(step, district)
        outcome = tally.tally(count.instance, settings.tally_rule, settings.tally_threshold)
        previews.append(_scope_figures(count, outcome))
    return previews


def results_publish(
    *, step: Step, published_by: User | None, progress: Callable[[str], None] = print_nothing
) -> Results:
    """Count every ballot of a closed vote step with its rule, make the winners "winner" and
    the others "not selected", freeze the figures the results page shows and write the
    open-data file of each scope (removed again if the publication fails). `progress` hears
    a line per step of the work (the background task shows them to staff)."""
    if step.kind != vote_rules.VOTE or step.phase() is not Phase.PAST:
        raise ValidationError(_("Results are published once the vote is closed."), code="open")
    settings = vote_settings_for(step)
    rule = settings.tally_rule
    written: list[str] = []
    try:
        with transaction.atomic():
            Step.objects.select_for_update().filter(pk=step.pk).values_list("pk").first()
            if Results.objects.filter(step=step).exists():
                raise ValidationError(_("The results are already published."), code="published")
            # What still waits sealed is counted too, and the drafts go (the vote is closed).
            mixed = mix_remaining(step)
            progress(_("%(count)d ballot(s) still waiting were counted in.") % {"count": mixed})
            scopes = []
            winners: list[int] = []
            all_scopes = ballot_scopes(step)
            for index, district in enumerate(all_scopes, start=1):
                count = step_instance(step, district)
                outcome = tally.tally(count.instance, rule, settings.tally_threshold)
                winners += [int(pid) for pid in outcome.selected]
                figures = _scope_figures(count, outcome)
                figures["open_data"] = _open_data_store(step, count, set(outcome.selected))
                written.append(figures["open_data"]["name"])
                scopes.append(figures)
                progress(
                    _(
                        "Counted %(scope)s (%(index)d of %(total)d): %(ballots)d ballots, "
                        "open-data file written."
                    )
                    % {
                        "scope": district.name if district else _("the whole process"),
                        "index": index,
                        "total": len(all_scopes),
                        "ballots": count.individual,
                    }
                )
            results = Results.objects.create(
                organization_id=step.organization_id,
                step=step,
                published_at=timezone.now(),
                published_by=published_by,
                rule=rule,
                threshold=settings.tally_threshold,
                tie_break=tally.TIE_BREAK_DESCRIPTION[rule],
                winners=winners,
                figures={
                    "scopes": scopes,
                    "turnout": turnout(step),
                    "districts": _district_turnout(step),
                    "home_districts": turnout_by_home_district(step),
                    "stations": _station_totals(step),
                },
            )
            _statuses_set(step, set(winners), published_by)
            # Nothing can change any more: the last link from a voter to their ballot goes.
            Ballot.objects.filter(step=step, reference__isnull=False).update(reference=None)
            transaction.on_commit(
                lambda: results_published.send(sender=Results, results=results, step=step)
            )
    except BaseException:
        for name in written:  # a file of results that were never published
            default_storage.delete(name)
        raise
    step._vote_results_cache = results  # type: ignore[attr-defined]
    logger.info(
        "voting: results published", extra={"event": "results_published", "step_id": step.pk}
    )
    return results


def _scope_figures(count: ScopeCount, outcome: tally.Outcome) -> dict[str, Any]:
    scores = tally.scores(count.instance)
    selected = list(outcome.selected)
    rows: list[dict[str, Any]] = [
        {
            "id": int(pid),
            "title": proposal.title,
            "step": proposal.step_id,
            "cost": proposal.estimated_cost or 0,
            "online": count.online.get(pid, 0),
            "paper": count.paper.get(pid, 0),
            "score": scores.get(pid, 0),
            "winner": pid in selected,
            "order": selected.index(pid) + 1 if pid in selected else None,
        }
        for pid, proposal in count.proposals.items()
    ]
    rows.sort(key=lambda row: (-row["score"], row["cost"], row["id"]))
    return {
        "district": count.district.pk if count.district else None,
        "district_name": count.district.name if count.district else "",
        "district_slug": count.district.slug if count.district else "",
        "budget": int(count.instance.budget),
        "total_cost": outcome.total_cost,
        "selected": [int(pid) for pid in selected],
        "proposals": rows,
    }


def _district_turnout(step: Step) -> list[dict[str, Any]]:
    rows = (
        Participation.objects.filter(step=step, district__isnull=False)
        .values("district_id", "district__name")
        .annotate(ballots=Count("pk"))
        .order_by("district__name")
    )
    return [
        {"district": row["district_id"], "name": row["district__name"], "ballots": row["ballots"]}
        for row in rows
    ]


def _station_totals(step: Step) -> list[dict[str, Any]]:
    """Each polling station with its number of paper ballots and its votes per proposal."""
    stations = list(
        PollingStation.objects.filter(step=step)
        .select_related("district")
        .order_by("district__position", "district__name", "name", "pk")
    )
    totals: dict[int, list[list[Any]]] = defaultdict(list)
    rows = (
        PaperTotal.objects.filter(station__step=step, votes__gt=0)
        .order_by("proposal__created_at", "proposal_id")
        .values_list("station_id", "proposal_id", "proposal__title", "votes")
    )
    for station_id, proposal_id, title, votes in rows:
        totals[station_id].append([proposal_id, title, votes])
    return [
        {
            "name": station.name,
            "district": station.district_id,
            "district_name": station.district.name if station.district else "",
            "ballots": station.ballots_count,
            "totals": totals[station.pk],
        }
        for station in stations
    ]


def _statuses_set(step: Step, winners: set[int], changed_by: User | None) -> None:
    """Winners and the others change status through the proposals' one service, which tells
    each proposal's author and followers whether it was selected."""
    for district in ballot_scopes(step):
        for proposal in ballot_proposals(step, district):
            to_status = (
                ProposalStatus.WINNER if proposal.pk in winners else ProposalStatus.NOT_SELECTED
            )
            proposal_status_change(proposal=proposal, to_status=to_status, changed_by=changed_by)


def open_data_meta(step: Step, count: ScopeCount) -> tuple[tuple[str, str], ...]:
    """META of a scope's .pb file: standard pabulib keys only, and a `comment` saying what the
    file leaves out (station totals, empty ballots) and how a ranked vote scores."""
    settings = vote_settings_for(step)
    rule = PABULIB_RULES.get(settings.tally_rule, settings.tally_rule)
    meta: list[tuple[str, str]] = [
        ("description", step.process.title),
        ("country", "France"),
        ("unit", step.organization.name),
        ("instance", str(step.starts_at.year)),
        ("language", django_settings.LANGUAGE_CODE[:2]),
        ("currency", "EUR"),
        ("date_begin", step.starts_at.strftime("%d.%m.%Y")),
        ("date_end", step.ends_at.strftime("%d.%m.%Y")),
    ]
    if count.district is not None:
        meta.append(("district", count.district.name))
    if settings.tally_threshold:
        rule = "greedy-threshold" if rule == "greedy" else rule
        meta.append(("min_project_score_threshold", str(settings.tally_threshold)))
    meta.append(("rule", rule))
    if settings.kind != vote_rules.POINTS:
        meta.append(("min_length", str(settings.min_choices)))
    if settings.max_choices:
        meta.append(("max_length", str(settings.max_choices)))
    if settings.kind == vote_rules.BUDGET and count.instance.budget:
        meta.append(("max_sum_cost", str(count.instance.budget)))
    if settings.kind == vote_rules.POINTS and settings.points:
        meta.append(("max_sum_points", str(settings.points)))
    if settings.kind == vote_rules.POINTS and settings.max_points_per_proposal:
        meta.append(("max_points", str(settings.max_points_per_proposal)))
    notes = open_data_notes(count.station_ballots, count.empty_ballots, settings.kind)
    if notes:
        meta.append(("comment", notes))
    return tuple(meta)


def open_data_notes(station_ballots: int, empty_ballots: int, kind: str) -> str:
    """The META comment, in pabulib's "#1: … #2: …" style (English, as the format's)."""
    notes = []
    if station_ballots:
        notes.append(
            f"{station_ballots} paper ballots were counted at polling stations as totals per "
            "project. Totals are not ballots, so these ballots are not in VOTES; the official "
            "winners (selected=1) count them, so they are not determined by this file alone. "
            "The totals per polling station are published beside this file."
        )
    if empty_ballots:
        notes.append(f"{empty_ballots} ballots naming no project of this ballot are not in VOTES.")
    if kind == vote_rules.RANKED:
        notes.append(
            "Ranked ballots: rank 1 of k scores k points (k = max_length, else the longest "
            "ballot), then the greedy rule."
        )
    return " ".join(f"#{index}: {note}" for index, note in enumerate(notes, start=1))


def _open_data_file(step: Step, count: ScopeCount, winners: set[str] | None) -> tally.PabulibFile:
    selected = None
    if winners is not None:
        selected = tuple(
            (project.id, "1" if project.id in winners else "0")
            for project in count.instance.projects
        )
    return tally.PabulibFile(
        instance=count.ballots_instance, meta=open_data_meta(step, count), selected=selected
    )


def pabulib_for(step: Step, district: District | None) -> tally.PabulibFile:
    """The anonymised .pb file of one scope, counted now (`selected` once published): the
    ballots themselves, never the station totals (see the module's docstring)."""
    results = Results.objects.filter(step=step).first()
    winners = {str(pk) for pk in results.winners} if results is not None else None
    return _open_data_file(step, step_instance(step, district), winners)


def _open_data_store(step: Step, count: ScopeCount, winners: set[str]) -> dict[str, Any]:
    """Write a scope's file once, under the organisation's prefix, with a name nobody can
    guess (the file is public through /media/ once its results are published)."""
    data = tally.format_pabulib(_open_data_file(step, count, winners)).encode("utf-8")
    suffix = f"-{count.district.slug}" if count.district is not None else ""
    name = default_storage.save(
        f"{step.organization.slug}/voting/open-data/{step.pk}{suffix}-{secrets.token_hex(16)}.pb",
        ContentFile(data),
    )
    return {
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "ballots": count.individual,
        "station_ballots": count.station_ballots,
    }


def open_data_of(
    step: Step, results: Results, district: District | None, *, missing: bool = False
) -> dict[str, Any] | None:
    """The stored open-data file of one scope (`_open_data_store`'s dict).

    Results published before files were stored (or whose file is `missing` from the storage)
    get them now, once: the first request writes every scope's file under a lock on the
    results row, and requests arriving meanwhile get None (try again later) instead of
    counting the ballots a second time."""
    key = district.pk if district is not None else None
    scope = next((s for s in results.figures.get("scopes", []) if s["district"] == key), None)
    if scope is None:
        return None
    if "open_data" in scope and not missing:
        return dict(scope["open_data"])
    by_pk = {d.pk: d for d in ballot_districts(step)}
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = (
                Results.objects.select_for_update(skip_locked=True).filter(pk=results.pk).first()
            )
            if locked is None:
                return None  # another request is writing them
            winners = {str(pk) for pk in locked.winners}
            for stored in locked.figures.get("scopes", []):
                if "open_data" in stored and not (missing and stored["district"] == key):
                    continue
                count = step_instance(step, by_pk.get(stored["district"]))
                stored["open_data"] = _open_data_store(step, count, winners)
                written.append(stored["open_data"]["name"])
            locked.save(update_fields=["figures"])
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    results.figures = locked.figures
    return open_data_of(step, results, district)
