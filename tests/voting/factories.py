"""Factories of the voting tests."""

from __future__ import annotations

import factory

from tessera.voting.models import VoteSettings
from tests.factories import StepFactory


class VoteStepFactory(StepFactory):
    kind = "vote"
    title = "Vote"


class VoteSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoteSettings

    step = factory.SubFactory(VoteStepFactory)
    organization = factory.SelfAttribute("step.organization")
    kind = "budget"
    budget = 100_000
