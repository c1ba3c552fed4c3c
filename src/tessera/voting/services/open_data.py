"""The open-data file (pabulib, one per ballot scope): the ballots themselves only. Station
totals are not ballots, so they are left out of it, said so in its META `comment`, and
published apart (the stations' CSV). It is written once, at publication, to the storage under
the organisation's prefix; downloads read that file and never count the ballots again.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from tessera.organizations.models import District
from tessera.processes.models import Step
from tessera.voting import ballot_rules as vote_rules
from tessera.voting import tally
from tessera.voting.figures import OpenDataFile, figures_checked, figures_of
from tessera.voting.models import (
    Results,
)
from tessera.voting.selectors import (
    ballot_districts,
    vote_settings_for,
)
from tessera.voting.services.counting import ScopeCount, step_instance
from tessera.voting.tally.pabulib import PABULIB_RULES


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


def open_data_store(step: Step, count: ScopeCount, winners: set[str]) -> OpenDataFile:
    """Write a scope's file once, under the organisation's prefix, with a name nobody can
    guess (the file is public through /media/ once its results are published)."""
    data = tally.format_pabulib(
        _open_data_file(step, count, winners), one_row_per_voter=True
    ).encode("utf-8")
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
) -> OpenDataFile | None:
    """The stored open-data file of one scope (`_open_data_store`'s dict).

    Results published before files were stored (or whose file is `missing` from the storage)
    get them now, once: the first request writes every scope's file under a lock on the
    results row, and requests arriving meanwhile get None (try again later) instead of
    counting the ballots a second time."""
    key = district.pk if district is not None else None
    scope = next((s for s in figures_of(results)["scopes"] if s["district"] == key), None)
    if scope is None:
        return None
    if "open_data" in scope and not missing:
        return scope["open_data"]
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
            figures = figures_of(locked)
            for stored in figures["scopes"]:
                if "open_data" in stored and not (missing and stored["district"] == key):
                    continue
                scope_district = stored["district"]
                count = step_instance(step, by_pk[scope_district] if scope_district else None)
                stored["open_data"] = open_data_store(step, count, winners)
                written.append(stored["open_data"]["name"])
            locked.figures = figures_checked(figures)
            locked.save(update_fields=["figures"])
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    results.figures = locked.figures
    return open_data_of(step, results, district)
