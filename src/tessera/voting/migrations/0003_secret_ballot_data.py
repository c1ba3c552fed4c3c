"""The secret ballot, step 2 of 3: split each ballot into a participation and a ballot.

Forward, per step: every ballot gives a participation (its voter or code, channel, time) and
a new ballot row with a random id and the same choices; the two lists are written in two
independent random orders, so that neither the ids nor the order of the rows pair them up.
A ballot keeps the keyed reference of its participation only where its voter may still change
it (an account, a step whose ballots can change, results not published).

Backward: a ballot found again through its reference gets its voter, codes and time back;
the others come back without a voter (paper or online as recorded, submitted at the time of
the migration), since nothing links them to anyone any more: that is the point of the
forward migration and cannot be undone. Voting and census codes stay used.
"""

import random
from collections import defaultdict
from typing import Any

from django.db import migrations
from django.utils import timezone
from django_scopes import scopes_disabled

from tessera.voting.models import random_id
from tessera.voting.secrecy import ballot_reference, ballot_references

BATCH = 2000


def split(apps: Any, schema_editor: Any) -> None:
    Ballot = apps.get_model("voting", "Ballot")
    BallotChoice = apps.get_model("voting", "BallotChoice")
    Participation = apps.get_model("voting", "Participation")
    VoteSettings = apps.get_model("voting", "VoteSettings")
    Results = apps.get_model("voting", "Results")
    shuffle = random.SystemRandom().shuffle
    with scopes_disabled():
        fixed = set(
            VoteSettings.objects.filter(ballot_changeable=False).values_list("step_id", flat=True)
        ) | set(Results.objects.values_list("step_id", flat=True))
        for step_id in Ballot.objects.values_list("step_id", flat=True).distinct():
            old = list(
                Ballot.objects.filter(step_id=step_id, submitted_at__isnull=False).values(
                    "id",
                    "organization_id",
                    "district_id",
                    "voter_id",
                    "is_paper",
                    "census_code_id",
                    "voting_code_id",
                    "submitted_at",
                )
            )
            choices = defaultdict(list)
            for start in range(0, len(old), BATCH):
                chunk = [row["id"] for row in old[start : start + BATCH]]
                for choice in BallotChoice.objects.filter(ballot_id__in=chunk).values(
                    "ballot_id", "proposal_id", "rank", "points"
                ):
                    choices[choice["ballot_id"]].append(choice)
            shuffle(old)
            participations = Participation.objects.bulk_create(
                [
                    Participation(
                        organization_id=row["organization_id"],
                        step_id=step_id,
                        district_id=row["district_id"],
                        voter_id=row["voter_id"],
                        channel=_channel(row),
                        census_code_id=row["census_code_id"],
                        voting_code_id=row["voting_code_id"],
                        voted_at=row["submitted_at"],
                    )
                    for row in old
                ],
                batch_size=BATCH,
            )
            pairs = list(zip(old, participations, strict=True))
            shuffle(pairs)
            ballots, new_choices = [], []
            for row, participation in pairs:
                linked = row["voter_id"] is not None and step_id not in fixed
                ballot = Ballot(
                    id=random_id(),
                    organization_id=row["organization_id"],
                    step_id=step_id,
                    district_id=row["district_id"],
                    channel=_channel(row),
                    reference=ballot_reference(participation.pk) if linked else None,
                )
                ballots.append(ballot)
                new_choices += [
                    BallotChoice(
                        id=random_id(),
                        organization_id=row["organization_id"],
                        ballot_id=ballot.id,
                        proposal_id=choice["proposal_id"],
                        rank=choice["rank"],
                        points=choice["points"],
                    )
                    for choice in choices[row["id"]]
                ]
            shuffle(new_choices)
            Ballot.objects.bulk_create(ballots, batch_size=BATCH)
            BallotChoice.objects.bulk_create(new_choices, batch_size=BATCH)
            _delete(Ballot, BallotChoice, [row["id"] for row in old])


def join(apps: Any, schema_editor: Any) -> None:
    Ballot = apps.get_model("voting", "Ballot")
    Participation = apps.get_model("voting", "Participation")
    now = timezone.now()
    with scopes_disabled():
        for step_id in Participation.objects.values_list("step_id", flat=True).distinct():
            by_reference = {}
            for participation in Participation.objects.filter(step_id=step_id):
                for reference in ballot_references(participation.pk):
                    by_reference[reference] = participation
            ballots = list(Ballot.objects.filter(step_id=step_id))
            for ballot in ballots:
                participation = by_reference.get(ballot.reference or "")
                ballot.is_paper = ballot.channel == "paper"
                ballot.submitted_at = participation.voted_at if participation else now
                if participation is not None:
                    ballot.voter_id = participation.voter_id
                    ballot.census_code_id = participation.census_code_id
                    ballot.voting_code_id = participation.voting_code_id
            Ballot.objects.bulk_update(
                ballots,
                ["is_paper", "submitted_at", "voter_id", "census_code_id", "voting_code_id"],
                batch_size=BATCH,
            )
        Participation.objects.all().delete()


def _channel(row: dict[str, Any]) -> str:
    if row["is_paper"]:
        return "paper"
    return "code" if row["voting_code_id"] is not None else "online"


def _delete(Ballot: Any, BallotChoice: Any, ids: list[int]) -> None:
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        BallotChoice.objects.filter(ballot_id__in=chunk).delete()
        Ballot.objects.filter(id__in=chunk).delete()


class Migration(migrations.Migration):
    dependencies = [("voting", "0002_participation")]

    operations = [migrations.RunPython(split, join)]
