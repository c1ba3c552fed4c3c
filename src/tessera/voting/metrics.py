"""The vote's figures on the operator's metrics page (core.metrics)."""

from __future__ import annotations

from django.utils import timezone

from tessera.core import metrics
from tessera.processes.models import Step
from tessera.voting.models import Participation


def ballots_last_hour() -> float:
    # Participations, which carry the time; ballots carry none (the secret ballot).
    return float(Participation.objects.filter(voted_at__gte=metrics.hour_ago()).count())


def open_votes() -> float:
    now = timezone.now()
    return float(Step.objects.filter(kind="vote", starts_at__lte=now, ends_at__gt=now).count())


def register() -> None:
    metrics.register(
        "tessera_ballots_last_hour", "Ballots cast in the last hour.", ballots_last_hour
    )
    metrics.register("tessera_open_votes", "Vote steps open now.", open_votes)
