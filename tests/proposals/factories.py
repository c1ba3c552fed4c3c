"""Factories of the proposals app (kept beside its tests)."""

from __future__ import annotations

import factory

from tessera.proposals.models import CollectSettings, Proposal
from tests.contributions.factories import ContributionFactory
from tests.factories import StepFactory, ThemeFactory, UserFactory


class CollectStepFactory(StepFactory):
    kind = "collect"


class CollectSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectSettings

    step = factory.SubFactory(CollectStepFactory)
    organization = factory.SelfAttribute("step.organization")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    step = factory.SubFactory(CollectStepFactory)
    organization = factory.SelfAttribute("step.organization")
    author = factory.SubFactory(UserFactory, organization=factory.SelfAttribute("..organization"))
    title = factory.Sequence(lambda n: f"Proposition numéro {n}")
    description = "Une description assez longue pour être acceptée par le formulaire."
    description_html = "<p>Une description assez longue pour être acceptée.</p>"
    theme = factory.SubFactory(ThemeFactory, organization=factory.SelfAttribute("..organization"))
    # The row every proposal owns: pass contribution__state="hidden", contribution__positive_count…
    contribution = factory.SubFactory(
        ContributionFactory,
        step=factory.SelfAttribute("..step"),
        author=factory.SelfAttribute("..author"),
        kind="proposal",
    )
