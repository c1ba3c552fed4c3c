"""The vote's commands: import_pabulib into the right ballot, checked with the step's rules."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tessera.accounts.models import User
from tessera.organizations.models import District, Theme
from tessera.processes.models import Process, Step
from tessera.proposals.models import Proposal
from tessera.voting.models import Ballot, BallotChoice, Participation, Results
from tessera.voting.services.results import results_publish
from tests.voting.conftest import eligible, vote_step_in
from tests.voting.test_results import cast

pytestmark = pytest.mark.django_db


def pb_file(
    tmp_path: Path,
    proposals: list[Proposal],
    votes: list[str],
    *,
    meta: str = "",
    vote_type: str = "approval",
) -> str:
    """A .pb file naming `proposals` by id; each vote lists indexes into `proposals`."""
    projects = "\n".join(f"{p.pk};{p.estimated_cost};{p.title}" for p in proposals)
    rows = "\n".join(
        f"{n};{','.join(str(proposals[int(i)].pk) for i in vote.split(',') if i)}"
        for n, vote in enumerate(votes, start=1)
    )
    path = tmp_path / "ballots.pb"
    path.write_text(
        f"META\nkey;value\nbudget;100000\nvote_type;{vote_type}\n{meta}"
        f"PROJECTS\nproject_id;cost;name\n{projects}\nVOTES\nvoter_id;vote\n{rows}\n",
        encoding="utf-8",
    )
    return str(path)


def run(*args: str) -> str:
    """The summary, the last line after the progress lines."""
    out = io.StringIO()
    call_command("import_pabulib", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture
def district_step(process: Process) -> Step:
    return vote_step_in(process, "after", scope="district", budget=100_000)


@pytest.fixture
def local(collect_step: Step, theme: Theme, district: District) -> list[Proposal]:
    return [eligible(collect_step, theme, cost, district=district) for cost in (30_000, 20_000)]


def test_a_district_only_step_imports_into_the_district_named(
    tmp_path: Path, district_step: Step, district: District, local: list[Proposal]
) -> None:
    path = pb_file(tmp_path, local, ["0", "0,1", "1"])
    assert run(path, str(district_step.pk), "--district", district.slug) == (
        f"3 ballots imported into {district.name}"
    )
    assert Ballot.objects.filter(step=district_step, district=district).count() == 3
    assert Participation.objects.filter(step=district_step, district=district).count() == 3
    results = results_publish(step=district_step, published_by=None)
    assert set(results.winners) == {local[0].pk, local[1].pk}  # counted, not lost


def test_the_district_can_be_named_by_id_or_by_the_file_s_meta(
    tmp_path: Path, district_step: Step, district: District, local: list[Proposal]
) -> None:
    path = pb_file(tmp_path, local, ["0"])
    assert run(path, str(district_step.pk), "--district", str(district.pk)).startswith("1 ")
    named = pb_file(tmp_path, local, ["1"], meta=f"district;{district.name}\n")
    assert run(named, str(district_step.pk)) == f"1 ballots imported into {district.name}"
    assert Ballot.objects.filter(step=district_step, district=district).count() == 2


def test_a_ballot_the_step_does_not_have_is_refused_clearly(
    tmp_path: Path, district_step: Step, local: list[Proposal]
) -> None:
    path = pb_file(tmp_path, local, ["0"])
    with pytest.raises(CommandError, match="par quartier"):
        run(path, str(district_step.pk))
    with pytest.raises(CommandError, match="nowhere"):
        run(path, str(district_step.pk), "--district", "nowhere")
    assert not Ballot.objects.exists()


def test_ballots_that_break_the_step_s_rules_are_refused_and_counted(
    tmp_path: Path, process: Process, proposals: list[Proposal]
) -> None:
    step = vote_step_in(process, "after", budget=70_000, min_choices=1)
    # 60 000 + 30 000 is over the 70 000 € envelope; an empty ballot has too few choices.
    path = pb_file(tmp_path, proposals, ["0", "0,1", "", "2,3"])
    assert run(path, str(step.pk)) == (
        "2 ballots imported into the process-wide ballot; "
        "2 refused by the step's rules (budget: 1, min_choices: 1)"
    )
    assert Ballot.objects.filter(step=step).count() == 2
    assert run(path, str(step.pk), "--no-validate").startswith("4 ballots imported")
    assert BallotChoice.objects.filter(ballot__step=step).count() == 3 + 5


def test_a_file_of_another_ballot_kind_is_refused(
    tmp_path: Path, process: Process, proposals: list[Proposal]
) -> None:
    ranked = vote_step_in(process, "after", kind="ranked", max_choices=3, tally_rule="ranked")
    with pytest.raises(CommandError, match="approval"):
        run(pb_file(tmp_path, proposals, ["0,1"]), str(ranked.pk))
    ordinal = pb_file(tmp_path, proposals, ["2,0", "1"], vote_type="ordinal")
    assert run(ordinal, str(ranked.pk)).startswith("2 ballots imported")
    ranks = sorted(
        BallotChoice.objects.filter(ballot__step=ranked).values_list("proposal_id", "rank")
    )
    assert ranks == sorted([(proposals[2].pk, 1), (proposals[0].pk, 2), (proposals[1].pk, 1)])


def test_a_published_step_takes_no_more_ballots(
    tmp_path: Path, process: Process, proposals: list[Proposal], manager: User
) -> None:
    step = vote_step_in(process, "after", budget=70_000)
    cast(step, (1, [proposals[0]]))
    results_publish(step=step, published_by=manager)
    with pytest.raises(CommandError, match="publi"):
        run(pb_file(tmp_path, proposals, ["1"]), str(step.pk))
    assert Results.objects.get(step=step).figures["turnout"]["ballots"] == 1
    assert Ballot.objects.filter(step=step).count() == 1


def test_a_district_file_exported_then_imported_keeps_its_district(
    tmp_path: Path,
    process: Process,
    district_step: Step,
    district: District,
    local: list[Proposal],
) -> None:
    cast(district_step, (2, [local[0]]), (1, local), district=district)
    out = tmp_path / "export.pb"
    call_command(
        "export_pabulib",
        str(district_step.pk),
        "--district",
        district.slug,
        "-o",
        str(out),
        stderr=io.StringIO(),
    )
    other = vote_step_in(process, "after", scope="district", budget=100_000)
    assert run(str(out), str(other.pk)) == f"3 ballots imported into {district.name}"
    assert Ballot.objects.filter(step=other, district=district).count() == 3
