"""Factories of the contributions app (kept beside its tests)."""

from __future__ import annotations

import factory
from django.utils import timezone

from tessera.contributions.models import Contribution


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    organization = factory.SelfAttribute("step.organization")
    kind = "proposal"
    created_at = factory.LazyFunction(timezone.now)
