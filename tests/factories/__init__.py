"""factory-boy factories for the models every test needs."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from tessera.accounts.models import Role, Service, User
from tessera.organizations.models import District, Host, Organization, Theme
from tessera.processes.models import Process, Step, Visibility


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Ville {n}")
    slug = factory.Sequence(lambda n: f"ville-{n}")


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Host

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"site{n}.example")
    is_primary = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Personne {n}")
    role = Role.RESIDENT
    email_verified = True
    terms_accepted_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password("correct horse battery staple")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Démarche {n}")
    slug = factory.Sequence(lambda n: f"demarche-{n}")
    summary = "Une démarche pour tester."
    description = "Une **description**."
    description_html = "<p>Une <strong>description</strong>.</p>"
    visibility = Visibility.PUBLIC
    is_published = True


class StepFactory(factory.django.DjangoModelFactory):
    """A step running now by default; pass starts_at/ends_at for another phase."""

    class Meta:
        model = Step

    process = factory.SubFactory(ProcessFactory)
    organization = factory.SelfAttribute("process.organization")
    kind = "presentation"
    title = factory.Sequence(lambda n: f"Étape {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
