"""Factories of the follow-up tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from tessera.followup.models import NewsPost, Realisation
from tessera.proposals.statuses import ProposalStatus
from tests.factories import StepFactory
from tests.proposals.factories import ProposalFactory


class FollowupStepFactory(StepFactory):
    """A follow-up step that started after the vote and runs for a year."""

    kind = "followup"
    title = "Réalisation des projets"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=365))


class RealisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Realisation

    step = factory.SubFactory(FollowupStepFactory)
    process = factory.SelfAttribute("step.process")
    organization = factory.SelfAttribute("step.organization")
    proposal = factory.SubFactory(
        ProposalFactory,
        organization=factory.SelfAttribute("..organization"),
        step__process=factory.SelfAttribute("...process"),
        step__organization=factory.SelfAttribute("...organization"),
        status=ProposalStatus.WINNER,
        estimated_cost=40_000,
    )
    title = factory.SelfAttribute("proposal.title")
    theme = factory.SelfAttribute("proposal.theme")
    budget_voted = factory.SelfAttribute("proposal.estimated_cost")


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    realisation = factory.SubFactory(RealisationFactory)
    organization = factory.SelfAttribute("realisation.organization")
    title = factory.Sequence(lambda n: f"Nouvelle {n}")
    body = "Les travaux **avancent**."
    body_html = "<p>Les travaux <strong>avancent</strong>.</p>"
