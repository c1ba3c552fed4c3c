"""A votation on the agreement with the neighbouring town: yes, no, blank; running now unless
a test moves it before or after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tessera.organizations.models import Organization
from tessera.processes.models import Process, Step
from tessera.votations.models import Answer, VotationSettings
from tessera.votations.services import settings_save
from tests.factories import ProcessFactory, StepFactory

PHASES = {"before": (5, 10), "during": (-5, 5), "after": (-10, -5)}


@dataclass
class Votation:
    step: Step
    settings: VotationSettings
    answers: list[Answer]

    def url(self) -> str:
        return self.step.get_absolute_url()

    def vote_url(self) -> str:
        return f"{self.url()}votation/vote/"

    def results_url(self) -> str:
        return f"{self.url()}votation/results/"

    def answer(self, label: str) -> Answer:
        """An answer by its label; "blank" is the blank vote (its label is translated)."""
        return next(
            a for a in self.answers if a.label == label or (a.is_blank and label == "blank")
        )


@pytest.fixture
def process(organization: Organization) -> Process:
    return ProcessFactory(organization=organization, slug="accord", title="Accord 2026")


def votation_in(
    process: Process,
    phase: str = "during",
    answers: tuple[str, ...] = ("Oui", "Non"),
    blank: bool = True,
    **fields: Any,
) -> Votation:
    start, end = PHASES[phase]
    now = timezone.now()
    step = StepFactory(
        process=process,
        kind="votation",
        title="Votation sur l'accord",
        starts_at=now + timedelta(days=start),
        ends_at=now + timedelta(days=end),
    )
    settings = VotationSettings(
        organization=process.organization,
        step=step,
        question="Approuvez-vous l'accord ?",
        **fields,
    )
    settings_save(settings=settings, answers=list(answers), blank=blank)
    return Votation(step, settings, list(settings.answers.all()))


def close(v: Votation) -> Votation:
    Step.objects.filter(pk=v.step.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    v.step = Step.objects.get(pk=v.step.pk)
    v.settings = VotationSettings.objects.get(pk=v.settings.pk)
    return v


@pytest.fixture
def votation(process: Process) -> Votation:
    return votation_in(process)
